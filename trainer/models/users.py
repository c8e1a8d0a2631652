"""Users, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.extensions import db

from .clock import utcnow

ROLES = ("trainee", "coach", "qa", "admin")
TOKEN_PREFIX = "trn_"


def hash_token(token: str) -> str:
    """SHA-256 of an API token: tokens are long random strings, so a fast hash is enough."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class User(UserMixin, db.Model):
    """Someone who logs in: a trainee, coach, QA analyst or admin, optionally in a team."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_team_role", "team", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16), default="trainee")
    team: Mapped[str | None] = mapped_column(String(80), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The trainee's calm read-aloud (delivery features): spoken answers are judged against it.
    calm_baseline: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    baseline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

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
        """The user owning this API token, or None."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        return db.session.scalar(db.select(cls).filter_by(api_token_hash=hash_token(token)))

    @classmethod
    def by_email(cls, email: str) -> User | None:
        """Look a user up by email, case-insensitively."""
        return db.session.scalar(db.select(cls).filter_by(email=normalise_email(email)))

    def can_view_user(self, other: User) -> bool:
        """Admins see everyone, coaches their team, everyone themselves."""
        if self.id == other.id or self.role == "admin":
            return True
        return self.role == "coach" and bool(self.team) and self.team == other.team

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
