"""Admin commands: init-db, seed-demo, users create|list|token, serve's argument checks."""

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from trainer import create_app
from trainer.cli.admin import DEMO_USERS
from trainer.cli.demo import TEAMMATES
from trainer.extensions import db
from trainer.models import Assignment, Dispute, PracticeSession, ScoreJudgement, User


@pytest.fixture
def fresh_app(tmp_path):
    """An app whose database has no tables yet."""
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst"),
                      "SECRET_KEY": "t", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_init_db_migrates_to_a_schema_that_matches_the_models(fresh_app):
    result = fresh_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with fresh_app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        version = conn.exec_driver_sql("select version_num from alembic_version").scalar()
    assert diff == [], f"models and migrations differ: {diff}"
    assert version
    again = fresh_app.test_cli_runner().invoke(args=["init-db"])
    assert again.exit_code == 0


def test_seed_demo_is_idempotent_and_pairs_a_coach_with_a_trainee(fresh_app):
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert first.output.count("created") == len(DEMO_USERS) + 1  # and the team's practice
    assert "created" not in second.output
    with fresh_app.app_context():
        assert db.session.query(User).count() == len(DEMO_USERS) + len(TEAMMATES)
        for spec in DEMO_USERS:
            user = User.by_email(spec["email"])
            assert user.role == spec["role"] and user.check_password(spec["password"])
        coach = User.by_email("coach@example.com")
        assert coach.team == User.by_email("trainee@example.com").team
        assert coach.can_view_user(User.by_email("trainee@example.com"))
        # the demo coach's dashboard has something to show, once
        sessions = db.session.scalars(db.select(PracticeSession)).all()
        assert len(sessions) == 15 and all(s.finished for s in sessions)
        assert {s.result_passed for s in sessions} == {True, False}
        assert db.session.query(Assignment).count() == 2
        assert db.session.query(ScoreJudgement).count() > 0
        assert db.session.query(Dispute).filter_by(status="open").count() == 1


def test_seed_demo_before_init_db_says_what_to_do(fresh_app):
    result = fresh_app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("error: the database has no tables yet; "
                                     "run `trainer init-db` first")


def test_users_create_generates_a_password_when_not_on_a_terminal(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "New@Example.com", "--role",
                                 "coach", "--name", "New Coach", "--team", "east"])
    assert result.exit_code == 0, result.output
    password = result.output.split("password: ")[1].strip()
    with app.app_context():
        user = User.by_email("new@example.com")
        assert (user.role, user.name, user.team) == ("coach", "New Coach", "east")
        assert user.check_password(password)


@pytest.mark.parametrize("args, message", [
    (["--email", "x@example.com", "--role", "boss"], "unknown role 'boss'"),
    (["--email", "trainee@example.com", "--role", "coach", "--password", "long-enough"],
     "already exists"),
    (["--email", "not-an-email", "--role", "coach", "--password", "long-enough"],
     "not an email address"),
    (["--email", "y@example.com", "--role", "coach", "--password", "short"],
     "at least 8 characters"),
])
def test_users_create_bad_input_is_one_line_and_creates_nobody(app, runner, args, message):
    with app.app_context():
        before = db.session.query(User).count()
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    with app.app_context():
        assert db.session.query(User).count() == before


def test_users_list_json(runner):
    result = runner.invoke(args=["users", "list", "--json"])
    users = json.loads(result.output)
    assert {"email": "coach@example.com", "name": "Casey Coach", "role": "coach",
            "team": "north"} in users
    assert all(set(u) == {"email", "name", "role", "team"} for u in users)


def test_users_token_prints_only_a_working_token(app, runner, client):
    result = runner.invoke(args=["users", "token", "QA@example.com"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert result.output == token + "\n" and token.startswith("trn_")
    response = client.get("/api/v1/sessions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_users_token_for_unknown_email_fails(runner):
    result = runner.invoke(args=["users", "token", "ghost@example.com"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no user with email 'ghost@example.com'"


@pytest.mark.parametrize("args", [["--port", "http"], ["--port", "70000"],
                                  ["--threads", "0"]])
def test_serve_rejects_bad_arguments_before_starting(runner, args):
    result = runner.invoke(args=["serve", *args])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
