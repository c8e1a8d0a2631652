"""Background jobs: what a worker does with an upload (an answer, a call), as the API shows it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .clock import utcnow
from .users import User

STATUSES = ("queued", "running", "done", "failed")
KINDS = ("answer", "call")


def new_job_id() -> str:
    """A random, unguessable job id (32 hex digits)."""
    return uuid.uuid4().hex


class Job(db.Model):
    """One unit of background work; the row is the truth, the queue message only a wake-up."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),
        Index("ix_jobs_session", "session_id"),
        Index("ix_jobs_user_created", "user_id", "created_at"),
        Index("ix_jobs_call", "call_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_job_id)
    kind: Mapped[str] = mapped_column(String(16), default="answer")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=True)
    turn_index: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the line answered
    turn_id: Mapped[int | None] = mapped_column(
        ForeignKey("turns.id", ondelete="SET NULL"), nullable=True)
    call_id: Mapped[int | None] = mapped_column(  # the call a `call` job scores
        ForeignKey("calls.id", ondelete="CASCADE"), nullable=True)
    # "session:index" while queued or running, NULL after: the unique constraint lets only one
    # upload per debtor line be in flight, even when two requests race.
    active_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    stage: Mapped[str] = mapped_column(String(32), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    audio_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    user: Mapped[User] = relationship()

    @property
    def finished(self) -> bool:
        """True once the job is done or failed."""
        return self.status in ("done", "failed")
