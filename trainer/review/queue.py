"""The review queue: sessions of one's teams that need a human, oldest first.

A session is queued for a major, critical or `review` flag nobody has decided, a failed
attempt at an assigned scenario, or an open dispute; marking it reviewed takes it off (an
open dispute keeps it on until resolved). A coach may also list every unreviewed session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_
from sqlalchemy.orm import contains_eager, defer

from trainer.extensions import db
from trainer.models import Assignment, Dispute, PracticeSession, User

REASONS = {"flag": "flag to check", "certification": "failed an assigned scenario",
           "dispute": "disputed score"}
FILTERS = {**REASONS, "unreviewed": "every unreviewed session"}
QUEUE_LIMIT = 200


@dataclass
class QueueItem:
    """One queued session and why it is there."""

    session: PracticeSession
    reasons: list[str]


def _conditions():
    """The three reasons as SQL conditions on PracticeSession (joined with its User)."""
    s = PracticeSession
    unreviewed = s.reviewed_at.is_(None)
    flagged = and_(unreviewed, s.flags_to_review > 0)
    # IN, not a correlated EXISTS: the database reads the open disputes once, not per row
    disputed = s.id.in_(db.select(Dispute.session_id).where(Dispute.status == "open"))
    failed = and_(unreviewed, s.finished_at.is_not(None), exists().where(
        Assignment.scenario_id == s.scenario_id,
        or_(Assignment.trainee_id == s.user_id,
            and_(Assignment.team_id.is_not(None), Assignment.team_id == User.team_id)),
        s.started_at >= Assignment.created_at,
        or_(s.result_overall < Assignment.pass_mark, s.critical_flags > 0)))
    return {"flag": flagged, "certification": failed, "dispute": disputed}


def review_queue(trainee_ids: list[int], reason: str | None = None,
                 scenario: str | None = None, since: datetime | None = None,
                 until: datetime | None = None, limit: int = QUEUE_LIMIT) -> list[QueueItem]:
    """The queued sessions of these trainees, oldest first, optionally narrowed."""
    if not trainee_ids:
        return []
    conditions = _conditions()
    columns = [c.label(name) for name, c in conditions.items()]
    if reason == "unreviewed":
        wanted = and_(PracticeSession.reviewed_at.is_(None),
                      PracticeSession.finished_at.is_not(None))
    elif reason in conditions:
        wanted = conditions[reason]
    else:
        wanted = or_(*conditions.values())
    query = (db.select(PracticeSession, *columns).join(User, User.id == PracticeSession.user_id)
             .where(PracticeSession.user_id.in_(trainee_ids), wanted))
    if scenario:
        query = query.where(PracticeSession.scenario_id == scenario)
    if since is not None:
        query = query.where(PracticeSession.started_at >= since)
    if until is not None:
        query = query.where(PracticeSession.started_at <= until)
    # The list shows a few columns of each row: leave the big JSON columns in the database.
    query = (query.order_by(PracticeSession.started_at, PracticeSession.id).limit(limit)
             .options(contains_eager(PracticeSession.user), defer(PracticeSession.summary),
                      defer(PracticeSession.state), defer(PracticeSession.result)))
    return [QueueItem(row[0], [name for name, hit in zip(conditions, row[1:], strict=True)
                               if hit]) for row in db.session.execute(query)]


def queue_counts(trainee_ids: list[int]) -> dict[str, int]:
    """How many sessions are queued for each reason, and in all ("total"): one row back."""
    counts = dict.fromkeys([*REASONS, "total"], 0)
    if not trainee_ids:
        return counts
    conditions = _conditions()
    query = (db.select(func.count(), *[func.sum(case((c, 1), else_=0))
                                       for c in conditions.values()])
             .select_from(PracticeSession).join(User, User.id == PracticeSession.user_id)
             .where(PracticeSession.user_id.in_(trainee_ids), or_(*conditions.values())))
    total, *each = db.session.execute(query).one()
    counts["total"] = total
    counts.update({name: int(n or 0) for name, n in zip(conditions, each, strict=True)})
    return counts
