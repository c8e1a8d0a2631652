"""Team queries: who a coach follows and how their practice is going."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func

from trainer.extensions import db
from trainer.models import PracticeSession, User


@dataclass
class TraineeStats:
    """One team member's practice totals."""

    user: User
    sessions: int
    finished: int
    passed: int
    last_started: datetime | None

    @property
    def pass_rate(self) -> float | None:
        """Passed over finished sessions, or None before any finished session."""
        return self.passed / self.finished if self.finished else None


def team_members(viewer: User) -> list[User]:
    """The users a coach follows (same team, not themselves); an admin follows everyone."""
    query = db.select(User).order_by(User.team, User.name, User.email)
    if viewer.role != "admin":
        if not viewer.team:
            return []
        query = query.where(User.team == viewer.team, User.id != viewer.id)
    return list(db.session.scalars(query))


def team_stats(viewer: User) -> list[TraineeStats]:
    """Sessions, finished, passed and last activity for every team member, in one query."""
    members = team_members(viewer)
    if not members:
        return []
    rows = db.session.execute(
        db.select(PracticeSession.user_id, func.count(PracticeSession.id),
                  func.count(PracticeSession.finished_at),
                  func.sum(case((PracticeSession.passed.is_(True), 1), else_=0)),
                  func.max(PracticeSession.started_at))
        .where(PracticeSession.user_id.in_([m.id for m in members]))
        .group_by(PracticeSession.user_id)).all()
    by_user = {r[0]: r[1:] for r in rows}
    out = []
    for member in members:
        total, finished, passed, last = by_user.get(member.id, (0, 0, 0, None))
        out.append(TraineeStats(member, total, finished, int(passed or 0), last))
    return out
