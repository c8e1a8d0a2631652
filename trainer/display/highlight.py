"""Split an answer into segments so evidence and flag spans can be shown with <mark>."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    """A run of text and the evidence/flag items that cover all of it."""

    text: str
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def dimensions(self) -> list[str]:
        """The dimensions (or 'flag') of the covering items, in order, without repeats."""
        seen: list[str] = []
        for item in self.items:
            if item["kind"] not in seen:
                seen.append(item["kind"])
        return seen

    @property
    def direction(self) -> str:
        """'down' under a flag or when the effects here add up to a loss, else 'up'.

        The sum, not any one item: "I understand" raising empathy by 25 stays 'up' even when
        the reading layer takes a point off one of its words.
        """
        if any(i["kind"] == "flag" for i in self.items):
            return "down"
        return "down" if sum(i.get("effect") or 0 for i in self.items) < 0 else "up"


def _spans(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence and flags that point at characters of the text, as uniform items.

    The reading layer's "rest of the wording" covers the whole answer and points nowhere in
    particular: it is listed under its dimension, not marked (it would mark every word).
    """
    length = len(card.get("text") or "")
    judged = called_for(card)
    items = []
    for ev in card.get("evidence") or []:
        if (ev.get("start"), ev.get("end")) == (0, length) and ev.get("signal") == "reading":
            continue
        if ev.get("dimension") not in judged:
            continue  # the moment did not call for it: not advice here
        if isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
            items.append({"kind": ev["dimension"], "start": ev["start"], "end": ev["end"],
                          "effect": ev.get("effect"), "why": ev.get("why", ""),
                          "signal": ev.get("signal", "")})
    for flag in card.get("flags") or []:
        if isinstance(flag.get("start"), int) and isinstance(flag.get("end"), int):
            items.append({"kind": "flag", "start": flag["start"], "end": flag["end"],
                          "effect": None, "why": f"{flag.get('rule', '')}: {flag.get('why', '')}",
                          "signal": flag.get("code", ""), "severity": flag.get("severity")})
    return [i for i in items if 0 <= i["start"] < i["end"] <= length]


def called_for(card: dict[str, Any]) -> set[str]:
    """The dimensions the answer's moment called for (every one for a card without a moment)."""
    from trainer.scoring.types import DIMENSIONS

    moment = card.get("moment") or {}
    return set(moment.get("dimensions") or DIMENSIONS)


def segments(card: dict[str, Any]) -> list[Segment]:
    """The answer cut at every span boundary; each piece lists the items covering it."""
    text = card.get("text") or ""
    items = _spans(card)
    cuts = sorted({0, len(text), *(i["start"] for i in items), *(i["end"] for i in items)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [i for i in items if i["start"] <= start and end <= i["end"]]
        out.append(Segment(text[start:end], covering))
    return out


def evidence_by_dimension(card: dict[str, Any], dimensions) -> dict[str, list[dict]]:
    """Evidence grouped per dimension: a cap first (it explains the score), then biggest first."""
    grouped: dict[str, list[dict]] = {d: [] for d in dimensions}
    for ev in card.get("evidence") or []:
        grouped.setdefault(ev.get("dimension", "other"), []).append(ev)
    for items in grouped.values():
        items.sort(key=lambda e: (not str(e.get("signal", "")).startswith("cap_"),
                                  -abs(e.get("effect") or 0)))
    return grouped
