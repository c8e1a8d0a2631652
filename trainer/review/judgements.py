"""Score overrides and confirmations, flag decisions, and marking a session reviewed.

Each change is a new row (the latest one counts) and an audit record with who, when, the
value before and after, and the reason; then the session's result as it stands is stored
again. Records made in a blind calibration session only measure the coach.
"""

from __future__ import annotations

from typing import Any

from trainer import audit
from trainer.extensions import db
from trainer.models import CalibrationSession, FlagDecision, PracticeSession, ScoreJudgement, User
from trainer.models.clock import iso, utcnow
from trainer.sessions.results import session_flags, standing, store_result

from .checks import check_dimension, check_reason, check_score, turn_of
from .errors import BadReview, ReviewConflict

DECISIONS = {"confirm": "confirmed", "confirmed": "confirmed", "dismiss": "dismissed",
             "dismissed": "dismissed"}


def _target(session: PracticeSession, turn) -> tuple[str, int]:
    return ("turn", turn.id) if turn is not None else ("session", session.id)


def _engine_scores(session: PracticeSession, turn) -> dict[str, float]:
    if turn is not None:
        return dict(turn.scorecard.get("scores") or {})
    if session.summary is None:
        raise ReviewConflict("the session is still running, so it has no session score yet; "
                             "review one of its answers instead")
    return dict(session.summary["scores"])


def _settle(session: PracticeSession, calibration: CalibrationSession | None,
            commit: bool) -> None:
    if calibration is None:
        store_result(session)
    if commit:
        db.session.commit()


def _judge(session, coach, turn, dimension, kind, value, engine, reason, calibration, st):
    before = st.score(turn.id if turn else None, dimension)
    extra = {"calibration": calibration.id} if calibration is not None else {}
    judgement = ScoreJudgement(
        session_id=session.id, turn_id=turn.id if turn else None, dimension=dimension,
        kind=kind, engine_score=engine, score=value, reason=reason, author_id=coach.id,
        calibration_id=calibration.id if calibration else None)
    db.session.add(judgement)
    kind_name, target_id = _target(session, turn)
    audit.record(f"score.{kind}", kind_name, target_id, actor=coach, reason=reason,
                 old={"session": session.id, "dimension": dimension, "engine": engine,
                      "score": before.score if before is not None else engine},
                 new={"session": session.id, "dimension": dimension, "score": value, **extra})
    return judgement


def override_scores(session: PracticeSession, coach: User, scores: Any, reason: Any,
                    turn_index: Any = None, calibration: CalibrationSession | None = None,
                    commit: bool = True) -> list[ScoreJudgement]:
    """Set new scores ({dimension: 0-100}) on an answer or the session, with one reason."""
    if not isinstance(scores, dict) or not scores:
        raise BadReview("give at least one dimension and its new score")
    checked = {check_dimension(d): check_score(v, f"the {d} score") for d, v in scores.items()}
    reason = check_reason(reason, "a reason for the override")
    turn = turn_of(session, turn_index)
    engine = _engine_scores(session, turn)
    _check_open(calibration, coach)
    st = standing(session.id)
    rows = [_judge(session, coach, turn, d, "override", v, engine[d], reason, calibration, st)
            for d, v in checked.items()]
    _settle(session, calibration, commit)
    return rows


def confirm_scores(session: PracticeSession, coach: User, dimensions: Any = None,
                   turn_index: Any = None, reason: Any = None,
                   calibration: CalibrationSession | None = None,
                   commit: bool = True) -> list[ScoreJudgement]:
    """Confirm the engine's scores (every dimension when none are named) as right."""
    from trainer.scoring.types import DIMENSIONS

    dimensions = list(DIMENSIONS) if not dimensions else dimensions
    if not isinstance(dimensions, list | tuple):
        raise BadReview("confirm must be a list of dimensions")
    dimensions = [check_dimension(d) for d in dimensions]
    reason = reason.strip()[:2000] or None if isinstance(reason, str) else None
    turn = turn_of(session, turn_index)
    engine = _engine_scores(session, turn)
    _check_open(calibration, coach)
    st = standing(session.id)
    rows = [_judge(session, coach, turn, d, "confirm", engine[d], engine[d], reason,
                   calibration, st) for d in dimensions]
    _settle(session, calibration, commit)
    return rows


def decide_flag(session: PracticeSession, coach: User, turn_index: Any, flag_index: Any,
                decision: Any, reason: Any, calibration: CalibrationSession | None = None,
                commit: bool = True) -> FlagDecision:
    """Confirm or dismiss one flag of an answer (turn_index None: a whole-call flag)."""
    if decision not in DECISIONS:
        raise BadReview("the decision must be 'confirm' or 'dismiss'")
    verb = DECISIONS[decision].removesuffix("ed")
    reason = check_reason(reason, f"a reason to {verb} the flag")
    turn = turn_of(session, turn_index)
    if isinstance(flag_index, str) and flag_index.strip().isdigit():
        flag_index = int(flag_index)
    flags = dict(session_flags(session))
    key = (turn.id if turn else None, flag_index)
    if isinstance(flag_index, bool) or not isinstance(flag_index, int) or key not in flags:
        where = f"answer {turn.index}" if turn else "the whole call"
        raise BadReview(f"there is no flag {flag_index!r} on {where}")
    _check_open(calibration, coach)
    flag = flags[key]
    before = standing(session.id).decisions.get(key)
    row = FlagDecision(session_id=session.id, turn_id=key[0], flag_index=flag_index,
                       code=flag.get("code", ""), severity=flag.get("severity", ""),
                       decision=DECISIONS[decision], reason=reason, author_id=coach.id,
                       calibration_id=calibration.id if calibration else None)
    db.session.add(row)
    kind_name, target_id = _target(session, turn)
    extra = {"calibration": calibration.id} if calibration is not None else {}
    audit.record(f"flag.{verb}", kind_name, target_id,
                 actor=coach, reason=reason,
                 old={"session": session.id, "flag": flag_index, "code": row.code,
                      "decision": before.decision if before else None},
                 new={"session": session.id, "flag": flag_index, "code": row.code,
                      "severity": row.severity, "decision": row.decision, **extra})
    _settle(session, calibration, commit)
    return row


def mark_reviewed(session: PracticeSession, coach: User, commit: bool = True) -> None:
    """Record that a coach reviewed the session (who and when): it leaves the queue."""
    if not session.turns:
        raise ReviewConflict("the session has no answers to review yet")
    old = {"reviewed_at": iso(session.reviewed_at), "reviewed_by": session.reviewed_by}
    session.reviewed_at, session.reviewed_by = utcnow(), coach.id
    audit.record("session.reviewed", "session", session.id, actor=coach, old=old,
                 new={"reviewed_at": iso(session.reviewed_at), "reviewed_by": coach.id})
    if commit:
        db.session.commit()


def _check_open(calibration: CalibrationSession | None, coach: User) -> None:
    """A coach's part of a calibration session is closed once they submitted it."""
    if calibration is None:
        return
    mine = next((r for r in calibration.reviewers if r.coach_id == coach.id), None)
    if mine is None:
        raise ReviewConflict("you are not a reviewer of this calibration session")
    if mine.submitted_at is not None:
        raise ReviewConflict("you have submitted this calibration review; it is closed")
