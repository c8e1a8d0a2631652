"""Users, roles, team membership and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, String, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.extensions import db

from .clock import utcnow
from .teams import Team, team_leads

ROLES = ("trainee", "coach", "qa", "admin")
TOKEN_PREFIX = "trn_"


def hash_token(token: str) -> str:
    """SHA-256 of an API token: tokens are long random strings, so a fast hash is enough."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class User(UserMixin, db.Model):
    """Someone who logs in: a trainee, coach, QA analyst or admin, optionally in a team.

    A user belongs to at most one team (`team`, its name; `team_record`, the row); a coach
    also leads teams (`led_teams`) and sees the users of those teams only. A deactivated
    user keeps their history but cannot log in or use a token.
    """

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_team_role", "team_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16), default="trainee")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                            nullable=True)
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The trainee's calm read-aloud (delivery features): spoken answers are judged against it.
    calm_baseline: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    baseline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    team_record: Mapped[Team | None] = relationship(lazy="joined")
    led_teams: Mapped[list[Team]] = relationship(secondary=team_leads, back_populates="leads",
                                                 order_by="Team.name")

    @hybrid_property
    def team(self) -> str | None:
        """The name of the user's team (the public `team` of INTERFACES.md), or None."""
        return self.team_record.name if self.team_record is not None else None

    @team.inplace.setter
    def _team_setter(self, name: str | None) -> None:
        # Setting a name joins that team, creating it when missing (`users create --team`).
        self.team_record = Team.named(name)

    @team.inplace.expression
    @classmethod
    def _team_expression(cls):
        return select(Team.name).where(Team.id == cls.team_id).scalar_subquery()

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses inactive users; a deactivated user is one."""
        return bool(self.active)

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password (method from config, cheap in tests)."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def new_api_token(self) -> str:
        """Make a fresh API token, keep only its hash, and return it (shown once)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.api_token_hash = hash_token(token)
        return token

    @classmethod
    def by_token(cls, token: str) -> User | None:
        """The active user owning this API token, or None (a deactivated user's token fails)."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        return db.session.scalar(db.select(cls).filter_by(api_token_hash=hash_token(token),
                                                          active=True))

    @classmethod
    def by_email(cls, email: str) -> User | None:
        """Look a user up by email, case-insensitively."""
        return db.session.scalar(db.select(cls).filter_by(email=normalise_email(email)))

    def led_team_ids(self) -> set[int]:
        """The ids of the teams this user leads as a coach (none for other roles)."""
        return {t.id for t in self.led_teams} if self.role == "coach" else set()

    def leads(self, other: User) -> bool:
        """True when this user is a coach leading the other user's team."""
        return other.team_id is not None and other.team_id in self.led_team_ids()

    def can_view_user(self, other: User) -> bool:
        """Admins see everyone, coaches the teams they lead, everyone themselves."""
        return self.id == other.id or self.role == "admin" or self.leads(other)

    @property
    def display_name(self) -> str:
        """The name, or the email when no name was given."""
        return self.name or self.email

    def to_dict(self) -> dict:
        """The `users list --json` shape."""
        return {"email": self.email, "name": self.name, "role": self.role, "team": self.team}


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return (email or "").strip().lower()
