"""Calibration maths on fixed numbers, the figures from stored judgements, and blind
calibration sessions (nobody sees another coach's scores until all have submitted)."""

import pytest
from scipy.stats import spearmanr

from trainer.extensions import db
from trainer.models import PracticeSession, ScoreJudgement, User
from trainer.review import blind, judgements
from trainer.review.calibration import Agreement, behind, calibrate, latest_judgements, spearman
from trainer.review.calibration import to_label as label
from trainer.review.errors import BadReview, ReviewConflict


@pytest.mark.parametrize("score, expected", [(0, 1), (19.9, 1), (20, 2), (39, 2), (40, 3),
                                             (69.5, 3), (70, 4), (84, 4), (85, 5), (100, 5)])
def test_scores_read_as_gold_labels(score, expected):
    assert label(score) == expected


@pytest.mark.parametrize("xs, ys", [
    ([10, 20, 30, 40], [1, 3, 2, 4]), ([5, 5, 7, 9, 9], [1, 2, 2, 3, 8]),
    ([90, 10, 40, 40, 60, 75], [70, 20, 40, 55, 55, 90])])
def test_spearman_matches_scipy_with_ties(xs, ys):
    assert spearman(xs, ys) == pytest.approx(spearmanr(xs, ys).statistic)


def test_spearman_is_none_when_a_side_never_varies():
    assert spearman([50, 50, 50], [10, 20, 30]) is None
    assert spearman([1], [2]) is None


def test_agreement_on_fixed_numbers():
    a = Agreement.of([10, 50, 90, 30], [20, 50, 70, 85])
    assert a.n == 4
    assert a.mad == pytest.approx((10 + 0 + 20 + 55) / 4)
    # labels 1/2, 3/3, 5/4 and 2/5: three of four within one point
    assert a.within_one == pytest.approx(0.75)
    assert a.bias == pytest.approx((10 + 0 - 20 + 55) / 4)
    assert a.rho == pytest.approx(0.4)
    empty = Agreement.of([], [])
    assert (empty.n, empty.mad, empty.rho, empty.within_one) == (0, None, None, None)


@pytest.fixture
def scored(app, uid, extra_users, play):
    """A finished session with coach and other_coach judging turns 0-2 (empathy) with fixed
    numbers; other_coach judges through a blind calibration session."""
    app.config["WTF_CSRF_ENABLED"] = False
    session_id = play("trainee")
    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        coach, other = db.session.get(User, uid("coach")), db.session.get(
            User, extra_users["other_coach"])
        calibration = blind.create_calibration(coach, session_id, [coach.id, other.id])
        engine = [session.turns[i].scorecard["scores"]["empathy"] for i in range(3)]
        for i, (mine, theirs) in enumerate([(10, 30), (50, 50), (90, 60)]):
            judgements.override_scores(session, coach, {"empathy": mine}, "fixed", i,
                                       calibration=calibration)
            judgements.override_scores(session, other, {"empathy": theirs}, "fixed", i,
                                       calibration=calibration)
        return {"session": session_id, "calibration": calibration.id, "engine": engine,
                "coach": coach.id, "other": other.id}


def test_blind_records_count_only_once_every_coach_submitted(app, scored):
    with app.app_context():
        assert latest_judgements(None) == []
        calibration = blind.calibration_for(scored["calibration"],
                                            db.session.get(User, scored["coach"]))
        blind.submit(calibration, db.session.get(User, scored["coach"]))
        assert latest_judgements(None) == []
        blind.submit(calibration, db.session.get(User, scored["other"]))
        figures = calibrate(latest_judgements(None))
    engine = scored["engine"]
    expected = Agreement.of(engine * 2, [10, 50, 90, 30, 50, 60])
    got = figures.engine["empathy"]
    assert (got.n, got.mad, got.bias) == (6, pytest.approx(expected.mad),
                                          pytest.approx(expected.bias))
    assert figures.engine["calmness"].n == 0
    [(a, b, pair)] = figures.pairs
    assert {a.id, b.id} == {scored["coach"], scored["other"]}
    assert (pair.n, pair.mad) == (3, pytest.approx((20 + 0 + 30) / 3))
    assert pair.rho == pytest.approx(spearmanr([10, 50, 90], [30, 50, 60]).statistic)
    by_coach = {u.id: (e, o) for u, e, o in figures.coaches}
    assert by_coach[scored["coach"]][1].mad == pytest.approx((20 + 0 + 30) / 3)


