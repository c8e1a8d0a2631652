"""QA calls: an uploaded recording or transcript, its processing state and its scorecard.

The full call scorecard (INTERFACES.md shape plus extras) is stored as JSON; the values the
call list filters on (agent, when, overall, critical fail, each checklist item's status) are
copied into indexed columns and `call_checks` rows when the scorecard is stored.
"""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .clock import iso, utcnow
from .users import User

CALL_STATUSES = ("queued", "running", "done", "failed")
CALL_SOURCES = ("audio", "transcript")
CHECK_STATUSES = ("pass", "fail", "not_applicable")


class CallBatch(db.Model):
    """Calls uploaded together (a folder, a multi-file upload, one API batch)."""

    __tablename__ = "call_batches"
    __table_args__ = (Index("ix_call_batches_created_by", "created_by", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    label: Mapped[str] = mapped_column(String(200), default="")
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # defaults for its calls

    calls: Mapped[list[Call]] = relationship(back_populates="batch", order_by="Call.id")


class Call(db.Model):
    """One call to score: the stored upload, the options, the state and the scorecard."""

    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_created", "created_at"),
        Index("ix_calls_status_created", "status", "created_at"),
        Index("ix_calls_agent_started", "agent", "started_at"),
        Index("ix_calls_started", "started_at"),
        Index("ix_calls_critical_created", "critical_fail", "created_at"),
        Index("ix_calls_overall", "overall"),
        Index("ix_calls_batch", "batch_id"),
        Index("ix_calls_uploaded_by", "uploaded_by", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("call_batches.id", ondelete="SET NULL"), nullable=True)
    uploaded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    # The name it was uploaded under (shown only); the file is stored under a generated name.
    file_name: Mapped[str] = mapped_column(String(255), default="")
    upload_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="audio")  # audio | transcript
    size_bytes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # What the pipeline was asked: agent_channel, model, swapped speakers ...
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # From the transcript's metadata, the upload form, or the scorecard.
    agent: Mapped[str | None] = mapped_column(String(80), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    consumer_timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)
    critical_fail: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    scorecard: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    batch: Mapped[CallBatch | None] = relationship(back_populates="calls")
    uploader: Mapped[User | None] = relationship()
    checks: Mapped[list[CallCheck]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CallCheck.id")

    def set_scorecard(self, card: dict[str, Any]) -> None:
        """Store a call scorecard and copy what the list filters on (checks included)."""
        self.scorecard = card
        self.overall = card.get("overall")
        self.critical_fail = bool(card.get("critical_fail"))
        self.duration_s = card.get("duration")
        self.agent = self.agent or card.get("agent")
        by_rule = {c.rule: c for c in self.checks}
        for item in card.get("compliance") or []:
            check = by_rule.pop(item["rule"], None) or CallCheck(rule=item["rule"])
            check.status, check.severity = item["status"], item.get("severity")
            if check.call is None:
                self.checks.append(check)
        for stale in by_rule.values():
            self.checks.remove(stale)
        self.scored_at = utcnow()

    def to_summary(self) -> dict[str, Any]:
        """The call list item."""
        return {"id": self.id, "file": self.file_name, "status": self.status,
                "batch": self.batch_id, "agent": self.agent, "started_at": iso(self.started_at),
                "created_at": iso(self.created_at), "duration": self.duration_s,
                "overall": self.overall, "critical_fail": self.critical_fail,
                "error": {"code": self.error_code, "message": self.error}
                if self.status == "failed" else None}


class CallCheck(db.Model):
    """One compliance checklist item of a scored call (a copy of the scorecard's, to filter)."""

    __tablename__ = "call_checks"
    __table_args__ = (
        Index("ix_call_checks_call_rule", "call_id", "rule", unique=True),
        Index("ix_call_checks_rule_status", "rule", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # pass | fail | not_applicable
    severity: Mapped[str | None] = mapped_column(String(16), nullable=True)

    call: Mapped[Call] = relationship(back_populates="checks")
