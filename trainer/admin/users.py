"""Creating and managing users and teams: shared by the admin pages and `trainer users`.

Every change is audited (who, when, the values before and after; never a password).
"""

from __future__ import annotations

from trainer import audit
from trainer.extensions import db
from trainer.models import ROLES, Team, User
from trainer.models.clock import iso, utcnow
from trainer.models.users import normalise_email

MIN_PASSWORD = 8


class UserInputError(ValueError):
    """A user cannot be created as asked; the message says why."""


def create_user(email: str, role: str, password: str, name: str = "",
                team: str | None = None, actor: User | None = None) -> User:
    """Validate, then add and commit a new user, audited as done by `actor` (None: the CLI)."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise UserInputError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise UserInputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    _check_password(password)
    _check_team_name(team)
    if User.by_email(email) is not None:
        raise UserInputError(f"a user with email {email} already exists")
    user = User(email=email, role=role, name=(name or "").strip(),
                team=(team or "").strip() or None)
    user.set_password(password)
    if role == "coach" and user.team_record is not None:
        user.led_teams = [user.team_record]  # a coach created in a team leads it
    db.session.add(user)
    db.session.flush()  # the id, for the audit record committed with the user
    audit.record("user.create", "user", user.id, actor=actor, new=user.to_dict())
    db.session.commit()
    return user


def _check_password(password: str | None) -> None:
    if not password or len(password) < MIN_PASSWORD:
        raise UserInputError(f"the password needs at least {MIN_PASSWORD} characters")
    if len(password) > 200:
        raise UserInputError("the password is longer than 200 characters")


def _check_team_name(team: str | None) -> None:
    if team is not None and len(team.strip()) > 80:
        raise UserInputError("a team name has at most 80 characters")


def _user(user_id) -> User:
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise UserInputError(f"no user {user_id}")
    return user


def _state(user: User) -> dict:
    """What an admin can change about a user, for the audit log."""
    return {"name": user.name, "role": user.role, "team": user.team,
            "leads": sorted(t.name for t in user.led_teams)}


def update_user(user_id: int, actor: User, name: str, role: str, team: str | None,
                lead_team_ids: list[int] | None = None) -> User:
    """Change a user's name, role, team and (coaches) the teams they lead."""
    user = _user(user_id)
    if role not in ROLES:
        raise UserInputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if user.id == actor.id and role != user.role:
        raise UserInputError("you cannot change your own role (ask another admin)")
    _check_team_name(team)
    leads = []
    if role == "coach" and lead_team_ids:
        leads = list(db.session.scalars(db.select(Team).where(Team.id.in_(lead_team_ids))))
        if len(leads) != len(set(lead_team_ids)):
            raise UserInputError("one of the teams to lead does not exist")
    before = _state(user)
    user.name, user.role, user.team = (name or "").strip()[:120], role, team
    user.led_teams = leads
    after = _state(user)
    if after != before:
        changed = [k for k in after if after[k] != before[k]]
        audit.record("user.update", "user", user.id, actor=actor,
                     old={k: before[k] for k in changed}, new={k: after[k] for k in changed})
    db.session.commit()
    return user


def set_active(user_id: int, actor: User, active: bool) -> User:
    """Deactivate (history kept, login and tokens refused) or reactivate a user."""
    user = _user(user_id)
    if user.id == actor.id and not active:
        raise UserInputError("you cannot deactivate your own account")
    if user.active == active:
        return user
    before = {"active": user.active, "deactivated_at": iso(user.deactivated_at)}
    user.active = active
    user.deactivated_at = None if active else utcnow()
    audit.record("user.reactivate" if active else "user.deactivate", "user", user.id,
                 actor=actor, old=before,
                 new={"active": active, "deactivated_at": iso(user.deactivated_at)})
    db.session.commit()
    return user


def reset_password(user_id: int, actor: User, password: str) -> User:
    """Set a new password; the audit record says it happened, never what it is."""
    user = _user(user_id)
    _check_password(password)
    user.set_password(password)
    audit.record("user.password_reset", "user", user.id, actor=actor)
    db.session.commit()
    return user


def create_team(name: str, actor: User | None) -> Team:
    """A new, empty team."""
    name = (name or "").strip()
    _check_team_name(name)
    if not name:
        raise UserInputError("a team needs a name")
    if Team.named(name, create=False) is not None:
        raise UserInputError(f"there is already a team called {name}")
    team = Team.named(name)
    db.session.flush()
    audit.record("team.create", "team", team.id, actor=actor, new={"name": name})
    db.session.commit()
    return team
