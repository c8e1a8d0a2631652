"""Negation scope for signals marked `negatable` (threats, false statements).

"We are not going to sue you" is no threat; "if you don't pay, we'll sue" is. The cue words,
the scope window and the words that close the scope are data: data/negation.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("data")


@cache
def _negation() -> dict[str, Any]:
    return yaml.safe_load((DATA / "negation.yaml").read_text())


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[^\sa-z]")


def negated(lower: str, start: int, end: int | None = None) -> bool:
    """True when a negation cue governs the words just before `start`, in the same clause.

    A pronoun (also contracted: "we'll", "I'm") opens a new subject and closes the scope,
    and so does a match that itself starts with one ("we'll sue" after "if you don't pay").
    """
    rules = _negation()
    stops = rules["stop_words"]
    first = _WORD.findall(lower[start:end if end is not None else start + 20])[:1]
    tokens = _WORD.findall(lower[max(0, start - 80):start])
    if first and first[0].split("'")[0] in stops:
        # a match that opens with its own subject: only a cue right before it governs it
        # ("nothing you need to..."), not one from an earlier clause ("if you don't pay, we'll")
        tokens = tokens[-1:]
    scope: list[str] = []
    for tok in reversed(tokens):
        is_object = bool(scope) and scope[-1] in rules["coordinators"]  # "sue you or ..."
        if ((tok.split("'")[0] in stops and not is_object) or tok in rules["stop_chars"]
                or len(scope) >= rules["window"]):
            break
        scope.append(tok)
    scope.reverse()
    for i, tok in enumerate(scope):
        base = tok[:-2] if tok.endswith("'s") else tok  # "nobody's", "nothing's"
        is_cue = base in rules["cues"] or tok.endswith("n't") or (
            base == "one" and i > 0 and scope[i - 1] == "no")
        following = scope[i + 1] if i + 1 < len(scope) else ""
        if is_cue and following not in rules["cancelled_by_next"]:
            return True
    return False
