"""A transcribed turn's words, grouped under the evidence that covers them, for pages that
show each word as a button that plays the recording from there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .highlight import Segment, segments


@dataclass
class WordRun(Segment):
    """Consecutive words covered by the same evidence (none: plain words)."""

    words: list[dict[str, Any]] = field(default_factory=list)


def word_runs(turn: dict[str, Any]) -> list[WordRun]:
    """The turn's timed words in runs: each run's `items` are the evidence and flags marking
    it, found by where each word sits in the turn's text."""
    text = turn.get("text") or ""
    cuts = segments(turn) if turn.get("evidence") or turn.get("flags") else []
    bounds, at = [], 0
    for seg in cuts:
        bounds.append((at, at + len(seg.text), seg.items))
        at += len(seg.text)
    runs: list[WordRun] = []
    at = 0
    for word in turn.get("words") or []:
        token = (word.get("word") or "").strip()
        if not token:
            continue
        found = text.find(token, at)
        start = found if found >= 0 else at
        at = start + len(token) if found >= 0 else at
        items = next((seg_items for a, b, seg_items in bounds if a <= start < b), [])
        if runs and runs[-1].items == items:
            runs[-1].words.append(word)
            runs[-1].text += " " + token
        else:
            runs.append(WordRun(token, items, [word]))
    return runs
