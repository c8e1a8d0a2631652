"""A session's result as it stands: the engine's scores with the coaches' changes applied.

The engine's scorecards (`Turn.scorecard`, `PracticeSession.summary`) are never changed.
The latest coach judgement of each dimension (outside blind calibration) and the latest
decision on each flag are applied on top, and the outcome is stored beside the summary
(`PracticeSession.result` and its indexed copies) whenever one of them changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trainer.extensions import db
from trainer.models import FlagDecision, PracticeSession, ScoreJudgement, Turn, User
from trainer.models.clock import iso
from trainer.scoring.types import DIMENSIONS

from .cards import card_from_dict

REVIEW_SEVERITIES = ("critical", "major")  # besides flags marked `review`: a human checks them


def needs_review(flag: dict[str, Any]) -> bool:
    """A critical or major flag, or one the rule pack marks for human review."""
    return flag.get("severity") in REVIEW_SEVERITIES or bool(flag.get("review"))


@dataclass
class Standing:
    """The coaches' latest word on one session (blind calibration records left out)."""

    # turn id (None: the session) -> dimension -> latest judgement
    judgements: dict[int | None, dict[str, ScoreJudgement]] = field(default_factory=dict)
    # (turn id or None, flag index) -> latest decision
    decisions: dict[tuple[int | None, int], FlagDecision] = field(default_factory=dict)

    def score(self, turn_id: int | None, dimension: str) -> ScoreJudgement | None:
        """The latest judgement of one dimension of a turn (or of the session)."""
        return self.judgements.get(turn_id, {}).get(dimension)

    def turn_scores(self, turn: Turn) -> dict[str, float]:
        """The turn's scores as they stand."""
        engine = turn.scorecard.get("scores") or {}
        return {d: self._value(turn.id, d, engine.get(d)) for d in DIMENSIONS}

    def changed(self, turn_id: int | None, engine: dict[str, float]) -> list[str]:
        """The dimensions a coach set to another value than the engine's."""
        return [d for d in DIMENSIONS
                if (j := self.score(turn_id, d)) is not None and j.score != engine.get(d)]

    def _value(self, turn_id, dimension, engine_value):
        judgement = self.score(turn_id, dimension)
        return judgement.score if judgement is not None else engine_value


def standing(session_id: int) -> Standing:
    """Collect the latest judgements and flag decisions of a session (oldest applied first)."""
    return standings([session_id]).get(session_id, Standing())


def standings(session_ids: list[int]) -> dict[int, Standing]:
    """Standing of many sessions in two queries (open records only, not blind calibration)."""
    out: dict[int, Standing] = {}
    if not session_ids:
        return out
    for model in (ScoreJudgement, FlagDecision):
        rows = db.session.scalars(
            db.select(model).where(model.session_id.in_(session_ids),
                                   model.calibration_id.is_(None))
            .order_by(model.created_at, model.id))
        for row in rows:
            st = out.setdefault(row.session_id, Standing())
            if model is ScoreJudgement:
                st.judgements.setdefault(row.turn_id, {})[row.dimension] = row
            else:
                st.decisions[(row.turn_id, row.flag_index)] = row
    return out


def session_flags(session: PracticeSession) -> list[tuple[tuple[int | None, int], dict]]:
    """Every flag of the session with its key: (turn id, index in that turn's flags), or
    (None, index in the summary's flags) for whole-call flags. Running sessions: turns only."""
    turns = {t.index: t for t in session.turns}
    if session.summary is None:
        return [((t.id, i), f) for t in turns.values()
                for i, f in enumerate(t.scorecard.get("flags") or [])]
    out, seen = [], {}
    for position, flag in enumerate(session.summary.get("flags") or []):
        turn = turns.get(flag.get("turn")) if flag.get("turn") is not None else None
        if turn is None:
            out.append(((None, position), flag))
            continue
        index = seen.get(turn.id, 0)
        seen[turn.id] = index + 1
        out.append(((turn.id, index), flag))
    return out


