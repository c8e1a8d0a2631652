"""The audit log: one record per change a person made to someone else's data or to the app.

Shared by admin actions (user creation), coach score overrides and QA corrections: who, when,
what action, on which target, the value before and after, and the reason they gave.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .clock import iso, utcnow
from .users import User


class AuditRecord(db.Model):
    """One audited change. Never updated or deleted by the app."""

    __tablename__ = "audit_records"
    __table_args__ = (
        Index("ix_audit_records_created", "created_at"),
        Index("ix_audit_records_target", "target_type", "target_id", "created_at"),
        Index("ix_audit_records_action_created", "action", "created_at"),
        Index("ix_audit_records_actor_created", "actor_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # NULL for the command line; the label keeps who it was even if the user is renamed.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(64))  # e.g. user.create, call.check_corrected
    target_type: Mapped[str] = mapped_column(String(32))  # user, call, session, turn ...
    target_id: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[Any | None] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any | None] = mapped_column(JSON, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    actor: Mapped[User | None] = relationship()

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON (for the API and exports)."""
        return {"id": self.id, "at": iso(self.created_at),
                "actor": {"id": self.actor_id, "label": self.actor_label},
                "action": self.action, "target": {"type": self.target_type, "id": self.target_id},
                "old": self.old_value, "new": self.new_value, "reason": self.reason}
