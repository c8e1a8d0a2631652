"""The test users (one per role, plus a trainee of another team) and how to add them."""

from trainer.extensions import db
from trainer.models import Team, User

# One user per role plus a trainee of another team, for the "not yours" cases.
USERS = {
    "trainee": {"email": "trainee@example.com", "role": "trainee", "team": "north",
                "name": "Terry Trainee"},
    "coach": {"email": "coach@example.com", "role": "coach", "team": "north",
              "name": "Casey Coach", "leads": ["north"]},
    "qa": {"email": "qa@example.com", "role": "qa", "team": None, "name": "Quinn QA"},
    "admin": {"email": "admin@example.com", "role": "admin", "team": None, "name": "Alex Admin"},
    "outsider": {"email": "outsider@example.com", "role": "trainee", "team": "south",
                 "name": "Olly Outsider"},
}
PASSWORD = "correct-horse"


def seed_users() -> None:
    """Add every test user with PASSWORD (inside an app context)."""
    for spec in USERS.values():
        add_user(**spec)
    db.session.commit()


def add_user(leads=(), password=PASSWORD, **fields) -> User:
    """Add one user (not committed); a coach leads the teams named in `leads`."""
    user = User(**fields)
    user.set_password(password)
    user.led_teams = [Team.named(name) for name in leads]
    db.session.add(user)
    return user
