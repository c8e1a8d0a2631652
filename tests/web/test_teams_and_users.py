"""Teams as records, team-based visibility, admin user management (audited) and deactivated
users: history kept, login and token refused, sessions still readable to their coach."""

import json

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from trainer import create_app
from trainer.extensions import db
from trainer.models import AuditRecord, PracticeSession, Team, User
from trainer.sessions.service import visible_sessions_query


def test_migration_0004_moves_team_names_into_team_rows(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "t"})
    summary = {"scores": {"empathy": 60, "positive_language": 70, "assertiveness": 50,
                          "calmness": 80}, "overall": 65,
               "flags": [{"code": "threat_legal", "severity": "major", "review": True},
                         {"code": "threat_arrest", "severity": "critical"}],
               "fail_reasons": ["a critical compliance flag was raised"]}
    with app.app_context():
        upgrade(directory=str(app.config["MIGRATIONS_DIR"]), revision="0003_calls_and_audit")
        insert = sa.text("INSERT INTO users (email, name, role, team, password_hash, "
                         "created_at) VALUES (:e, '', :r, :t, '', '2026-01-01')")
        with db.engine.begin() as conn:
            for email, role, team in [("c@x.org", "coach", "north"), ("t@x.org", "trainee",
                                                                       " north "),
                                      ("s@x.org", "trainee", "south"),
                                      ("q@x.org", "qa", None), ("e@x.org", "trainee", "")]:
                conn.execute(insert, {"e": email, "r": role, "t": team})
            conn.execute(sa.text(
                "INSERT INTO practice_sessions (user_id, scenario_id, scenario_title, state, "
                "started_at, finished_at, summary, passed, turn_count) VALUES "
                "(2, 'lost_job', 'x', '{}', '2026-01-01', '2026-01-01', :s, 0, 3)"),
                {"s": json.dumps(summary)})
        upgrade(directory=str(app.config["MIGRATIONS_DIR"]))
        teams = {t.name: t for t in db.session.scalars(db.select(Team))}
        assert set(teams) == {"north", "south"}
        users = {u.email: u for u in db.session.scalars(db.select(User))}
        assert users["t@x.org"].team == "north" and users["s@x.org"].team == "south"
        assert users["q@x.org"].team is None and users["e@x.org"].team is None
        assert [t.name for t in users["c@x.org"].led_teams] == ["north"]
        assert users["c@x.org"].can_view_user(users["t@x.org"])
        assert not users["c@x.org"].can_view_user(users["s@x.org"])
        assert all(u.active for u in users.values())
        session = db.session.get(PracticeSession, 1)
        assert (session.critical_flags, session.flags_to_review) == (1, 2)
        assert session.result["scores"] == summary["scores"] and session.result_overall == 65
        assert session.coach_changed == [] and session.verdict is False
        db.session.remove()
        db.engine.dispose()


def test_users_create_with_a_team_creates_it_and_a_coach_leads_it(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "lead@example.com", "--role",
                                 "coach", "--team", "east", "--password", "long-enough"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["users", "create", "--email", "new@example.com", "--role", "trainee",
                        "--team", "east", "--password", "long-enough"])
    listed = {u["email"]: u for u in json.loads(
        runner.invoke(args=["users", "list", "--json"]).output)}
    assert listed["lead@example.com"]["team"] == "east" == listed["new@example.com"]["team"]
    assert listed["coach@example.com"]["team"] == "north"
    with app.app_context():
        lead = User.by_email("lead@example.com")
        assert [t.name for t in lead.led_teams] == ["east"]
        assert lead.can_view_user(User.by_email("new@example.com"))
        assert not lead.can_view_user(User.by_email("trainee@example.com"))
    too_long = runner.invoke(args=["users", "create", "--email", "x@example.com", "--role",
                                   "trainee", "--team", "t" * 81, "--password", "long-enough"])
    assert too_long.exit_code == 1 and "at most 80" in too_long.output


def test_a_coach_sees_every_team_they_lead_and_only_those(app, uid, start_session):
    mine, theirs = start_session("trainee"), start_session("outsider")
    with app.app_context():
        coach = db.session.get(User, uid("coach"))

        def visible():
            return {s.id for s in db.session.scalars(visible_sessions_query(coach))}

        assert visible() == {mine}
        coach.led_teams.append(Team.named("south"))
        db.session.commit()
        assert visible() == {mine, theirs}
        coach.led_teams = []
        db.session.commit()
        assert visible() == set()  # being a member of north is not leading it


@pytest.fixture
def admin(app, login_as):
    """An admin's client (CSRF off: the forms are what is tested)."""
    app.config["WTF_CSRF_ENABLED"] = False
    return login_as("admin")


