"""Coach-reviewed answers as labelled items in the gold set's format (tests/data/GOLD.md),
so the engine can be refitted on what coaches taught it (refitting stays a developer step).

An answer is exported when a coach judged all four of its dimensions (an override or an
explicit confirmation); its labels are the coach's scores read on the 1-5 scale, its flags
the engine's flags a coach did not dismiss, and its context is rebuilt by replaying the
session on the scenario version it was played on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload

from trainer.extensions import db
from trainer.models import PracticeSession, ScoreJudgement
from trainer.scoring.types import DIMENSIONS
from trainer.sessions.library import scenario_of
from trainer.sessions.results import standings

from .calibration import to_label

# The gold set's situation for each shipped scenario (GOLD.md lists the situations).
SITUATIONS = {"attorney_cease": "attorney_cease", "broken_promise": "broken_promise",
              "cooperative_plan": "settlement", "credit_question": "credit",
              "lost_job": "lost_job", "medical_hardship": "medical", "not_my_debt": "dispute",
              "scam_suspicion": "dispute", "settlement_haggle": "settlement",
              "stop_calling": "angry", "wrong_party": "wrong_party"}
CONTEXT_FLAGS = ("dispute_open", "cease_requested", "attorney")  # kept only when true


def replayed_contexts(session: PracticeSession) -> list[dict[str, Any]]:
    """The scoring context of each answer, rebuilt by replaying the scenario's state machine
    on the answers' own tags (only the debtor's line when the scenario cannot be replayed)."""
    from trainer.scenarios import ScenarioError
    from trainer.scenarios.runner import advance, context_for, start

    turns = list(session.turns)
    fallback = [{"debtor_line": t.debtor_line} for t in turns]
    scenario = scenario_of(session)
    if scenario is None:
        return fallback
    try:
        state, _line = start(scenario)
        out = []
        for turn in turns:
            out.append(context_for(scenario, state))
            state = advance(scenario, state, turn.scorecard.get("tags") or []).state
    except ScenarioError:
        return fallback
    return out


def _context(turn, replayed: dict[str, Any]) -> dict[str, Any]:
    context = {"debtor_line": turn.debtor_line}
    if "listener" in replayed:
        context["listener"] = replayed["listener"]
        context["right_party_verified"] = replayed["right_party_verified"]
    context.update({k: True for k in CONTEXT_FLAGS if replayed.get(k)})
    return context


def situation(scenario_id: str, context: dict[str, Any], tags: list[str]) -> str:
    """The gold set's situation of one answer."""
    if context.get("listener") == "third_party":
        return "wrong_party"
    if context.get("right_party_verified") is False:
        return "opening"
    if "recap" in tags:
        return "closing"
    return SITUATIONS.get(scenario_id, "opening")


def gold_items(trainee_ids: list[int] | None = None) -> tuple[list[dict[str, Any]], int]:
    """(gold items, answers skipped because not all four dimensions were judged)."""
    reviewed = db.select(ScoreJudgement.session_id).where(
        ScoreJudgement.calibration_id.is_(None), ScoreJudgement.turn_id.is_not(None))
    query = (db.select(PracticeSession).where(PracticeSession.id.in_(reviewed))
             .options(selectinload(PracticeSession.turns)).order_by(PracticeSession.id))
    if trainee_ids is not None:
        query = query.where(PracticeSession.user_id.in_(trainee_ids))
    sessions = list(db.session.scalars(query))
    st = standings([s.id for s in sessions])
    items, skipped = [], 0
    for session in sessions:
        standing = st[session.id]
        contexts = None
        for turn in session.turns:
            judged = standing.judgements.get(turn.id, {})
            if not judged:
                continue
            if set(judged) != set(DIMENSIONS):
                skipped += 1
                continue
            if contexts is None:
                contexts = replayed_contexts(session)
            context = _context(turn, contexts[turn.index])
            tags = turn.scorecard.get("tags") or []
            flags = [f["code"] for i, f in enumerate(turn.scorecard.get("flags") or [])
                     if (d := standing.decisions.get((turn.id, i))) is None
                     or d.decision != "dismissed"]
            items.append({
                "id": f"coach-s{session.id}-t{turn.index}", "text": turn.text,
                "situation": situation(session.scenario_id, context, tags), "context": context,
                "labels": {d: to_label(judged[d].score) for d in DIMENSIONS},
                "flags": sorted(set(flags)), "split": "train", "starter": None,
                "source": "coach review"})
    return items, skipped
