"""Teams: a trainee belongs to one team; a coach may lead several."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, DateTime, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db

from .clock import utcnow

if TYPE_CHECKING:
    from .users import User

# Which coaches lead which teams (a coach sees the teams they lead, and only those).
team_leads = Table(
    "team_leads", db.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_team_leads_user", "user_id"),
)


class Team(db.Model):
    """A named group of users, led by one or more coaches."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    leads: Mapped[list[User]] = relationship(
        "User", secondary=team_leads, back_populates="led_teams", order_by="User.email")

    @classmethod
    def named(cls, name: str | None, create: bool = True) -> Team | None:
        """The team with this name (surrounding spaces ignored), created when missing."""
        name = (name or "").strip()
        if not name:
            return None
        team = db.session.scalar(db.select(cls).filter_by(name=name))
        if team is None and create:
            team = cls(name=name)
            db.session.add(team)
        return team

    def __repr__(self) -> str:
        return f"<Team {self.name}>"
