"""Assignments (scenarios a trainee must pass) and blind calibration sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .clock import utcnow
from .practice import PracticeSession
from .teams import Team
from .users import User


class Assignment(db.Model):
    """A scenario to pass at or above a mark by a due date, for one trainee or a whole team."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("(trainee_id IS NULL) <> (team_id IS NULL)", name="one_assignee"),
        Index("ix_assignments_trainee", "trainee_id"),
        Index("ix_assignments_team", "team_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(80))
    trainee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), nullable=True)
    pass_mark: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    trainee: Mapped[User | None] = relationship(foreign_keys=[trainee_id])
    team: Mapped[Team | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[created_by])

    @property
    def assignee(self) -> str:
        """Who it is for, in words."""
        if self.team is not None:
            return f"team {self.team.name}"
        return self.trainee.display_name if self.trainee is not None else "nobody"


class CalibrationSession(db.Model):
    """The same practice session reviewed by several coaches, blind to each other."""

    __tablename__ = "calibration_sessions"
    __table_args__ = (Index("ix_calibration_sessions_session", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    session: Mapped[PracticeSession] = relationship()
    author: Mapped[User | None] = relationship()
    reviewers: Mapped[list[CalibrationReviewer]] = relationship(
        back_populates="calibration", cascade="all, delete-orphan",
        order_by="CalibrationReviewer.coach_id")

    @property
    def complete(self) -> bool:
        """True once every assigned coach has submitted."""
        return bool(self.reviewers) and all(r.submitted_at for r in self.reviewers)


class CalibrationReviewer(db.Model):
    """One coach assigned to a calibration session, and when they submitted."""

    __tablename__ = "calibration_reviewers"
    __table_args__ = (Index("ix_calibration_reviewers_coach", "coach_id"),)

    calibration_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), primary_key=True)
    coach_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                          nullable=True)

    calibration: Mapped[CalibrationSession] = relationship(back_populates="reviewers")
    coach: Mapped[User] = relationship()
