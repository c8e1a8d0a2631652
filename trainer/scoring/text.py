"""Input checks and the one-pass analysis of an utterance that every scorer reads.

Offsets matter: evidence spans point into the text exactly as given, so normalisation
only swaps characters one for one (curly quotes, dashes) and never changes the length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .types import Context, ScoringInputError

MAX_CHARS = 5000
# One-for-one swaps, so offsets in the normalised text are offsets in the original.
_SWAPS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u2009": " "})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ALPHA = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
ENGLISH_MIN_SHARE = 0.6  # share of words a dictionary knows, for texts of 3+ words


@cache
def _dictionary() -> frozenset[str]:
    """An English word list (pyspellchecker's bundled dictionary, MIT), loaded on first use."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(distance=1).word_frequency.dictionary)


def straighten(text: str) -> str:
    """Curly quotes, dashes and odd spaces swapped one for one (offsets unchanged)."""
    return text.translate(_SWAPS)


def check_text(text) -> str:
    """The text to score, or a ScoringInputError that says plainly what is wrong with it."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScoringInputError("bad_encoding",
                                    f"text is not valid UTF-8 (bad byte at {exc.start})") from exc
    if not isinstance(text, str):
        raise ScoringInputError("bad_type", "text must be a string")
    if not text.strip():
        raise ScoringInputError("empty", "text is empty")
    if len(text) > MAX_CHARS:
        raise ScoringInputError("too_long",
                                f"text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if _CONTROL.search(text):
        raise ScoringInputError("bad_characters", "text contains control characters")
    words = _ALPHA.findall(text)
    if not words:
        raise ScoringInputError("no_words", "text has no words to score")
    if not looks_english(words):
        raise ScoringInputError("not_english", "text does not look like English; "
                                "the scoring engine only scores English")
    return text


def english(text: str) -> bool:
    """True when a text (with words) looks English, or has no words to judge."""
    words = _ALPHA.findall(text)
    return not words or looks_english(words)


def looks_english(words: list[str]) -> bool:
    """True when most words are English (short texts get the benefit of the doubt)."""
    ascii_words = [w for w in words if w.isascii()]
    if len(ascii_words) < len(words) / 2:
        return False
    if len(words) < 3:
        return True
    known = _dictionary()
    needed = ENGLISH_MIN_SHARE * len(words)
    hits = 0
    for w in words:  # stops as soon as enough words are known (most answers are English)
        low = w.lower()
        if low.replace("'", "") in known or low in known or low.split("'")[0] in known:
            hits += 1
            if hits >= needed:
                return True
    return hits >= needed


@dataclass(slots=True)
class Utterance:
    """An utterance analysed once: original and normalised text, context, signal matches, tags."""

    text: str
    norm: str
    lower: str
    context: Context
    matches: list = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    features: dict = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, context: Context) -> Utterance:
        """Normalise (length-preserving) and wrap."""
        norm = straighten(text)
        return cls(text=text, norm=norm, lower=norm.lower(), context=context)

    def span(self, start: int, end: int) -> str:
        """The original text of a span."""
        return self.text[start:end]

    def tag_span(self, tag: str) -> tuple[int | None, int | None]:
        """Where a tag came from: its first signal match, or a feature's span."""
        for m in self.matches:
            if tag in m.tags or m.signal.id == tag:
                return m.start, m.end
        spans = self.features.get("spans", {}).get(tag)
        if spans:
            return spans[0]
        flag = next((f for f in self.features.get("flags", ()) if f.code == tag), None)
        return (flag.start, flag.end) if flag else (None, None)
