"""QA calls: an uploaded recording or transcript, its processing state and its scorecard.

The full call scorecard (INTERFACES.md shape plus extras) is stored as JSON, exactly as the
engine made it; QA's corrections are kept beside it (`corrections`, each also an audit
record), never written into it. The values the call list filters on (agent, when, overall,
critical fail, each checklist item's status) are copied, corrections applied, into indexed
columns and `call_checks` rows whenever either changes.
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
from sqlalchemy.orm.attributes import flag_modified

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
    # The agent's four scores as they stand (corrections applied): per-agent trends read them.
    agent_scores: Mapped[dict[str, float] | None] = mapped_column(JSON, nullable=True)
    # QA's corrections in force: {"compliance": {rule: fix}, "scores": {name: fix}}, a fix
    # being {"value", "by", "by_id", "at", "reason", "record"} (record: its audit record id).
    corrections: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    batch: Mapped[CallBatch | None] = relationship(back_populates="calls")
    uploader: Mapped[User | None] = relationship()
    checks: Mapped[list[CallCheck]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CallCheck.id")

    def set_scorecard(self, card: dict[str, Any]) -> None:
        """Store the engine's call scorecard and refresh what the list filters on."""
        self.scorecard = card
        self.duration_s = card.get("duration")
        self.agent = self.agent or card.get("agent")
        self.scored_at = utcnow()
        self.refresh_filters()

    def set_correction(self, group: str, name: str, fix: dict[str, Any] | None) -> None:
        """Put a correction in force (or lift it with None), then refresh the filters."""
        corrections = {k: dict(v) for k, v in (self.corrections or {}).items()}
        entries = corrections.setdefault(group, {})
        if fix is None:
            entries.pop(name, None)
        else:
            entries[name] = fix
        self.corrections = {k: v for k, v in corrections.items() if v} or None
        flag_modified(self, "corrections")
        self.refresh_filters()

    def effective_scorecard(self) -> dict[str, Any] | None:
        """The scorecard as it stands: QA's corrections applied, the engine's values kept."""
        if self.scorecard is None:
            return None
        return apply_corrections(self.scorecard, self.corrections)

    def refresh_filters(self) -> None:
        """Copy overall, critical fail, the four scores and each check's status (corrections
        applied) into the columns and rows the call list filters on."""
        card = self.effective_scorecard()
        if card is None:
            return
        self.overall, self.critical_fail = card.get("overall"), bool(card.get("critical_fail"))
        self.agent_scores = card.get("agent_scores")
        by_rule = {c.rule: c for c in self.checks}
        for item in card.get("compliance") or []:
            check = by_rule.pop(item["rule"], None) or CallCheck(rule=item["rule"])
            check.status, check.severity = item["status"], item.get("severity")
            if check.call is None:
                self.checks.append(check)
        for stale in by_rule.values():
            self.checks.remove(stale)

    def to_summary(self) -> dict[str, Any]:
        """The call list item."""
        return {"id": self.id, "file": self.file_name, "status": self.status,
                "batch": self.batch_id, "agent": self.agent, "started_at": iso(self.started_at),
                "created_at": iso(self.created_at), "duration": self.duration_s,
                "overall": self.overall, "critical_fail": self.critical_fail,
                "corrected": bool(self.corrections),
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


SCORE_NAMES = ("overall", "empathy", "positive_language", "assertiveness", "calmness")


def apply_corrections(card: dict[str, Any], corrections: dict | None) -> dict[str, Any]:
    """A copy of an engine scorecard with corrections in force, saying what a human changed.

    The engine's own values stay under "engine"; each corrected checklist item keeps its
    `engine_status` and says who corrected it, when and why; "corrections" lists them all.
    A corrected dimension moves the overall (their mean) unless the overall is corrected too.
    """
    fixes = corrections or {}
    checks, scores = fixes.get("compliance") or {}, fixes.get("scores") or {}
    out = dict(card)
    out["engine"] = {"overall": card.get("overall"), "critical_fail": card.get("critical_fail"),
                     "agent_scores": card.get("agent_scores"),
                     "compliance": {i["rule"]: i["status"] for i in card.get("compliance") or []}}
    listed = []
    items = []
    for item in card.get("compliance") or []:
        fix = checks.get(item["rule"])
        if fix is not None:
            item = {**item, "status": fix["value"], "engine_status": item["status"],
                    "corrected": _who(fix)}
            listed.append({"target": "compliance", "name": item["rule"], "value": fix["value"],
                           "engine": item["engine_status"], **_who(fix)})
        items.append(item)
    out["compliance"] = items
    dims = dict(card.get("agent_scores") or {})
    for name, fix in scores.items():
        engine = card.get("overall") if name == "overall" else dims.get(name)
        listed.append({"target": "score", "name": name, "value": fix["value"], "engine": engine,
                       **_who(fix)})
        if name != "overall" and name in dims:
            dims[name] = fix["value"]
    if dims:
        out["agent_scores"] = dims
    if "overall" in scores:
        out["overall"] = scores["overall"]["value"]
    elif any(name != "overall" for name in scores) and dims:
        out["overall"] = round(sum(dims.values()) / len(dims))
    if checks:
        out["critical_fail"] = _critical(card, {i["rule"]: i["status"] for i in items})
    out["corrections"] = sorted(listed, key=lambda c: c["at"] or "")
    out["corrected"] = bool(listed)
    return out


def _who(fix: dict[str, Any]) -> dict[str, Any]:
    return {"by": fix.get("by"), "at": fix.get("at"), "reason": fix.get("reason")}


def _critical(card: dict[str, Any], statuses: dict[str, str]) -> bool:
    """A critical flag or checklist item still failing once corrections are applied."""
    flags = any(f.get("severity") == "critical" and statuses.get(f.get("code"), "fail") == "fail"
                for f in card.get("flags") or [])
    items = any(i.get("severity") == "critical" and statuses.get(i["rule"]) == "fail"
                for i in card.get("compliance") or [])
    return flags or items
