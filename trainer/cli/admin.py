"""Administration commands: init-db, seed-demo, users create|list|token."""

import json
import secrets
import sys

import click
from flask.cli import with_appcontext

# Dev-only demo accounts (README lists them). seed-demo never changes an existing user.
DEMO_USERS = (
    {"email": "trainee@example.com", "password": "trainee-demo", "role": "trainee",
     "name": "Terry Trainee", "team": "north"},
    {"email": "coach@example.com", "password": "coach-demo", "role": "coach",
     "name": "Casey Coach", "team": "north"},
    {"email": "qa@example.com", "password": "quality-demo", "role": "qa",
     "name": "Quinn QA", "team": None},
    {"email": "admin@example.com", "password": "admin-demo", "role": "admin",
     "name": "Alex Admin", "team": None},
)


def fail(message: str):
    """One-line reason on stderr, exit status 1."""
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database to the newest schema (alembic upgrade head)."""
    from flask import current_app
    from flask_migrate import upgrade

    upgrade(directory=str(current_app.config["MIGRATIONS_DIR"]))
    click.echo("database is up to date")


def seed_demo_users() -> list[str]:
    """Create the missing demo users; returns the emails created."""
    from trainer.admin.users import create_user
    from trainer.models import User

    created = []
    for spec in DEMO_USERS:
        if User.by_email(spec["email"]) is None:
            create_user(spec["email"], spec["role"], spec["password"], spec["name"],
                        spec["team"])
            created.append(spec["email"])
    return created


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Add one demo user per role and the demo team's practice (dev-only passwords, listed in
    the README). Safe to run again."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from .demo import PASSWORD, TEAMMATES, seed_demo_activity

    try:
        created = seed_demo_users()
    except (OperationalError, ProgrammingError):
        fail("the database has no tables yet; run `trainer init-db` first")
    for spec in DEMO_USERS:
        state = "created" if spec["email"] in created else "exists "
        click.echo(f"{state} {spec['role']:<8} {spec['email']} / {spec['password']}")
    if seed_demo_activity():
        names = ", ".join(email for email, _name in TEAMMATES)
        click.echo(f"created the demo team's practice: trainees {names} (password {PASSWORD}),"
                   " sessions, assignments, a review and a dispute")


@click.group("users")
def users_group():
    """Create and list users, and make API tokens."""


@users_group.command("create")
@click.option("--email", required=True, help="Login email (unique).")
@click.option("--role", required=True, help="trainee, coach, qa or admin.")
@click.option("--name", default="", help="Display name.")
@click.option("--password", default=None,
              help="Initial password; prompted on a terminal, generated otherwise.")
@click.option("--team", default=None,
              help="Team name, created when missing; a coach created in a team leads it.")
@with_appcontext
def users_create(email, role, name, password, team):
    """Create a user."""
    from trainer.admin.users import UserInputError, create_user
    from trainer.models import ROLES

    if role not in ROLES:  # checked before prompting for a password
        fail(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    generated = None
    if password is None:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password = generated = secrets.token_urlsafe(12)
    try:
        user = create_user(email, role, password, name, team)
    except UserInputError as exc:
        fail(str(exc))
    click.echo(f"created {user.role} {user.email}")
    if generated:
        click.echo(f"password: {generated}")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True,
              help='[{"email","name","role","team","active"}]')
@with_appcontext
def users_list(as_json):
    """List every user."""
    from trainer.extensions import db
    from trainer.models import User

    users = db.session.scalars(db.select(User).order_by(User.email)).all()
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in users]))
        return
    for u in users:
        state = "" if u.active else " (deactivated)"
        click.echo(f"{u.email:<32} {u.role:<8} {u.team or '-':<12} {u.name}{state}")


@users_group.command("token")
@click.argument("email")
@with_appcontext
def users_token(email):
    """Make a new API token for EMAIL (replacing the old one) and print only the token."""
    from trainer import audit
    from trainer.extensions import db
    from trainer.models import User

    user = User.by_email(email)
    if user is None:
        fail(f"no user with email {email!r}")
    replaced = user.api_token_hash is not None
    token = user.new_api_token()
    audit.record("user.token", "user", user.id, old={"had_token": replaced},
                 new={"had_token": True})
    db.session.commit()
    click.echo(token)


commands = [init_db_command, seed_demo_command, users_group]
