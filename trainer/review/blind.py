"""Blind calibration sessions: one practice session reviewed by several coaches, each
without seeing the others' scores or notes until every one of them has submitted."""

from __future__ import annotations

from typing import Any

from trainer import audit
from trainer.extensions import db
from trainer.models import (
    CalibrationReviewer,
    CalibrationSession,
    Comment,
    FlagDecision,
    ScoreJudgement,
    User,
)
from trainer.models.clock import utcnow

from .access import coached_session
from .errors import BadReview, NotFound, ReviewConflict

MIN_COACHES = 2


def create_calibration(author: User, session_id: Any, coach_ids: Any,
                       note: Any = "") -> CalibrationSession:
    """Assign a finished session of the author's teams to several coaches, blind."""
    session = coached_session(session_id, author)
    if not session.finished:
        raise ReviewConflict("only a finished session can be calibrated")
    try:
        ids = sorted({int(c) for c in coach_ids or []})
    except (TypeError, ValueError):
        raise BadReview("coaches must be user ids") from None
    coaches = list(db.session.scalars(db.select(User).where(
        User.id.in_(ids), User.role == "coach", User.active.is_(True)))) if ids else []
    if len(coaches) != len(ids):
        raise BadReview("every reviewer must be an active coach")
    if len(coaches) < MIN_COACHES:
        raise BadReview(f"choose at least {MIN_COACHES} coaches: calibration compares them")
    if session.user_id in ids:
        raise BadReview("the trainee cannot review their own session")
    calibration = CalibrationSession(session_id=session.id, created_by=author.id,
                                     note=note.strip()[:1000] if isinstance(note, str) else "",
                                     reviewers=[CalibrationReviewer(coach_id=c.id)
                                                for c in coaches])
    db.session.add(calibration)
    db.session.flush()
    audit.record("calibration.create", "calibration", calibration.id, actor=author,
                 new={"session": session.id, "coaches": ids})
    db.session.commit()
    return calibration


def calibration_for(calibration_id: Any, viewer: User) -> CalibrationSession:
    """A calibration session the viewer reviews, created, or may see as admin (else 404)."""
    calibration = db.session.get(CalibrationSession, calibration_id) \
        if isinstance(calibration_id, int) else None
    if calibration is None or not (
            viewer.role == "admin" or calibration.created_by == viewer.id
            or any(r.coach_id == viewer.id for r in calibration.reviewers)):
        raise NotFound(f"no calibration session {calibration_id} for you")
    return calibration


def reviewer(calibration: CalibrationSession, coach: User) -> CalibrationReviewer | None:
    """The coach's place in the calibration session, if they are one of its reviewers."""
    return next((r for r in calibration.reviewers if r.coach_id == coach.id), None)


def submit(calibration: CalibrationSession, coach: User) -> None:
    """Close one's blind review; it then counts in calibration once all have submitted."""
    mine = reviewer(calibration, coach)
    if mine is None:
        raise ReviewConflict("you are not a reviewer of this calibration session")
    if mine.submitted_at is not None:
        raise ReviewConflict("you have already submitted this review")
    judged = db.session.scalar(db.select(ScoreJudgement.id).filter_by(
        calibration_id=calibration.id, author_id=coach.id).limit(1))
    if judged is None:
        raise BadReview("score or confirm at least one answer before you submit")
    mine.submitted_at = utcnow()
    audit.record("calibration.submit", "calibration", calibration.id, actor=coach,
                 new={"session": calibration.session_id})
    db.session.commit()


def records(calibration: CalibrationSession, author_id: int | None = None):
    """The calibration's judgements, flag decisions and notes (optionally one coach's)."""
    out = []
    for model in (ScoreJudgement, FlagDecision, Comment):
        query = db.select(model).where(model.calibration_id == calibration.id)
        if author_id is not None:
            query = query.where(model.author_id == author_id)
        out.append(list(db.session.scalars(query.order_by(model.created_at, model.id))))
    return tuple(out)


def comparison(calibration: CalibrationSession) -> list[dict]:
    """Per answer and dimension: the engine's score and each coach's latest, with the spread."""
    judgements, _flags, _notes = records(calibration)
    latest: dict[tuple, ScoreJudgement] = {}
    for j in judgements:
        latest[(j.turn_id, j.dimension, j.author_id)] = j
    grouped: dict[tuple, dict] = {}
    for (turn_id, dimension, author_id), j in latest.items():
        row = grouped.setdefault((turn_id, dimension), {
            "turn": j.turn, "dimension": dimension, "engine": j.engine_score, "coaches": {}})
        row["coaches"][author_id] = j.score
    rows = sorted(grouped.values(), key=lambda r: (r["turn"].index if r["turn"] else -1,
                                                   r["dimension"]))
    for row in rows:
        values = list(row["coaches"].values())
        row["spread"] = max(values) - min(values)
    return rows


def open_calibrations(coach: User) -> list[CalibrationSession]:
    """Calibration sessions waiting for this coach's blind review."""
    return list(db.session.scalars(
        db.select(CalibrationSession).join(CalibrationReviewer)
        .where(CalibrationReviewer.coach_id == coach.id,
               CalibrationReviewer.submitted_at.is_(None))
        .order_by(CalibrationSession.created_at)))


def calibrations_of(viewer: User) -> list[CalibrationSession]:
    """Calibration sessions the viewer created or reviews (an admin: all), newest first."""
    query = db.select(CalibrationSession).order_by(CalibrationSession.created_at.desc())
    if viewer.role != "admin":
        mine = db.select(CalibrationReviewer.calibration_id).where(
            CalibrationReviewer.coach_id == viewer.id)
        query = query.where((CalibrationSession.created_by == viewer.id)
                            | CalibrationSession.id.in_(mine))
    return list(db.session.scalars(query))
