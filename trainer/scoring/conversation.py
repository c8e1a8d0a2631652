"""score_conversation: aggregate the agent's turns of one call or practice session.

Each dimension is judged on the turns whose moment called for it (moment.py: an opening
calls for no empathy, a hardship does), or, for turns scored without a debtor line or call
state, on the turns where it was in play (signal or feature evidence for it, not only
learned word weights), blending their mean with the worst one (one outburst matters on a
call). The overall is the mean of the dimensions the call called for. Required steps are
hit when any agent turn carries the step's tag, and every rule of the compliance pack gets
a status with the turns that prove it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import compliance
from .engine import score_utterance
from .tags import STEPS
from .types import DIMENSIONS, Context, Flag, Scorecard, ScoringInputError

WORST_TURN_WEIGHT = 0.25
# Facts about the whole call (calling hours), not about one turn: never a turn's Context.
CALL_KEYS = ("steps", "started_at", "consumer_timezone")
LEARNED_SIGNALS = {"reading"}  # the language model's reading, not a named signal: not "in play"


@dataclass(slots=True)
class ConversationScore:
    """A whole conversation: scores, steps, flags and the compliance checklist."""

    scores: dict[str, float]
    overall: float
    steps_hit: list[str]
    steps_missed: list[str]
    steps: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    compliance: list[dict[str, Any]]
    critical_fail: bool
    turns: list[Scorecard] = field(default_factory=list)
    called_for: list[str] = field(default_factory=lambda: list(DIMENSIONS))
    judged_turns: dict[str, list[int]] = field(default_factory=dict)  # dimension -> turns

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the shape the session and call scorecards use."""
        return {"scores": {k: round(v) for k, v in self.scores.items()},
                "overall": round(self.overall), "steps_hit": self.steps_hit,
                "steps_missed": self.steps_missed, "steps": self.steps, "flags": self.flags,
                "compliance": self.compliance, "critical_fail": self.critical_fail,
                "turns": len(self.turns), "called_for": self.called_for,
                "judged_turns": self.judged_turns}


def _agent_turns(turns, context: dict) -> tuple[list[Scorecard], list[Context]]:
    """Score (or reuse) every agent turn, with its own context or one built from the call."""
    base = {k: v for k, v in context.items() if k not in CALL_KEYS}
    cards, contexts, debtor_line = [], [], None
    for item in turns:
        if isinstance(item, Scorecard):
            cards.append(item)
            contexts.append(Context.coerce(getattr(item, "context", None) or base or None))
            continue
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ScoringInputError("bad_turn", "each turn must be text or {\"text\": ...}")
        if item.get("speaker", "agent") != "agent":
            debtor_line = item["text"]
            continue
        turn_context = dict(base, **(item.get("context") or {}))
        if debtor_line and "debtor_line" not in turn_context:
            turn_context["debtor_line"] = debtor_line
        turn_context.setdefault("turn_index", len(cards))
        ctx = Context.coerce(turn_context)
        cards.append(score_utterance(item["text"], ctx))
        contexts.append(ctx)
    return cards, contexts


def _judged_on(card: Scorecard, dimension: str) -> bool:
    """True when the turn's moment called for the dimension (or, with no moment, it was in play)."""
    if card.moment is not None and card.moment.kind != "unknown":
        return dimension in card.moment.dimensions
    return any(e.dimension == dimension and e.signal not in LEARNED_SIGNALS for e in card.evidence)


def score_conversation(turns, context=None) -> ConversationScore:
    """Aggregate agent turns (texts, {"text","speaker","context"} dicts or Scorecards).

    context may hold "steps" (the required step ids; default: none required) and any
    Context field applied to every turn that has no context of its own.
    """
    context = dict(context or {})
    required = list(context.get("steps") or [])
    unknown = [s for s in required if s not in STEPS]
    if unknown:
        raise ScoringInputError("bad_steps", f"unknown step id(s): {', '.join(unknown)}")
    cards, contexts = _agent_turns(turns, context)
    if not cards:
        raise ScoringInputError("no_agent_turns", "the conversation has no agent turns to score")
    scores, judged = {}, {}
    for dim in DIMENSIONS:
        judged[dim] = [i for i, c in enumerate(cards) if _judged_on(c, dim)]
        values = [cards[i].scores[dim] for i in judged[dim]] or [c.scores[dim] for c in cards]
        mean = sum(values) / len(values)
        scores[dim] = (1 - WORST_TURN_WEIGHT) * mean + WORST_TURN_WEIGHT * min(values)
    called_for = [d for d in DIMENSIONS if judged[d]] or list(DIMENSIONS)
    steps = []
    for step in required:
        tag, title = STEPS[step]
        hit = next((i for i, c in enumerate(cards) if tag in c.tags), None)
        steps.append({"id": step, "title": title, "hit": hit is not None, "turn": hit})
    flags = [dict(f.to_dict(), turn=i) for i, c in enumerate(cards) for f in c.flags]
    flags += [dict(f.to_dict(), turn=None) for f in compliance.conversation_flags(cards, contexts)]
    return ConversationScore(
        scores=scores, overall=sum(scores[d] for d in called_for) / len(called_for),
        called_for=called_for, judged_turns=judged,
        steps_hit=[s["id"] for s in steps if s["hit"]],
        steps_missed=[s["id"] for s in steps if not s["hit"]], steps=steps, flags=flags,
        compliance=compliance.checklist(cards, contexts),
        critical_fail=any(f["severity"] == "critical" for f in flags), turns=cards)


__all__ = ["ConversationScore", "Flag", "score_conversation"]
