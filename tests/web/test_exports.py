"""Exports (CSV tables and one JSON document per team and date range) and the command that
writes coach-reviewed answers as gold-set items."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from trainer.extensions import db
from trainer.models import PracticeSession, User
from trainer.review import comments, disputes, judgements
from trainer.review.calibration import to_label
from trainer.scoring.types import Context


@pytest.fixture
def reviewed(app, uid, play):
    """A reviewed, disputed session of the trainee and one of the other team's trainee."""
    session_id = play("trainee")
    outsider = play("outsider")
    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        coach = db.session.get(User, uid("coach"))
        judgements.override_scores(session, coach, {"empathy": 5}, "=HYPERLINK(\"x\")", 2)
        judgements.confirm_scores(session, coach, None, 2)  # all four of answer 2 judged
        judgements.override_scores(session, coach, {"assertiveness": 80}, "clear ask", 2)
        judgements.override_scores(session, coach, {"calmness": 30}, "tense", 1)
        threat = next(i for i, f in enumerate(session.turns[3].scorecard["flags"])
                      if f["code"] == "threat_legal")
        judgements.decide_flag(session, coach, 3, threat, "dismiss", "lawful and intended")
        comments.add_comment(session, coach, "+1 for the opening", 0)
        disputes.open_dispute(session_id, db.session.get(User, uid("trainee")), "calmness",
                              "I was calm", 1)
    return {"session": session_id, "outsider": outsider}


def rows(response) -> list[dict]:
    """A CSV download as dicts."""
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_tables_hold_engine_and_coach_scores_reasons_comments_and_disputes(
        app, reviewed, login_as):
    coach = login_as("coach")
    sessions = rows(coach.get("/coach/export.csv?kind=sessions"))
    assert [int(r["session"]) for r in sessions] == [reviewed["session"]]  # not the outsider
    [session] = sessions
    assert session["trainee"] == "trainee@example.com" and session["team"] == "north"
    assert "flags" in session["coach_changed"].split()
    assert session["engine_overall"] and session["overall"]
    turns = {int(r["turn"]): r for r in rows(coach.get("/coach/export.csv?kind=turns"))}
    assert turns[2]["coach_changed"] == "assertiveness"
    assert float(turns[2]["assertiveness"]) == 80
    assert float(turns[2]["empathy"]) == float(turns[2]["engine_empathy"])  # confirmed again
    assert turns[1]["coach_changed"] == "calmness" and float(turns[1]["calmness"]) == 30
    assert "threat_legal" in turns[3]["flags"]
    overrides = rows(coach.get("/coach/export.csv?kind=overrides"))
    reasons = {(r["turn"], r["dimension"]): r["reason"] for r in overrides}
    assert reasons[("2", "assertiveness")] == "clear ask"
    # a reason a spreadsheet would run as a formula is exported as text
    assert all(not r["reason"].startswith("=") for r in overrides)
    [flag] = rows(coach.get("/coach/export.csv?kind=flags"))
    assert (flag["decision"], flag["reason"]) == ("dismissed", "lawful and intended")
    [comment] = rows(coach.get("/coach/export.csv?kind=comments"))
    assert comment["comment"] == "'+1 for the opening" and comment["coach"] == "coach@example.com"
    [dispute] = rows(coach.get("/coach/export.csv?kind=disputes"))
    assert (dispute["dimension"], dispute["status"]) == ("calmness", "open")
    cert = rows(coach.get("/coach/export.csv?kind=certification"))
    assert {r["trainee"] for r in cert} == {"trainee@example.com"}


def test_the_json_export_nests_everything_per_session(app, reviewed, login_as):
    response = login_as("coach").get("/coach/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    [session] = data["sessions"]
    assert session["session"] == reviewed["session"]
    assert len(session["turns"]) == 4 and session["comments"][0]["turn"] == 0
    assert {o["kind"] for o in session["overrides"]} == {"override", "confirm"}
    assert session["disputes"][0]["reason"] == "I was calm"
    assert session["engine_overall"] is not None and session["overall"] is not None
    admin = login_as("admin").get("/coach/export.json").get_json()
    assert {s["session"] for s in admin["sessions"]} == {reviewed["session"],
                                                         reviewed["outsider"]}


def test_the_date_range_and_team_narrow_the_export(app, reviewed, login_as):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    coach = login_as("coach")
    assert coach.get(f"/coach/export.json?since={tomorrow}").get_json()["sessions"] == []
    assert len(coach.get(f"/coach/export.json?until={tomorrow}").get_json()["sessions"]) == 1
    with app.app_context():
        south = User.by_email("outsider@example.com").team_id
    refused = coach.get(f"/coach/export.json?team={south}")
    assert refused.status_code == 400 and "not a team you lead" in refused.get_data(as_text=True)
    bad = coach.get("/coach/export.csv?kind=everything")
    assert bad.status_code == 400 and "kind one of" in bad.get_data(as_text=True)
    assert coach.get("/coach/export.json?since=last-week").status_code == 400


def test_gold_export_writes_fully_judged_answers_in_the_gold_format(app, reviewed, runner,
                                                                   tmp_path):
    out = tmp_path / "coach.jsonl"
    result = runner.invoke(args=["review", "export-gold", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 reviewed answers exported; 1 skipped" in result.output
    [item] = [json.loads(line) for line in out.read_text().splitlines()]
    with app.app_context():
        turn = db.session.get(PracticeSession, reviewed["session"]).turns[2]
        engine = turn.scorecard["scores"]
    assert item["id"] == f"coach-s{reviewed['session']}-t2" and item["text"] == turn.text
    assert set(item) >= {"id", "text", "situation", "context", "labels", "flags", "split",
                         "starter"}
    assert (item["split"], item["starter"]) == ("train", None)
    # the coach's latest word per dimension: empathy confirmed after its override, 80 is a 4
    assert item["labels"] == {"empathy": to_label(engine["empathy"]), "assertiveness": 4,
                              "positive_language": to_label(engine["positive_language"]),
                              "calmness": to_label(engine["calmness"])}
    # the context was rebuilt by replaying the scenario: verified, and a cease request open
    Context.coerce(item["context"])
    assert item["context"]["debtor_line"] == turn.debtor_line
    assert item["context"]["right_party_verified"] is True
    assert item["situation"] == "angry"
    assert runner.invoke(args=["review", "export-gold", "--team", "north"]).exit_code == 0
    missing = runner.invoke(args=["review", "export-gold", "--team", "nowhere"])
    assert missing.exit_code == 1 and "no team called 'nowhere'" in missing.output


def test_gold_export_leaves_out_dismissed_flags(app, uid, play, runner):
    session_id = play("trainee")
    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        coach = db.session.get(User, uid("coach"))
        flags = session.turns[3].scorecard["flags"]
        judgements.confirm_scores(session, coach, None, 3)
        for i, flag in enumerate(flags):
            if flag["code"] == "threat_legal":
                judgements.decide_flag(session, coach, 3, i, "dismiss", "lawful")
    result = runner.invoke(args=["review", "export-gold"])
    [item] = [json.loads(line) for line in result.stdout.splitlines()]
    codes = {f["code"] for f in flags}
    assert "threat_legal" in codes and set(item["flags"]) == codes - {"threat_legal"}
