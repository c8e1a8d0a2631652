"""Negation, quotation, hypotheticals and hedges: when words do not say what they match.

"We are not going to sue you" is no threat; "if you don't pay, we'll sue" is. "You said we'd
sue you: we won't" repeats the consumer's words. "Maybe I'll get a lawyer" is no attorney
representation, and "paying could help your score" is no credit promise. The cue words,
scopes and the words that close them are data: data/negation.yaml.
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


def _words(items: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(sorted(items, key=len, reverse=True)) + r")\b")


@cache
def _compiled() -> dict[str, re.Pattern]:
    rules = _negation()
    return {"frames": re.compile(r"\b(?:" + "|".join(rules["quote_frames"]) + r")\b"),
            "breaks": _words(rules["quote_breaks"]),
            "hypothetical": _words([re.escape(w) for w in rules["hypothetical"]]),
            "decline": _words([re.escape(w) for w in rules["hedges_decline"]]),
            "speculate": _words([re.escape(w) for w in rules["hedges_speculate"]])}


_SENTENCE = re.compile(r"[.!?;:]|\s-\s")
_CLAUSE = re.compile(r"[.!?;:,]|\s-\s|\b(?:but|so|and then|because|although|though)\b")
_FIRST_PERSON_CLAUSE = re.compile(r"\band (?:i|we)\b")


def _last(matches):
    """The last of an iterator of matches, or None."""
    last = None
    for last in matches:  # noqa: B007 - only the last one is wanted
        pass
    return last


def _since_last(boundary: re.Pattern, lower: str, start: int, reach: int = 120) -> str:
    """The text from the last boundary before `start` up to `start`."""
    window = lower[max(0, start - reach):start]
    last = _last(boundary.finditer(window))
    return window[last.end():] if last else window


def quoted(lower: str, start: int) -> bool:
    """True when the words at `start` repeat what the consumer (or someone) said.

    A frame ("you said", "are you worried", "did someone tell you") in the same sentence,
    with no break word ("but", "so") and no new first-person clause between it and the words.
    """
    sentence = _since_last(_SENTENCE, lower, start)
    frame = _last(_compiled()["frames"].finditer(sentence))
    if frame is None:
        return False
    between = sentence[frame.end():]
    return not (_compiled()["breaks"].search(between) or _FIRST_PERSON_CLAUSE.search(between))


def hypothetical(lower: str, start: int) -> bool:
    """True when a hypothetical ("if", "maybe", "thinking of") opens the clause before `start`."""
    return bool(_compiled()["hypothetical"].search(_since_last(_CLAUSE, lower, start, 80)))


_FIGURE = re.compile(r"\d|\bpoints?\b|\bhundred\b")


def hedged(lower: str, start: int, end: int) -> str | None:
    """How a hedge governs a match with no figure: "decline" ("I can't promise your score
    will..."), "speculate" ("it might help your score") or None."""
    if _FIGURE.search(lower[start:end]):
        return None
    # Declining governs the whole sentence ("how that affects your score is up to the
    # bureaus"); speculating only the clause up to the claim.
    after = _SENTENCE.search(lower, end)
    sentence = _since_last(_SENTENCE, lower, start) + lower[start:after.start() if after
                                                              else len(lower)]
    if _compiled()["decline"].search(sentence):
        return "decline"
    if _compiled()["speculate"].search(_since_last(_CLAUSE, lower, start, 80) + lower[start:end]):
        return "speculate"
    return None


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
    subject = ""
    for index in range(len(tokens) - 1, -1, -1):
        tok = tokens[index]
        is_object = ((bool(scope) and scope[-1] in rules["coordinators"])  # "sue you or ..."
                     or (index > 0 and tokens[index - 1] in rules["object_verbs"]))
        if ((tok.split("'")[0] in stops and not is_object) or tok in rules["stop_chars"]
                or len(scope) >= rules["window"]):
            subject = tok.split("'")[0]
            break
        scope.append(tok)
    scope.reverse()
    for i, tok in enumerate(scope):
        base = tok[:-2] if tok.endswith("'s") else tok  # "nobody's", "nothing's"
        is_cue = base in rules["cues"] or tok.endswith("n't") or (
            base == "one" and i > 0 and scope[i - 1] == "no")
        following = scope[i + 1] if i + 1 < len(scope) else ""
        veiled = following in rules["cancelled_by_next"] and not (
            i == 0 and subject in rules["sincere_subjects"] and following in rules["wishes"])
        if is_cue and not veiled:
            return True
    return False