def audit(app):
    """(action, old, new) of every audit record, oldest first."""
    with app.app_context():
        return [(r.action, r.old_value, r.new_value) for r in db.session.scalars(
            db.select(AuditRecord).order_by(AuditRecord.id))]


def test_an_admin_edits_role_team_and_leads_and_it_is_audited(app, admin, uid):
    with app.app_context():
        south = Team.named("south").id
    response = admin.post(f"/admin/users/{uid('qa')}", data={
        "name": "Quinn Lead", "role": "coach", "team": "west", "leads": [str(south)]})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, uid("qa"))
        assert (user.name, user.role, user.team) == ("Quinn Lead", "coach", "west")
        assert [t.name for t in user.led_teams] == ["south"]
    [(action, old, new)] = audit(app)
    assert action == "user.update"
    assert old == {"name": "Quinn QA", "role": "qa", "team": None, "leads": []}
    assert new == {"name": "Quinn Lead", "role": "coach", "team": "west", "leads": ["south"]}
    # a role that cannot lead loses its teams
    admin.post(f"/admin/users/{uid('qa')}", data={"name": "Quinn", "role": "trainee",
                                                  "team": "west", "leads": [str(south)]})
    with app.app_context():
        assert db.session.get(User, uid("qa")).led_teams == []


@pytest.mark.parametrize("data, message", [
    ({"role": "boss"}, "Not a valid choice"), ({"team": "t" * 81}, "80"),
    ({"role": "trainee", "self": True}, "your own role"),
    ({"leads": ["999"], "role": "coach"}, "does not exist"),
])
def test_bad_user_edits_are_refused_and_change_nothing(app, admin, uid, data, message):
    target = uid("admin") if data.pop("self", False) else uid("coach")
    with app.app_context():
        before = db.session.get(User, target).to_dict()
    response = admin.post(f"/admin/users/{target}", data={"name": "X", "role": "coach",
                                                          "team": "north", **data})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, target).to_dict() == before
    assert audit(app) == []


def test_deactivated_users_keep_their_history_but_cannot_log_in_or_use_a_token(
        app, admin, client, uid, login_as, bearer, play):
    session_id = play("trainee")
    token = bearer("trainee")
    logged_in = login_as("trainee")
    assert admin.post(f"/admin/users/{uid('admin')}/deactivate").status_code == 400
    assert admin.post(f"/admin/users/{uid('trainee')}/deactivate").status_code == 302
    assert client.get("/api/v1/sessions", headers=token).status_code == 401
    assert logged_in.get("/practice/history").status_code == 302  # the open session ends
    page = client.post("/login", data={"email": "trainee@example.com",
                                       "password": "correct-horse"})
    assert page.status_code == 400 and "deactivated" in page.get_data(as_text=True)
    wrong = client.post("/login", data={"email": "trainee@example.com", "password": "nope"})
    assert "deactivated" not in wrong.get_data(as_text=True)  # no hint without the password
    coach = login_as("coach")
    assert coach.get(f"/coach/sessions/{session_id}").status_code == 200
    assert coach.get(f"/practice/sessions/{session_id}/scorecard").status_code == 200
    assert "deactivated" in coach.get("/coach/").get_data(as_text=True)
    assert admin.post(f"/admin/users/{uid('trainee')}/reactivate").status_code == 302
    assert client.get("/api/v1/sessions", headers=token).status_code == 200
    assert [a for a, _, _ in audit(app)] == ["user.deactivate", "user.reactivate"]


def test_a_password_reset_is_audited_without_the_password(app, admin, client, uid):
    short = admin.post(f"/admin/users/{uid('trainee')}/password", data={"password": "short"})
    assert short.status_code == 400 and "8 to 200" in short.get_data(as_text=True)
    admin.post(f"/admin/users/{uid('trainee')}/password", data={"password": "brand-new-pass"})
    assert client.post("/login", data={"email": "trainee@example.com",
                                       "password": "brand-new-pass"}).status_code == 302
    [(action, old, new)] = audit(app)
    assert action == "user.password_reset" and "brand-new-pass" not in str((old, new))


def test_teams_are_created_once(app, admin):
    assert admin.post("/admin/teams", data={"name": " east "}).status_code == 302
    again = admin.post("/admin/teams", data={"name": "east"})
    assert again.status_code == 400 and "already a team" in again.get_data(as_text=True)
    page = admin.get("/admin/teams").get_data(as_text=True)
    assert "east" in page and "Casey Coach" in page
    assert [(a, n) for a, _, n in audit(app)] == [("team.create", {"name": "east"})]
