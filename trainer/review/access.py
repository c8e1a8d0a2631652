"""Who may review what: admins everything, coaches the trainees of the teams they lead."""

from __future__ import annotations

from trainer.extensions import db
from trainer.models import PracticeSession, Team, User

from .errors import NotAllowed, NotFound

STAFF = ("coach", "admin")


def coached_teams(viewer: User) -> list[Team]:
    """The teams a viewer follows: every team for an admin, the teams a coach leads."""
    if viewer.role == "admin":
        return list(db.session.scalars(db.select(Team).order_by(Team.name)))
    return list(viewer.led_teams) if viewer.role == "coach" else []


def trainees(viewer: User, team: Team | None = None) -> list[User]:
    """The trainees of one of the viewer's teams (None: all of them), by team and name."""
    teams = [team] if team is not None else coached_teams(viewer)
    if not teams:
        return []
    return list(db.session.scalars(
        db.select(User).where(User.team_id.in_([t.id for t in teams]), User.role == "trainee",
                              User.id != viewer.id)
        .order_by(User.team_id, User.name, User.email)))


def _check_staff(viewer: User) -> None:
    if viewer.role not in STAFF:
        raise NotAllowed("only coaches and admins review sessions")


def coached_trainee(user_id, viewer: User) -> User:
    """A trainee the viewer coaches; NotFound / NotAllowed otherwise."""
    _check_staff(viewer)
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise NotFound(f"no user {user_id}")
    if viewer.role != "admin" and not viewer.leads(user):
        raise NotAllowed(f"{user.display_name} is not in a team you lead")
    return user


def coached_session(session_id, viewer: User) -> PracticeSession:
    """A session the viewer may review (not their own); NotFound / NotAllowed otherwise."""
    _check_staff(viewer)
    session = db.session.get(PracticeSession, session_id) if isinstance(session_id, int) \
        else None
    if session is None:
        raise NotFound(f"no session {session_id}")
    if session.user_id == viewer.id:
        raise NotAllowed("you cannot review your own session")
    if viewer.role != "admin" and not viewer.leads(session.user):
        raise NotAllowed(f"{session.user.display_name} is not in a team you lead")
    return session
