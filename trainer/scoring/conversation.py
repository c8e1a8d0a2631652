"""score_conversation: aggregate the agent's turns of one call or practice session.

Each dimension is judged on the turns whose moment called for it (moment.py: an opening
calls for no empathy, a hardship does), or, for turns scored without a debtor line or call
state, on the turns where it was in play (signal or feature evidence for it, not only
learned word weights), blending their mean with the worst one (one outburst matters on a
call). The overall is the mean of the dimensions the call called for. Required steps are
hit when any agent turn carries the step's tag. Every line, the consumer's and the agent's,
moves the conversation's compliance state (state.py), each agent turn is judged in the
state its line was said in, and every rule of the compliance pack gets a status with the
turns that prove it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from . import compliance
from .contact import local_time
from .engine import score_utterance
from .state import ComplianceState, advance, call_start
from .tags import STEPS
from .text import english
from .types import DIMENSIONS, Context, Flag, Scorecard, ScoringInputError

WORST_TURN_WEIGHT = 0.25
LEARNED_SIGNALS = {"reading"}  # the language model's reading, not a named signal: not "in play"
SPEAKERS = {"agent": "agent", "debtor": "debtor", "customer": "debtor", "consumer": "debtor"}
MAX_TURNS = 5000


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
    state: ComplianceState | None = None  # after the last line
    warnings: list[str] = field(default_factory=list)
    called_for: list[str] = field(default_factory=lambda: list(DIMENSIONS))
    judged_turns: dict[str, list[int]] = field(default_factory=dict)  # dimension -> turns

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the shape the session and call scorecards use."""
        out = {"scores": {k: round(v) for k, v in self.scores.items()},
               "overall": round(self.overall), "steps_hit": self.steps_hit,
               "steps_missed": self.steps_missed, "steps": self.steps, "flags": self.flags,
               "compliance": self.compliance, "critical_fail": self.critical_fail,
               "turns": len(self.turns), "called_for": self.called_for,
               "judged_turns": self.judged_turns}
        if self.state is not None:
            out["compliance_state"] = self.state.to_dict()
        if self.warnings:
            out["warnings"] = self.warnings
        return out


@dataclass(slots=True)
class _Walk:
    """What walking the turns collects: agent cards, their states and conversation indices."""

    cards: list[Scorecard] = field(default_factory=list)
    states: list[ComplianceState] = field(default_factory=list)
    turns: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    state: ComplianceState = field(default_factory=call_start)


def _start_state(base: dict) -> ComplianceState:
    """The call followed from its first line, with the consumer's local time if known."""
    start = call_start()
    found = local_time(base.get("started_at"), base.get("consumer_timezone"))
    if found:
        start = replace(start, local_minutes=found[0], local_label=found[1])
    return start


def _turn(item, index: int) -> tuple[str, str, dict]:
    """(speaker, text, own context) of one turn, or a clear error naming the turn."""
    if isinstance(item, str):
        return "agent", item, {}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ScoringInputError("bad_turn", f"turn {index}: each turn must be text or "
                                "{\"speaker\", \"text\"}")
    speaker = SPEAKERS.get(item.get("speaker", "agent"))
    if speaker is None:
        raise ScoringInputError("bad_turn", f"turn {index}: speaker must be agent, debtor or "
                                f"customer, not {item.get('speaker')!r}")
    own = item.get("context") or {}
    if not isinstance(own, dict):
        raise ScoringInputError("bad_turn", f"turn {index}: a turn's context must be an object")
    return speaker, item["text"], own


