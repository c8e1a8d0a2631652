"""Creating users: shared by the admin page and `trainer users create`."""

from __future__ import annotations

from trainer import audit
from trainer.extensions import db
from trainer.models import ROLES, User
from trainer.models.users import normalise_email


class UserInputError(ValueError):
    """A user cannot be created as asked; the message says why."""


def create_user(email: str, role: str, password: str, name: str = "",
                team: str | None = None, actor: User | None = None) -> User:
    """Validate, then add and commit a new user, audited as done by `actor` (None: the CLI)."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise UserInputError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise UserInputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if not password or len(password) < 8:
        raise UserInputError("the password needs at least 8 characters")
    if User.by_email(email) is not None:
        raise UserInputError(f"a user with email {email} already exists")
    user = User(email=email, role=role, name=(name or "").strip(),
                team=(team or "").strip() or None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()  # the id, for the audit record committed with the user
    audit.record("user.create", "user", user.id, actor=actor, new=user.to_dict())
    db.session.commit()
    return user
