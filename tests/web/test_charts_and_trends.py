"""The SVG charts (laid out in Python, no script, no inline style), the trend figures on
fixed numbers, and the dashboard, trainee and queue pages that show them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string
from review_data import attempt

from trainer.charts import Series, line_chart
from trainer.extensions import db
from trainer.models import PracticeSession, User
from trainer.review.trends import Filters, Point, TraineeTrend, trainee_trends, weekly_means

T0 = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday


def test_a_chart_maps_time_and_scores_onto_the_plot():
    chart = line_chart([Series("Empathy", [(T0, 0), (T0 + timedelta(days=14), 100)],
                               key="empathy"),
                        Series("Calmness", [(T0 + timedelta(days=7), 50)], key="calmness")],
                       chart_id="c", title="Scores", desc="Two series")
    empathy, calmness = chart.lines
    (x0, y0), (x1, y1) = [(d.x, d.y) for d in empathy.dots]
    assert (x0, y0) == (chart.left, chart.bottom) and (x1, y1) == (chart.right, chart.top)
    [mid] = calmness.dots
    assert mid.x == pytest.approx((chart.left + chart.right) / 2, abs=0.1)
    assert mid.y == pytest.approx((chart.top + chart.bottom) / 2, abs=0.1)
    assert empathy.path.startswith("M") and " L" in empathy.path
    assert mid.label == "Calmness: 50 (2026-03-09)"
    assert [t.label for t in chart.y_ticks] == ["0", "20", "40", "60", "80", "100"]
    assert [t.label for t in chart.x_ticks] == ["Mar 02", "Mar 09", "Mar 16"]  # Mondays
    assert chart.table[1] == ("2026-03-09", ["—", "50"])


def test_long_spans_are_ticked_on_month_starts():
    chart = line_chart([Series("A", [(T0, 10), (T0 + timedelta(days=200), 20)])],
                       chart_id="m", title="t", desc="d")
    assert [t.label for t in chart.x_ticks] == ["Apr 2026", "Jul 2026"]
    years = line_chart([Series("A", [(T0, 10), (T0 + timedelta(days=3000), 20)])],
                       chart_id="y", title="t", desc="d")
    assert [t.label for t in years.x_ticks][:2] == ["2027", "2028"]


def test_a_single_point_and_no_point_are_drawn_sensibly():
    one = line_chart([Series("A", [(T0, 30)])], chart_id="one", title="t", desc="d")
    assert one.lines[0].dots[0].x == pytest.approx((one.left + one.right) / 2)
    assert not one.empty
    none = line_chart([Series("A", [])], chart_id="none", title="t", desc="d")
    assert none.empty
    numbers = line_chart([Series("A", [(1, 10), (3, 20)])], chart_id="n", title="t",
                         desc="d", y_range=(0, 50))
    assert numbers.x_ticks[0].label == "1" and numbers.y_ticks[-1].label == "50"


def test_the_macro_draws_an_accessible_svg_without_script_or_style(app):
    chart = line_chart([Series("Empathy <1>", [(T0, 40), (T0 + timedelta(days=3), 60)],
                               key="empathy")], chart_id="t", title="Team", desc="Means")
    with app.test_request_context():
        html = render_template_string('{% from "charts.html" import line_chart as c %}'
                                      '{{ c(chart) }}', chart=chart)
    assert '<svg class="plot"' in html and 'role="img"' in html
    assert 'aria-labelledby="t-title t-desc"' in html
    assert '<title id="t-title">Team</title>' in html and "<desc id=\"t-desc\">Means" in html
    assert "Empathy &lt;1&gt;" in html and "<script" not in html and "style=" not in html
    assert html.count("<circle") == 2 and "<table>" in html


def point(days, empathy):
    """A finished session at T0 + days with these scores."""
    return Point(T0 + timedelta(days=days), {"empathy": empathy, "positive_language": 60,
                                             "assertiveness": 70, "calmness": 80})


def test_trend_figures_on_fixed_numbers():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 40, 45]
    trend = TraineeTrend(User(email="x@y.z"), sessions=13, finished=12, passed=6,
                         points=[point(d, e) for d, e in enumerate(values)][-10:])
    assert trend.latest("empathy") == 45 and trend.pass_rate == 0.5
    # last five (80, 90, 100, 40, 45) against the five before (30..70)
    assert trend.trend("empathy") == pytest.approx(71 - 50)
    assert trend.weakest == "positive_language"
    short = TraineeTrend(User(email="a@b.c"), points=[point(0, 50), point(1, 70), point(2, 40)])
    assert short.trend("empathy") == pytest.approx(40 - 70)  # one against one
    assert TraineeTrend(User(email="n@b.c")).trend("empathy") is None
    assert TraineeTrend(User(email="n@b.c")).pass_rate is None


def test_totals_recent_sessions_and_weekly_means_come_from_the_database(app, uid):
    with app.app_context():
        trainee = db.session.get(User, uid("trainee"))
        now = datetime.now(UTC)
        for i, (empathy, critical) in enumerate([(10, 0), (20, 1), (30, 0), (40, 0), (50, 0),
                                                 (60, 2), (70, 0), (80, 0), (90, 0), (95, 0),
                                                 (99, 0), (55, 0)]):
            session = attempt(trainee.id, "lost_job", 60 + i, critical=critical,
                              days_ago=(now - T0).days - i * 3.5,
                              scores={**point(0, empathy).scores}, changed=["x"] * (i == 3))
        db.session.commit()
        [trend] = trainee_trends([trainee])
        assert (trend.sessions, trend.finished, trend.critical, trend.coach_changed) == (
            12, 12, 3, 1)
        assert trend.passed == 2  # overall 60 + i: only 70 and 71 reach the mark
        assert [p.scores["empathy"] for p in trend.points] == [30, 40, 50, 60, 70, 80, 90,
                                                                95, 99, 55]
        means = weekly_means([trainee], Filters(), ["empathy"])["empathy"]
        assert means[0] == (T0, 15) and means[1] == (T0 + timedelta(days=7), 35)
        assert [m for _w, m in means[-2:]] == [92.5, 77]  # two sessions a week
        assert session.result_empathy == 55


def test_the_dashboard_and_trainee_page_show_trends_charts_and_filters(app, login_as, play,
                                                                      finish_session, uid):
    finish_session("trainee")
    play("trainee")
    coach = login_as("coach")
    page = coach.get("/coach/").get_data(as_text=True)
    assert "Team north" in page and "Terry Trainee" in page and "Olly Outsider" not in page
    assert 'id="team-chart"' in page and "Certification for live calls" in page
    assert "with a flag to check" in page
    narrowed = coach.get("/coach/?dimension=empathy&scenario=lost_job").get_data(as_text=True)
    assert "series-empathy" in narrowed and "series-calmness" not in narrowed
    notices = coach.get("/coach/?dimension=charm&since=yesterday&scenario=nope&team=999")
    assert notices.status_code == 200
    text = notices.get_data(as_text=True)
    for words in ("no dimension", "like 2026-03-01", "no scenario", "not a team you lead"):
        assert words in text
    trainee = coach.get(f"/coach/trainees/{uid('trainee')}").get_data(as_text=True)
    assert 'id="trainee-chart"' in trainee and "Trends" in trainee and "weakest" in trainee


@pytest.mark.parametrize("path", ["/coach/", "/coach/queue", "/coach/assignments",
                                  "/coach/calibration", "/coach/export",
                                  "/coach/calibration/sessions", "/coach/trainees/{trainee}",
                                  "/coach/sessions/{session}", "/admin/teams",
                                  "/admin/users/{trainee}"])
def test_new_pages_have_no_inline_script_or_style(app, login_as, play, uid, path):
    session_id = play("trainee")
    who = "admin" if path.startswith("/admin") else "coach"
    html = login_as(who).get(path.format(trainee=uid("trainee"), session=session_id)
                             ).get_data(as_text=True)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_the_queue_lists_flagged_sessions_oldest_first_until_reviewed(app, login_as, play):
    app.config["WTF_CSRF_ENABLED"] = False
    older, newer = play("trainee"), play("trainee")
    with app.app_context():
        db.session.get(PracticeSession, older).started_at = datetime.now(UTC) - timedelta(days=2)
        db.session.commit()
    coach = login_as("coach")
    page = coach.get("/coach/queue").get_data(as_text=True)
    assert page.index(f"/coach/sessions/{older}\"") < page.index(f"/coach/sessions/{newer}\"")
    assert "flag to check" in page
    coach.post(f"/coach/sessions/{older}/reviewed")
    page = coach.get("/coach/queue").get_data(as_text=True)
    assert f"/coach/sessions/{older}\"" not in page and f"/coach/sessions/{newer}\"" in page
    everything = coach.get("/coach/queue?reason=unreviewed").get_data(as_text=True)
    assert f"/coach/sessions/{older}\"" not in everything
    bad = coach.get("/coach/queue?reason=whatever").get_data(as_text=True)
    assert "no queue reason" in bad and f"/coach/sessions/{newer}\"" in bad
    assert f"/coach/sessions/{newer}\"" not in login_as("admin").get(
        "/coach/queue?scenario=lost_job").get_data(as_text=True)
