"""The audit log service: record a change in the same transaction as the change, and list them.

Used by admin actions (users, teams, API tokens issued from the command line), coach reviews
(score overrides and confirmations, flag decisions, disputes, assignments, calibration) and
QA corrections: one model (models/audit.py) for all of them.
"""

from __future__ import annotations

from typing import Any

from trainer.extensions import db
from trainer.models import AuditRecord, User

COMMAND_LINE = "command line"
# The actions recorded today, with how the log page names them.
ACTIONS = {
    "user.create": "user created", "user.token": "API token issued",
    "user.update": "user changed", "user.deactivate": "user deactivated",
    "user.reactivate": "user reactivated", "user.password_reset": "password reset",
    "team.create": "team created",
    "score.override": "score overridden", "score.confirm": "score confirmed",
    "flag.confirm": "flag confirmed", "flag.dismiss": "flag dismissed",
    "session.reviewed": "session marked reviewed", "comment.edit": "comment edited",
    "dispute.open": "score disputed", "dispute.resolve": "dispute resolved",
    "assignment.create": "scenario assigned", "assignment.delete": "assignment withdrawn",
    "calibration.create": "calibration session started",
    "calibration.submit": "blind review submitted",
}


def record(action: str, target_type: str, target_id: Any, *, actor: User | None = None,
           old: Any = None, new: Any = None, reason: str | None = None,
           via: str = COMMAND_LINE) -> AuditRecord:
    """Add an audit record to the current transaction; the caller's commit saves both.

    `actor` is the logged-in user who did it; without one, `via` says where it came from.
    Never put secrets (passwords, tokens) in `old` or `new`.
    """
    entry = AuditRecord(action=action, target_type=target_type, target_id=str(target_id),
                        actor_id=actor.id if actor is not None else None,
                        actor_label=actor.email if actor is not None else via,
                        old_value=old, new_value=new, reason=reason or None)
    db.session.add(entry)
    return entry


def records_query(action: str | None = None, actor_id: int | None = None,
                  target_type: str | None = None, target_id: Any = None,
                  command_line: bool = False):
    """A select of audit records, newest first, with the given filters.

    `command_line=True` keeps only records with no logged-in actor.
    """
    query = db.select(AuditRecord)
    if action:
        query = query.where(AuditRecord.action == action)
    if command_line:
        query = query.where(AuditRecord.actor_id.is_(None))
    elif actor_id is not None:
        query = query.where(AuditRecord.actor_id == actor_id)
    if target_type:
        query = query.where(AuditRecord.target_type == target_type)
    if target_id is not None:
        query = query.where(AuditRecord.target_id == str(target_id))
    return query.order_by(AuditRecord.created_at.desc(), AuditRecord.id.desc())


def history(target_type: str, target_id: Any) -> list[AuditRecord]:
    """Every record about one target (a user, a call, a turn...), newest first."""
    return list(db.session.scalars(records_query(target_type=target_type, target_id=target_id)))


def recorded_actions() -> list[str]:
    """The actions that occur in the log, sorted (for a filter list)."""
    return sorted(db.session.scalars(db.select(AuditRecord.action).distinct()))


def recorded_actors() -> list[User]:
    """The users who appear as actors in the log, by email (for a filter list)."""
    ids = db.select(AuditRecord.actor_id).where(AuditRecord.actor_id.is_not(None)).distinct()
    return list(db.session.scalars(db.select(User).where(User.id.in_(ids)).order_by(User.email)))
