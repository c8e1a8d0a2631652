"""A trainee disputes a score with a reason; a coach upholds (optionally with a new score) or
rejects it with a reason. The dispute and its resolution both stay on the session."""

from __future__ import annotations

from typing import Any

from trainer import audit
from trainer.extensions import db
from trainer.models import Dispute, User
from trainer.models.clock import utcnow
from trainer.sessions.results import standing
from trainer.sessions.service import owned_session

from .access import coached_session
from .checks import check_dimension, check_reason, check_score, turn_of
from .errors import BadReview, NotFound, ReviewConflict
from .judgements import override_scores

RESOLUTIONS = {"uphold": "upheld", "upheld": "upheld", "reject": "rejected",
               "rejected": "rejected"}


def open_dispute(session_id: Any, trainee: User, dimension: Any, reason: Any,
                 turn_index: Any = None) -> Dispute:
    """Dispute one score of one's own finished session (an answer's, or the session's)."""
    session = owned_session(session_id, trainee.id)
    if not session.finished:
        raise ReviewConflict("finish the session first; then you can dispute its scores")
    dimension = check_dimension(dimension)
    reason = check_reason(reason, "your reason for the dispute")
    turn = turn_of(session, turn_index)
    turn_id = turn.id if turn else None
    duplicate = db.session.scalar(db.select(Dispute.id).filter_by(
        session_id=session.id, turn_id=turn_id, dimension=dimension, status="open"))
    if duplicate is not None:
        raise ReviewConflict("you already dispute this score; your coach has not answered yet")
    score = (standing(session.id).turn_scores(turn)[dimension] if turn is not None
             else (session.result or session.summary)["scores"][dimension])
    dispute = Dispute(session_id=session.id, turn_id=turn_id, dimension=dimension,
                      score=score, reason=reason, raised_by=trainee.id)
    db.session.add(dispute)
    db.session.flush()
    audit.record("dispute.open", "dispute", dispute.id, actor=trainee, reason=reason,
                 new={"session": session.id, "turn": turn.index if turn else None,
                      "dimension": dimension, "score": score})
    db.session.commit()
    return dispute


def resolve_dispute(dispute_id: Any, coach: User, decision: Any, reason: Any,
                    new_score: Any = None) -> Dispute:
    """Uphold (a new score, optional, becomes an override) or reject a dispute, with a reason."""
    dispute = db.session.get(Dispute, dispute_id) if isinstance(dispute_id, int) else None
    if dispute is None:
        raise NotFound(f"no dispute {dispute_id}")
    session = coached_session(dispute.session_id, coach)
    if dispute.status != "open":
        raise ReviewConflict(f"this dispute was already {dispute.status}")
    if decision not in RESOLUTIONS:
        raise BadReview("the decision must be 'uphold' or 'reject'")
    status = RESOLUTIONS[decision]
    reason = check_reason(reason, "a reason for your decision")
    has_score = new_score not in (None, "")
    if has_score and status == "rejected":
        raise BadReview("a rejected dispute keeps the score: leave the new score empty")
    score = check_score(new_score, "the new score") if has_score else None
    if score is not None:
        override_scores(session, coach, {dispute.dimension: score},
                        f"dispute upheld: {reason}",
                        turn_index=dispute.turn.index if dispute.turn else None, commit=False)
    dispute.status, dispute.resolution, dispute.new_score = status, reason, score
    dispute.resolved_by, dispute.resolved_at = coach.id, utcnow()
    audit.record("dispute.resolve", "dispute", dispute.id, actor=coach, reason=reason,
                 old={"session": session.id, "status": "open", "score": dispute.score},
                 new={"session": session.id, "status": status, "score": score})
    db.session.commit()
    return dispute


def disputes_of(session_id: int) -> list[Dispute]:
    """Every dispute of a session, oldest first."""
    return list(db.session.scalars(db.select(Dispute).filter_by(session_id=session_id)
                                   .order_by(Dispute.created_at, Dispute.id)))
