"""Practice sessions, their turns, and the scenario versions they were played on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .clock import iso, utcnow
from .users import User


class ScenarioVersion(db.Model):
    """One version of a scenario file's content, kept so past sessions stay readable.

    `content_hash` is the SHA-256 of the validated scenario as canonical JSON, so editing a
    comment makes no new version; `data` is the whole scenario as it was.
    """

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "content_hash",
                                       name="uq_scenario_versions_scenario_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(80))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


RESULT_COLUMNS = ("user_id", "finished_at", "started_at", "scenario_id", "reviewed_at",
                  "flags_to_review", "critical_flags", "result_overall", "result_passed",
                  "result_changed", "result_empathy", "result_positive_language",
                  "result_assertiveness", "result_calmness")


class PracticeSession(db.Model):
    """One run of one scenario by one user: the runner state, and the verdict once finished."""

    __tablename__ = "practice_sessions"
    __table_args__ = (
        Index("ix_practice_sessions_user_started", "user_id", "started_at"),
        Index("ix_practice_sessions_scenario", "scenario_id"),
        # Covers the team page, trends, certification and the review queue: they read these
        # columns of thousands of sessions without touching the rows (and their big JSON).
        Index("ix_practice_sessions_results", *RESULT_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scenario_id: Mapped[str] = mapped_column(String(80))
    scenario_title: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    debtor_line: Mapped[str | None] = mapped_column(Text, nullable=True)  # awaiting an answer
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(80), nullable=True)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    scenario_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("scenario_versions.id"), nullable=True)
    # The result as it stands: the engine's until a coach changes a score or decides a flag
    # (`summary` and the turns' scorecards always keep the engine's own). Set when finished.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    result_overall: Mapped[float | None] = mapped_column(Float, nullable=True)
    result_passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    result_changed: Mapped[bool] = mapped_column(Boolean, default=False)  # by a coach
    result_empathy: Mapped[float | None] = mapped_column(Float, nullable=True)
    result_positive_language: Mapped[float | None] = mapped_column(Float, nullable=True)
    result_assertiveness: Mapped[float | None] = mapped_column(Float, nullable=True)
    result_calmness: Mapped[float | None] = mapped_column(Float, nullable=True)
    critical_flags: Mapped[int] = mapped_column(Integer, default=0)  # not dismissed
    flags_to_review: Mapped[int] = mapped_column(Integer, default=0)  # major/review, undecided
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reviewed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewed_by])
    scenario_version: Mapped[ScenarioVersion | None] = relationship()
    turns: Mapped[list[Turn]] = relationship(
        back_populates="session", order_by="Turn.index", cascade="all, delete-orphan")

    @property
    def finished(self) -> bool:
        """True once the runner has ended the conversation."""
        return self.finished_at is not None

    @property
    def engine_overall(self) -> float | None:
        """The engine's overall score, once finished."""
        return (self.summary or {}).get("overall")

    @property
    def overall(self) -> float | None:
        """The overall score as it stands (a coach's changes applied), once finished.

        Reads the indexed copies only, so lists may leave the big JSON columns unloaded.
        """
        if self.result_overall is not None or self.finished_at is None:
            return self.result_overall
        return self.engine_overall

    @property
    def verdict(self) -> bool | None:
        """Passed or not as it stands (a coach's changes applied); None while running."""
        return self.result_passed if self.result_overall is not None else self.passed

    @property
    def coach_changed(self) -> list[str]:
        """What coaches changed in the result: dimensions, "overall", "passed", "flags"."""
        return list((self.result or {}).get("changed") or [])

    def to_summary(self) -> dict[str, Any]:
        """The `GET /api/v1/sessions` list item (`overall` and `passed` as they stand)."""
        return {
            "id": self.id, "scenario": self.scenario_id, "title": self.scenario_title,
            "trainee": {"id": self.user.id, "email": self.user.email, "name": self.user.name},
            "started_at": iso(self.started_at), "finished_at": iso(self.finished_at),
            "finished": self.finished, "outcome": self.outcome, "turns": self.turn_count,
            "overall": self.overall, "passed": self.verdict,
            "engine": {"overall": self.engine_overall, "passed": self.passed},
            "coach_changed": self.coach_changed, "reviewed_at": iso(self.reviewed_at),
        }


class Turn(db.Model):
    """One answer of the trainee to one debtor line, with its scorecard."""

    __tablename__ = "turns"
    __table_args__ = (Index("ix_turns_session_index", "session_id", "index", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    debtor_line: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="typed")  # typed | spoken
    scorecard: Mapped[dict[str, Any]] = mapped_column(JSON)
    mood: Mapped[int | None] = mapped_column(Integer, nullable=True)  # debtor's mood after it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Filled by the voice work for spoken answers.
    audio_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    delivery: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    transcript: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    session: Mapped[PracticeSession] = relationship(back_populates="turns")