def test_the_latest_judgement_of_each_coach_counts(app, scored):
    with app.app_context():
        coach = db.session.get(User, scored["coach"])
        calibration = blind.calibration_for(scored["calibration"], coach)
        session = db.session.get(PracticeSession, scored["session"])
        judgements.override_scores(session, coach, {"empathy": 70}, "second thoughts", 2,
                                   calibration=calibration)
        for who in (scored["coach"], scored["other"]):
            blind.submit(calibration, db.session.get(User, who))
        figures = calibrate(latest_judgements(None))
        rows, total = behind(latest_judgements(None), "empathy", against="coaches")
    [(_a, _b, pair)] = figures.pairs
    assert pair.mad == pytest.approx((20 + 0 + 10) / 3)
    assert [r["gap"] for r in rows] == [20, 10, 0]  # biggest disagreement first
    assert rows[0]["turn"].index == 0


def test_a_blind_reviewer_sees_neither_the_others_scores_nor_notes(app, scored, login_as,
                                                                    extra_users):
    with app.app_context():
        session = db.session.get(PracticeSession, scored["session"])
        other = db.session.get(User, scored["other"])
        calibration = blind.calibration_for(scored["calibration"], other)
        from trainer.review.comments import add_comment

        add_comment(session, other, "A private note of Odie", 0, calibration=calibration)
    page = login_as("coach").get(f"/coach/calibration/{scored['calibration']}")
    html = page.get_data(as_text=True)
    assert "Blind calibration review" in html and "A private note of Odie" not in html
    assert "by Odie Other" not in html and "by Casey Coach" in html
    # the trainee's own page and the open review show none of it either
    trainee = login_as("trainee").get(f"/practice/sessions/{scored['session']}/scorecard")
    assert "A private note of Odie" not in trainee.get_data(as_text=True)
    card = login_as("coach").get(f"/api/v1/sessions/{scored['session']}").get_json()
    assert card["coach_changed"] == [] and all(t["coach_changed"] == [] for t in card["turns"])


def test_submitting_closes_ones_part_and_opens_the_comparison_at_the_end(app, scored,
                                                                         login_as):
    coach = login_as("coach")
    url = f"/coach/calibration/{scored['calibration']}"
    assert coach.post(f"{url}/submit").status_code == 302
    waiting = coach.get(url).get_data(as_text=True)
    assert "opens once every coach has submitted" in waiting and "Spread" not in waiting
    late = coach.post(f"{url}/overrides", data={"turn": "0", "dimension": "empathy",
                                                "score": "1", "reason": "late"})
    assert late.status_code == 409
    with app.app_context():
        blind.submit(blind.calibration_for(scored["calibration"],
                                           db.session.get(User, scored["other"])),
                     db.session.get(User, scored["other"]))
    done = coach.get(url).get_data(as_text=True)
    assert "Spread" in done and "Odie Other" in done
    figures = coach.get("/api/v1/calibration").get_json()
    assert figures["engine_vs_coach"]["empathy"]["n"] == 6
    assert figures["coach_pairs"][0]["mean_abs_diff"] == pytest.approx(50 / 3, abs=0.01)
    answers = coach.get("/coach/calibration/answers?against=coaches").get_data(as_text=True)
    assert f"/coach/sessions/{scored['session']}#turn-0" in answers


def test_starting_a_calibration_session_checks_its_coaches(app, uid, play, extra_users):
    session_id = play("trainee")
    with app.app_context():
        coach = db.session.get(User, uid("coach"))
        with pytest.raises(BadReview, match="at least 2"):
            blind.create_calibration(coach, session_id, [coach.id])
        with pytest.raises(BadReview, match="active coach"):
            blind.create_calibration(coach, session_id, [coach.id, uid("qa")])
        with pytest.raises(BadReview, match="user ids"):
            blind.create_calibration(coach, session_id, ["two"])
        calibration = blind.create_calibration(coach, session_id,
                                               [coach.id, extra_users["other_coach"]])
        with pytest.raises(BadReview, match="at least one"):
            blind.submit(calibration, coach)
        with pytest.raises(ReviewConflict, match="not a reviewer"):
            judgements.confirm_scores(db.session.get(PracticeSession, session_id),
                                      db.session.get(User, uid("admin")), None, 0,
                                      calibration=calibration)
        assert db.session.query(ScoreJudgement).count() == 0


def test_a_blind_form_error_names_the_problem(app, scored, login_as):
    response = login_as("coach").post(f"/coach/calibration/{scored['calibration']}/overrides",
                                      data={"turn": "1", "dimension": "empathy",
                                            "score": "150", "reason": "x"})
    assert response.status_code == 400
    assert "must be from 0 to 100" in response.get_data(as_text=True)
