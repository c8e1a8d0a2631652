"""Coach review records, kept beside the engine's scorecards (which are never changed).

A judgement is a coach's score for one dimension of one answer (or of the whole session):
an override (a new score, with a reason) or a confirmation of the engine's score. A flag
decision confirms or dismisses one compliance flag. Comments and disputes are per answer or
per session. Records made inside a blind calibration session carry its id: they measure the
coaches and do not change what the trainee sees.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .clock import utcnow
from .practice import PracticeSession, Turn
from .users import User

JUDGEMENT_KINDS = ("override", "confirm")
FLAG_DECISIONS = ("confirmed", "dismissed")
DISPUTE_STATUSES = ("open", "upheld", "rejected")


def _session_fk():
    return mapped_column(ForeignKey("practice_sessions.id", ondelete="CASCADE"))


def _turn_fk():
    return mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), nullable=True)


def _user_fk(nullable: bool = True):
    return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=nullable)


def _calibration_fk():
    return mapped_column(ForeignKey("calibration_sessions.id", ondelete="CASCADE"),
                         nullable=True)


class ScoreJudgement(db.Model):
    """A coach's score for one dimension of an answer (turn) or of a whole session."""

    __tablename__ = "score_judgements"
    __table_args__ = (
        Index("ix_score_judgements_session", "session_id", "created_at"),
        Index("ix_score_judgements_author", "author_id", "created_at"),
        Index("ix_score_judgements_calibration", "calibration_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _session_fk()
    turn_id: Mapped[int | None] = _turn_fk()  # None: the session's score
    dimension: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # override | confirm
    engine_score: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)  # the coach's; equals engine_score on confirm
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    author_id: Mapped[int | None] = _user_fk()
    calibration_id: Mapped[int | None] = _calibration_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User | None] = relationship()
    turn: Mapped[Turn | None] = relationship()
    session: Mapped[PracticeSession] = relationship()


class FlagDecision(db.Model):
    """A coach confirms or dismisses one compliance flag, with a reason."""

    __tablename__ = "flag_decisions"
    __table_args__ = (Index("ix_flag_decisions_session", "session_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _session_fk()
    turn_id: Mapped[int | None] = _turn_fk()  # None: a whole-call flag of the session summary
    # Position of the flag in the turn's scorecard flags (or in the session summary's flags).
    flag_index: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(16))  # confirmed | dismissed
    reason: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = _user_fk()
    calibration_id: Mapped[int | None] = _calibration_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User | None] = relationship()


class Comment(db.Model):
    """A coach's comment on an answer or on the whole session."""

    __tablename__ = "review_comments"
    __table_args__ = (Index("ix_review_comments_session", "session_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _session_fk()
    turn_id: Mapped[int | None] = _turn_fk()
    author_id: Mapped[int | None] = _user_fk()
    body: Mapped[str] = mapped_column(Text)
    calibration_id: Mapped[int | None] = _calibration_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    author: Mapped[User | None] = relationship()
    turn: Mapped[Turn | None] = relationship()


class Dispute(db.Model):
    """A trainee disputes one score; a coach upholds or rejects it. Both stay on record."""

    __tablename__ = "disputes"
    __table_args__ = (
        Index("ix_disputes_session", "session_id", "created_at"),
        Index("ix_disputes_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _session_fk()
    turn_id: Mapped[int | None] = _turn_fk()
    dimension: Mapped[str] = mapped_column(String(32))
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # as it stood
    reason: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[int | None] = _user_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_score: Mapped[float | None] = mapped_column(Float, nullable=True)  # when upheld
    resolved_by: Mapped[int | None] = _user_fk()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    trainee: Mapped[User | None] = relationship(foreign_keys=[raised_by])
    resolver: Mapped[User | None] = relationship(foreign_keys=[resolved_by])
    turn: Mapped[Turn | None] = relationship()
    session: Mapped[PracticeSession] = relationship()