def count_flags(session: PracticeSession, st: Standing) -> tuple[int, int, int]:
    """(critical flags not dismissed, flags awaiting a human decision, flags dismissed)."""
    critical = waiting = dismissed = 0
    for key, flag in session_flags(session):
        decision = st.decisions.get(key)
        if decision is not None and decision.decision == "dismissed":
            dismissed += 1
            continue
        critical += flag.get("severity") == "critical"
        waiting += decision is None and needs_review(flag)
    return critical, waiting, dismissed


def _standing_scores(session: PracticeSession, st: Standing) -> dict[str, float]:
    """Session dimension scores: re-aggregated when a coach changed an answer's score,
    then replaced by any session-level judgement."""
    from trainer.scoring import score_conversation

    summary = session.summary
    scores = dict(summary["scores"])
    turns = list(session.turns)
    if any(st.changed(t.id, t.scorecard.get("scores") or {}) for t in turns):
        cards = []
        for turn in turns:
            card = card_from_dict(turn.scorecard)
            card.scores = st.turn_scores(turn)
            cards.append(card)
        scores = {d: round(v) for d, v in score_conversation(cards).scores.items()}
    for dimension, judgement in st.judgements.get(None, {}).items():
        scores[dimension] = judgement.score
    return scores


def store_result(session: PracticeSession, st: Standing | None = None) -> None:
    """Recompute what the session's result is now and store it beside the engine's summary."""
    from .verdict import fail_reasons

    st = st if st is not None else standing(session.id)
    critical, waiting, dismissed = count_flags(session, st)
    session.critical_flags, session.flags_to_review = critical, waiting
    summary = session.summary
    if summary is None:
        return
    scores = _standing_scores(session, st)
    changed = [d for d in DIMENSIONS if scores.get(d) != summary["scores"].get(d)]
    overall = summary["overall"]
    called = summary.get("called_for") or list(DIMENSIONS)  # what the call was judged on
    if changed:
        overall = round(sum(scores[d] for d in called) / len(called), 1)
    answers = [dict(t.scorecard, scores=st.turn_scores(t))
               for t in sorted(session.turns, key=lambda t: t.index)]
    reasons = fail_reasons(dict(summary, scores=scores, overall=overall),
                           summary.get("pass_mark"), answers, critical=critical > 0)
    passed = not reasons
    changed += ["overall"] * (overall != summary["overall"])
    changed += ["passed"] * (passed != session.passed)
    changed += ["flags"] * (dismissed > 0)
    set_result(session, {"scores": scores, "overall": overall, "passed": passed,
                         "critical_fail": critical > 0, "fail_reasons": reasons,
                         "changed": changed, "called_for": called})


def set_result(session: PracticeSession, result: dict[str, Any]) -> None:
    """Store a result and its indexed copies (what lists and trends read)."""
    session.result = result
    session.result_overall, session.result_passed = result["overall"], result["passed"]
    session.result_changed = bool(result["changed"])
    called = result.get("called_for") or DIMENSIONS
    for dimension in DIMENSIONS:
        # a dimension the call never called for is no trend point (it did not count)
        setattr(session, f"result_{dimension}", (result["scores"] or {}).get(dimension)
                if dimension in called else None)


def person(user: User | None) -> dict[str, Any] | None:
    """Who did something, as JSON."""
    return {"id": user.id, "name": user.display_name} if user is not None else None


def judgement_dict(j) -> dict[str, Any]:
    """A coach's score for one dimension, as JSON."""
    return {"dimension": j.dimension, "kind": j.kind, "score": j.score, "engine": j.engine_score,
            "reason": j.reason, "by": person(j.author), "at": iso(j.created_at)}


def flag_decisions(st, turn_id: int | None) -> list[dict[str, Any]]:
    """The latest decision on each flag of a turn (None: the whole-call flags), as JSON."""
    return [{"index": index, "code": d.code, "decision": d.decision, "reason": d.reason,
             "by": person(d.author), "at": iso(d.created_at)}
            for (tid, index), d in sorted(st.decisions.items(), key=lambda kv: kv[0][1])
            if tid == turn_id]
