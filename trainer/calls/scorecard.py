"""The call scorecard: score every agent turn and the conversation, then add the checklist,
metrics, customer sentiment, promise to pay and the redaction count (INTERFACES.md shape,
plus the words with timings, the speaker assignment and the sentiment series)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .activity import Regions
from .errors import CallInputError
from .metrics import call_metrics, turn_regions
from .outcomes import customer_sentiment, promise_to_pay
from .redact import redact
from .transcript import CallTranscript, Turn, Word

TURN_CARD_KEYS = ("scores", "overall", "flags", "evidence", "suggestions")


def redact_turns(turns: list[Turn]) -> tuple[list[Turn], dict[str, int]]:
    """The turns with sensitive numbers masked in their text and words; counts by kind."""
    counts: dict[str, int] = {}
    out = []
    for turn in turns:
        text, found = redact(turn.text)
        for r in found:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        words = _split_like(text, turn.words) if found and turn.words else turn.words
        out.append(replace(turn, text=text, words=words))
    return out, counts


def _split_like(text: str, words: list[Word]) -> list[Word]:
    """The masked text cut back into the words it was joined from (masking keeps lengths)."""
    out, at = [], 0
    for word in words:
        size = len(word.text.strip())
        if not size:
            continue
        out.append(replace(word, text=text[at:at + size]))
        at += size + 1
    return out


def conversation_context(call: CallTranscript, transcribed: bool) -> dict[str, Any]:
    """What score_conversation is told about the call: when, where, facts, how it was heard."""
    meta = call.metadata
    facts = dict(meta.facts)
    local = meta.local_start()
    if local is not None:
        facts.setdefault("today", local.date().isoformat())  # "Friday" means the call's Friday
    context: dict[str, Any] = {"facts": facts}
    if meta.started_at is not None:
        context["started_at"] = meta.started_at.isoformat()
    if meta.consumer_timezone:
        context["consumer_timezone"] = meta.consumer_timezone
    if transcribed:
        context["source"] = "transcribed"
    return context


def score_turns(turns: list[Turn], context: dict[str, Any]):
    """score_conversation over the call (all agent turns in one pass); clear errors."""
    from trainer.scoring import ScoringInputError, score_conversation

    items = [{"speaker": t.speaker, "text": t.text} for t in turns]
    try:
        return score_conversation(items, context)
    except ScoringInputError as exc:
        raise CallInputError("empty_call" if exc.code == "no_agent_turns" else "bad_transcript",
                             f"the call cannot be scored: {exc.message}") from exc


def build_scorecard(call: CallTranscript, *, file: str | None,
                    activity: dict[str, Regions] | None = None,
                    assignment: dict[str, Any] | None = None,
                    extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The call scorecard of a call whose turns are labelled agent and customer.

    `activity` gives each side's active stretches (audio); without it, timed turns stand in.
    """
    turns, redactions = redact_turns(call.turns)
    if not any(t.speaker == "agent" for t in turns):
        raise CallInputError("empty_call", "nobody on the call speaks as the agent")
    conversation = score_turns(turns, conversation_context(call, call.source != "transcript"))
    agent_index = [i for i, t in enumerate(turns) if t.speaker == "agent"]
    cards = {i: card.to_dict() for i, card in zip(agent_index, conversation.turns, strict=True)}
    duration = call.end_time()
    if activity is None:
        activity = {s: turn_regions(turns, s) for s in ("agent", "customer")}
    timed = duration is not None and (activity["agent"] or activity["customer"])
    sentiment = customer_sentiment(turns)
    summary = conversation.to_dict()
    card = {
        "file": file, "id": call.metadata.id, "duration": round(duration, 2) if duration else None,
        "turns": [_turn_dict(t, cards.get(i), sentiment) for i, t in enumerate(turns)],
        "agent_scores": summary["scores"], "overall": summary["overall"],
        "critical_fail": summary["critical_fail"],
        "compliance": [_remap(item, agent_index) for item in summary["compliance"]],
        "metrics": call_metrics(activity["agent"], activity["customer"], duration, turns)
        if timed else None,
        "customer_sentiment": sentiment,
        "promise_to_pay": promise_to_pay(turns, cards),
        "flags": [_remap_flag(f, agent_index) for f in summary["flags"]],
        "redactions": {"count": sum(redactions.values()), "by_kind": redactions},
        "source": call.source, "agent": call.metadata.agent,
        **{k: v for k, v in call.metadata.to_dict().items() if k in ("started_at",
                                                                      "consumer_timezone")},
        "speaker_assignment": assignment or {"method": "transcript", "confidence": 1.0},
    }
    card.update(extra or {})
    return card


def _turn_dict(turn: Turn, card: dict | None, sentiment: dict) -> dict[str, Any]:
    out: dict[str, Any] = {"speaker": turn.speaker, "text": turn.text, "start": _r(turn.start),
                           "end": _r(turn.end)}
    if card is not None:
        out.update({k: card[k] for k in TURN_CARD_KEYS if k in card})
    if turn.words:
        out["words"] = [w.to_dict() for w in turn.words]
    return out


def _r(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _remap(item: dict, agent_index: list[int]) -> dict:
    """Checklist evidence points at call turns; `agent_turn` says which agent turn it was."""
    return {**item, "evidence": [_with_agent_turn(ev, agent_index)
                                 for ev in item.get("evidence") or []]}


def _remap_flag(flag: dict, agent_index: list[int]) -> dict:
    return _with_agent_turn(flag, agent_index)


def _with_agent_turn(entry: dict, agent_index: list[int]) -> dict:
    """The engine gives call-turn indices; add the agent-turn index when it is an agent turn."""
    turn = entry.get("turn")
    if isinstance(turn, int) and turn in agent_index:
        return {**entry, "agent_turn": agent_index.index(turn)}
    return entry