def _walk(turns, base: dict) -> _Walk:
    """Score every agent turn in the state its line was said in; fold every line into it."""
    walk = _Walk(state=_start_state(base))
    facts = base.get("facts")
    debtor_line = None
    for index, item in enumerate(turns):
        if isinstance(item, Scorecard):  # already scored (a stored practice turn)
            walk.cards.append(item)
            walk.states.append(item.compliance_state or walk.state)
            walk.turns.append(index)
            walk.state = advance(walk.state, "agent", item.text, item.tags)
            continue
        speaker, text, own = _turn(item, index)
        if speaker == "debtor":
            if not english(text):
                walk.warnings.append(f"turn {index} (debtor) does not look like English: it "
                                     "was not read for the compliance state")
            debtor_line = text if text.strip() else debtor_line
            walk.state = advance(walk.state, "debtor", text, facts=facts)
            continue
        turn_context = dict(base, **own)
        if debtor_line and "debtor_line" not in turn_context:
            turn_context["debtor_line"] = debtor_line
        turn_context.setdefault("turn_index", len(walk.cards))
        turn_context.setdefault("state", walk.state)
        try:
            card = score_utterance(text, Context.coerce(turn_context))
        except ScoringInputError as exc:
            raise ScoringInputError(exc.code, f"turn {index}: {exc.message}") from exc
        walk.cards.append(card)
        walk.states.append(card.compliance_state)
        walk.turns.append(index)
        walk.state = advance(card.compliance_state, "agent", text, card.tags)
    return walk


def _judged_on(card: Scorecard, dimension: str) -> bool:
    """True when the turn's moment called for the dimension (or, with no moment, it was in play)."""
    if card.moment is not None and card.moment.kind != "unknown":
        return dimension in card.moment.dimensions
    return any(e.dimension == dimension and e.signal not in LEARNED_SIGNALS for e in card.evidence)


def score_conversation(turns, context=None) -> ConversationScore:
    """Score a call or practice session: agent turns in the compliance state of the call.

    turns: texts (agent lines), {"speaker": "agent"|"debtor"|"customer", "text", "context"?}
    dicts (other keys such as "start"/"end" are ignored) or Scorecards. context may hold
    "steps" (the required step ids; default: none required) and any Context field applied
    to every agent turn: "facts", "started_at", "consumer_timezone"... Flags, steps and
    checklist evidence give "turn" as the index into `turns`.
    """
    context = dict(context or {})
    required = list(context.get("steps") or [])
    unknown = [s for s in required if s not in STEPS]
    if unknown:
        raise ScoringInputError("bad_steps", f"unknown step id(s): {', '.join(unknown)}")
    if isinstance(turns, str | bytes | dict) or not hasattr(turns, "__len__"):
        raise ScoringInputError("bad_turn", "turns must be a list of turns")
    if len(turns) > MAX_TURNS:
        raise ScoringInputError("too_many_turns", f"the conversation has {len(turns):,} turns; "
                                f"the limit is {MAX_TURNS:,}")
    base = {k: v for k, v in context.items() if k != "steps"}
    Context.coerce(base)  # unknown context fields are one clear error, before any work
    walk = _walk(turns, base)
    cards = walk.cards
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
        hit = next((walk.turns[i] for i, c in enumerate(cards) if tag in c.tags), None)
        steps.append({"id": step, "title": title, "hit": hit is not None, "turn": hit})
    items = compliance.checklist(cards, walk.states, walk.turns, walk.state)
    flags = [dict(f.to_dict(), turn=walk.turns[i]) for i, c in enumerate(cards) for f in c.flags]
    flags += [dict(f.to_dict(), turn=None) for f in compliance.conversation_flags(items)]
    return ConversationScore(
        scores=scores, overall=sum(scores[d] for d in called_for) / len(called_for),
        called_for=called_for, judged_turns=judged,
        steps_hit=[s["id"] for s in steps if s["hit"]],
        steps_missed=[s["id"] for s in steps if not s["hit"]], steps=steps, flags=flags,
        compliance=items, critical_fail=any(f["severity"] == "critical" for f in flags),
        turns=cards, state=walk.state, warnings=walk.warnings)


__all__ = ["ConversationScore", "Flag", "score_conversation"]
