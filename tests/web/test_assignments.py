"""Assignments and certification: who is certified, close, and overdue, on fixed numbers."""

from datetime import UTC, datetime, timedelta

import pytest
from review_data import attempt

from trainer.extensions import db
from trainer.models import Assignment, AuditRecord, PracticeSession, User
from trainer.review.assignments import certification, create_assignment
from trainer.review.errors import BadReview, NotAllowed

NOW = datetime.now(UTC)


def assign(author, scenario, mark, trainee=None, team=None, due_days=7, made_days_ago=10):
    """An assignment made `made_days_ago`, due in `due_days` (negative: past)."""
    row = Assignment(scenario_id=scenario, pass_mark=mark, created_by=author.id,
                     trainee_id=trainee.id if trainee else None,
                     team_id=team.id if team else None,
                     created_at=NOW - timedelta(days=made_days_ago),
                     due_at=NOW + timedelta(days=due_days))
    db.session.add(row)
    return row


@pytest.fixture
def people(app, uid):
    """(coach, trainee) inside an app context."""
    with app.app_context():
        yield db.session.get(User, uid("coach")), db.session.get(User, uid("trainee"))


def test_certified_when_every_assignment_is_passed_cleanly_after_it_was_made(people):
    coach, trainee = people
    assign(coach, "lost_job", 70, team=coach.led_teams[0])
    assign(coach, "stop_calling", 75, trainee=trainee)
    attempt(trainee.id, "lost_job", 90, days_ago=20)  # before the assignment: does not count
    attempt(trainee.id, "lost_job", 72)
    attempt(trainee.id, "stop_calling", 95, critical=1)  # a critical flag: does not count
    attempt(trainee.id, "stop_calling", 74)  # one point short
    db.session.commit()
    cert = certification([trainee])[trainee.id]
    by_scenario = {s.assignment.scenario_id: s for s in cert.statuses}
    assert by_scenario["lost_job"].met and by_scenario["lost_job"].attempts == 1
    assert not by_scenario["stop_calling"].met and by_scenario["stop_calling"].best == 74
    assert by_scenario["stop_calling"].attempts == 2
    assert (cert.certified, cert.close, cert.label) == (False, True, "close")
    attempt(trainee.id, "stop_calling", 75)
    db.session.commit()
    cert = certification([trainee])[trainee.id]
    assert (cert.certified, cert.label) == (True, "certified")


def test_overdue_and_not_close(people):
    coach, trainee = people
    assign(coach, "lost_job", 70, trainee=trainee, due_days=-1)
    attempt(trainee.id, "lost_job", 55)  # 15 short: not close
    db.session.commit()
    cert = certification([trainee])[trainee.id]
    assert cert.label == "overdue" and not cert.close and len(cert.overdue) == 1
    assert certification([coach])[coach.id].label == "no assignments"


def test_a_coachs_override_counts_towards_certification(app, people, play, uid):
    coach, trainee = people
    assign(coach, "stop_calling", 30, trainee=trainee)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = False
    session_id = play("trainee")
    assert not certification([trainee])[trainee.id].certified  # a critical flag
    from trainer.review.judgements import decide_flag
    from trainer.sessions.results import session_flags

    session = db.session.get(PracticeSession, session_id)
    for (turn_id, index), flag in session_flags(session):
        if flag["severity"] == "critical":
            turn = next(t for t in session.turns if t.id == turn_id)
            decide_flag(session, coach, turn.index, index, "dismiss", "not a cease request")
    assert session.critical_flags == 0 and session.result_overall >= 30
    assert certification([trainee])[trainee.id].certified


@pytest.mark.parametrize("change, message", [
    ({"scenario_id": "nowhere"}, "no scenario"), ({"due": "tomorrow"}, "date like"),
    ({"due": "2001-01-01"}, "has passed"), ({"due": ""}, "required"),
    ({"pass_mark": 101}, "from 0 to 100"), ({"pass_mark": "high"}, "a number"),
    ({"team_id": 1}, "one trainee or to one team"),
    ({"trainee_id": None}, "one trainee or to one team"),
])
def test_bad_assignments_are_refused(people, change, message):
    coach, trainee = people
    args = {"scenario_id": "lost_job", "due": "2099-01-01", "pass_mark": 70,
            "trainee_id": trainee.id, **change}
    with pytest.raises(BadReview, match=message):
        create_assignment(coach, **args)
    assert db.session.query(Assignment).count() == 0


def test_only_ones_own_trainees_and_teams(people, uid):
    coach, _trainee = people
    with pytest.raises(NotAllowed):
        create_assignment(coach, "lost_job", "2099-01-01", trainee_id=uid("outsider"))
    south = User.by_email("outsider@example.com").team_record
    with pytest.raises(NotAllowed):
        create_assignment(coach, "lost_job", "2099-01-01", team_id=south.id)
    assert db.session.query(Assignment).count() == 0


def test_assigning_on_the_page_is_audited_and_the_trainee_sees_it(app, login_as, uid):
    app.config["WTF_CSRF_ENABLED"] = False
    coach = login_as("coach")
    with app.app_context():
        north = User.by_email("coach@example.com").led_teams[0].id
    response = coach.post("/coach/assignments", data={
        "scenario": "lost_job", "assignee": f"team:{north}", "due": "2099-03-01",
        "pass_mark": "", "note": "Before live calls"})
    assert response.status_code == 302
    bad = coach.post("/coach/assignments", data={"scenario": "lost_job",
                                                 "assignee": f"team:{north}", "due": "soon"})
    assert bad.status_code == 400 and "date like" in bad.get_data(as_text=True)
    with app.app_context():
        [assignment] = db.session.scalars(db.select(Assignment)).all()
        assert assignment.pass_mark == 70  # the scenario's own
        record = db.session.scalars(db.select(AuditRecord)).one()
        assert record.action == "assignment.create" and record.new_value["team"] == north
    home = login_as("trainee").get("/practice/").get_data(as_text=True)
    assert "Assigned to you" in home and "Before live calls" in home and "2099-03-01" in home
    assert "Assigned to you" not in login_as("outsider").get("/practice/").get_data(as_text=True)
    assert coach.post(f"/coach/assignments/{assignment.id}/delete").status_code == 302
    with app.app_context():
        assert db.session.query(Assignment).count() == 0


def test_a_failed_attempt_at_an_assigned_scenario_is_queued(app, people, login_as):
    coach, trainee = people
    assign(coach, "lost_job", 70, trainee=trainee)
    failed = attempt(trainee.id, "lost_job", 50)
    passed = attempt(trainee.id, "lost_job", 80)
    unassigned = attempt(trainee.id, "credit_question", 10)
    db.session.commit()
    page = login_as("coach").get("/coach/queue?reason=certification").get_data(as_text=True)
    assert f"/coach/sessions/{failed.id}\"" in page
    assert f"/coach/sessions/{passed.id}\"" not in page
    assert f"/coach/sessions/{unassigned.id}\"" not in page
    team = login_as("coach").get("/coach/").get_data(as_text=True)
    assert "failed an assigned scenario" in team
