"""What an evidence list may hold, so that every item on it is advice a trainee can act on.

- An item moves its dimension by at least MEANINGFUL points, or it is left out of the
  list and of the score alike (the score stays the sum of the reasons shown).
- The reading layer's per-word shares are one "overall wording" item per dimension that
  names the words that weighed most, not one item per common word.
- Nothing inside a threat, an insult, abuse, a dismissive command ("calm down") or a
  flagged span raises any dimension: aggression is never credited as assertiveness, and
  "arrested" never reads as empathy.
- A capped score's explanation leads with its cap.
"""

from __future__ import annotations

from functools import cache

from .. import reading
from ..tags import NO_CREDIT, expand
from ..text import Utterance
from ..types import DIMENSIONS, Evidence

# Points on the 0-100 scale. Smaller effects change no band and no advice; the README
# ("Evidence that matters") gives the measurement behind the figure.
MEANINGFUL = 2.0


def is_cap(item: Evidence) -> bool:
    """True for the evidence item that records a cap."""
    return item.signal.startswith("cap_")


def hostile_spans(utterance: Utterance) -> list[tuple[int, int]]:
    """(start, end) of every threat, insult, abuse, dismissive or flagged span (cached)."""
    spans = utterance.features.get("hostile_spans")
    if spans is None:
        spans = [(m.start, m.end) for m in utterance.matches if _no_credit(m.tags)]
        spans += [(f.start, f.end) for f in utterance.features.get("flags", ())
                  if f.start is not None and f.end is not None and f.end > f.start]
        utterance.features["hostile_spans"] = spans
    return spans


@cache
def _no_credit(tags: tuple[str, ...]) -> bool:
    return bool(NO_CREDIT & expand(set(tags)))


def _inside(start: int | None, end: int | None, spans: list[tuple[int, int]]) -> bool:
    return start is not None and end is not None and any(s < end and start < e for s, e in spans)


def kept(utterance: Utterance, items: list[Evidence]) -> list[Evidence]:
    """The items that move their dimension by at least MEANINGFUL points, less any positive
    one that points into a hostile or flagged span."""
    spans = hostile_spans(utterance)
    return [e for e in items if abs(e.effect) >= MEANINGFUL
            and (e.effect < 0 or not spans or not _inside(e.start, e.end, spans))]


def ordered(items: list[Evidence]) -> list[Evidence]:
    """The cap first, then the rest in reading order (whole-answer and audio items last)."""
    return sorted(items, key=lambda e: (not e.signal.startswith("cap_"),
                                        e.start if e.start is not None else 10**6,
                                        -abs(e.effect)))


def _reading(utterance: Utterance):
    """(effect per dimension, word spans, word points, each dimension's words strongest first
    in the direction of its effect), with hostile words' credit removed; once per utterance."""
    cached = utterance.features.get("reading")
    if cached is None:
        effect, spans, points = reading.word_points(utterance.text)
        hostile = hostile_spans(utterance)
        blocked = [n for n, (s, e) in enumerate(spans) if _inside(s, e, hostile)] if hostile else []
        if blocked:
            points = points.copy()
            credit = points[blocked].clip(min=0)
            points[blocked] -= credit
            removed = credit.sum(axis=0)
            effect = {d: effect[d] - float(removed[k]) for k, d in enumerate(DIMENSIONS)}
        signs = [1.0 if effect[d] > 0 else -1.0 for d in DIMENSIONS]
        strongest = (-(points * signs)).argsort(axis=0)[:reading.SHOWN]
        cached = utterance.features["reading"] = effect, spans, points * signs, strongest
    return cached


def reading_evidence(utterance: Utterance, dimension: str) -> list[Evidence]:
    """The reading layer as one "overall wording" item naming its weightiest words, or nothing.

    The item's effect is the layer's whole effect on the dimension, so the score stays the
    sum of the reasons under it; the words named are those that pushed the same way most.
    """
    if not reading.available():
        return []
    effect, spans, pushed, strongest = _reading(utterance)
    total = effect[dimension]
    if abs(total) < MEANINGFUL:
        return []
    k = DIMENSIONS.index(dimension)
    words = []
    for n in strongest[:, k]:
        if pushed[n, k] < reading.MIN_EFFECT:
            break
        start, end = reading.core(utterance.text, spans[n])
        words.append({"text": utterance.span(start, end), "start": start, "end": end,
                      "effect": round(float(pushed[n, k]) * (1 if total > 0 else -1), 1)})
    verb = "raises" if total > 0 else "lowers"
    why = (f"the overall wording, read in context by the fine-tuned language model, {verb} "
           f"{dimension.replace('_', ' ')}")
    if words:
        why += "; most of all " + ", ".join(f"“{w['text']}”" for w in words)
    return [Evidence(dimension=dimension, signal="reading", effect=total, why=why, start=0,
                     end=len(utterance.text), text=utterance.text, words=words or None)]
