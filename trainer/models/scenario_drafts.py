"""Practice scenarios drafted from real calls: QA marks a call, an admin reviews and publishes.

A draft lives only here (its YAML text) until an admin publishes it; publishing writes the
validated file into the published-scenarios folder, which the library reads. A draft is never
in the library.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .calls import Call
from .clock import utcnow
from .users import User

DRAFT_STATUSES = ("draft", "published", "discarded")


class ScenarioDraft(db.Model):
    """One scenario drafted from a call: anonymised YAML, its review state and who did what."""

    __tablename__ = "scenario_drafts"
    __table_args__ = (Index("ix_scenario_drafts_status_created", "status", "created_at"),
                      Index("ix_scenario_drafts_call", "call_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("calls.id", ondelete="SET NULL"), nullable=True)
    scenario_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200), default="")
    yaml_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    reviewed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    published_file: Mapped[str | None] = mapped_column(String(255), nullable=True)

    call: Mapped[Call | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[created_by])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewed_by])
