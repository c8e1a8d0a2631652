"""Signals as data: load, validate and compile the YAML signal files, and match them.

A signal is one thing an agent can say that moves a score or sets a tag: an id, a reason,
a source, phrases and/or regex patterns, its effect per dimension, and optionally the
context it needs, the signals it overrides and whether a negation cancels it. The files
live in data/signals/; data/signal.schema.json says what a file may hold. Compliance flags
are raised by the rule pack (compliance.py) from the ids and tags found here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import jsonschema
import yaml

from .literals import necessary_literals, starts_at_word_boundary
from .negation import hedged, negated, quoted
from .tags import NO_CREDIT, TAGS, expand
from .types import Context

DATA = Path(__file__).with_name("data")
SIGNAL_DIR = DATA / "signals"
WEIGHTS_FILE = DATA / "weights.json"

# Contracted forms a phrase may be written with; each also matches its long form and the
# apostrophe-less typo ("dont"), so data authors write a phrase once.
_SUFFIXES = {"n't": r"\s+not", "'m": r"\s+am", "'re": r"\s+are", "'s": r"\s+(?:is|has)",
             "'ll": r"\s+will", "'d": r"\s+(?:would|had)", "'ve": r"\s+have"}
_SPECIAL = {"can't": r"(?:can'?t|cannot|can\s+not)", "won't": r"(?:won'?t|will\s+not)",
            "let's": r"(?:let'?s|let\s+us)", "i'm": r"(?:i'?m|i\s+am)"}


class SignalFileError(ValueError):
    """A signal file is malformed; the message names the file and the problem."""


@dataclass(slots=True)
class Signal:
    """One compiled signal from a data file."""

    id: str
    why: str
    source: str
    # One lower-cased regex per pattern, run on lower-cased text (twice as fast as
    # IGNORECASE), each gated by its own necessary literals (see literals.py and _gate):
    # only the patterns whose words occur in the text run at all.
    regexes: tuple[re.Pattern, ...]
    literals: frozenset[str] | None  # of the whole signal: None if some pattern has none
    regexes_ci: tuple[re.Pattern, ...] = ()  # for the rare text whose lower() changes length
    part_literals: tuple[frozenset[str] | None, ...] = ()
    # Patterns that start at a word boundary never overlap each other's matches, and
    # neither do the others (as when each kind was one alternation); the two kinds may.
    part_bounded: tuple[bool, ...] = ()
    effects: dict[str, float] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    requires: dict[str, Any] = field(default_factory=dict)
    negatable: bool = False
    max_hits: int = 1
    file: str = ""
    context_tags: dict[str, re.Pattern] = field(default_factory=dict)
    quotable: bool = False  # repeating the consumer's words cancels it
    hedgeable: bool = False  # declining to predict cancels it; speculating makes it uncertain
    # With weak_patterns: the signal's other patterns; a match is certain only if they match.
    strong: re.Pattern | None = None
    stateful: bool = False  # compliance-only: read only when the state has something in force

    def applies(self, context: Context) -> bool:
        """True when the context satisfies every `requires` condition."""
        for key, want in self.requires.items():
            have = context.fillers_count() if key == "fillers" else getattr(context, key)
            if have != want:
                return False
        return True


_SENTENCE_END = re.compile(r"[.?!;]")


@dataclass(slots=True)
class Match:
    """One occurrence of a signal in an utterance, with the tags it sets there."""

    signal: Signal
    start: int
    end: int
    tags: tuple[str, ...] = ()
    weak: bool = False  # only a weak pattern matched: a flag it raises is for review

    def overlaps(self, other: Match) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


def phrase_regex(phrase: str) -> str:
    """A phrase as a regex: words separated by any whitespace, contractions in every form."""
    parts = []
    for word in phrase.split():
        low = word.lower()
        if low in _SPECIAL:
            parts.append(_SPECIAL[low])
            continue
        for suffix, long_form in _SUFFIXES.items():
            if low.endswith(suffix) and len(low) > len(suffix):
                stem = re.escape(word[: -len(suffix)])
                short = stem + "'?" + re.escape(suffix[1:] if suffix[0] == "'" else suffix[2:])
                if suffix == "n't":
                    short = stem + "n'?t"
                parts.append(f"(?:{short}|{stem}{long_form})")
                break
        else:
            parts.append(re.escape(word))
    body = r"\s+".join(parts)
    head = r"\b" if phrase[0].isalnum() else ""
    tail = r"\b" if phrase[-1].isalnum() else ""
    return head + body + tail


def lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literal letters, leaving escapes (\\b, \\S, \\W...) as they are."""
    out, escaped = [], False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return "".join(out)


def _compile(entry: dict, file: str) -> Signal:
    strong_parts = [phrase_regex(p) for p in entry.get("phrases", [])] + entry.get("patterns", [])
    parts = strong_parts + entry.get("weak_patterns", [])
    source = "|".join(f"(?:{p})" for p in parts)
    try:
        regexes = tuple(re.compile(lower_pattern(p)) for p in parts)
        regexes_ci = tuple(re.compile(p, re.IGNORECASE) for p in parts)
        strong = (re.compile("|".join(f"(?:{p})" for p in strong_parts), re.IGNORECASE)
                  if entry.get("weak_patterns") and strong_parts else None)
    except re.error as exc:
        raise SignalFileError(f"{file}: signal {entry['id']}: bad pattern: {exc}") from exc
    unknown = [t for t in (*entry.get("tags", ()), *entry.get("context_tags", {}))
               if t not in TAGS]
    if unknown:
        raise SignalFileError(f"{file}: signal {entry['id']}: unknown tag(s) {unknown}; "
                              "tags must be in trainer/scoring/tags.py")
    raises = sorted(dim for dim, value in entry.get("effects", {}).items() if value > 0)
    if raises and NO_CREDIT & expand(set(entry.get("tags", ()))):
        raise SignalFileError(f"{file}: signal {entry['id']}: a threat, abuse or dismissive "
                              f"signal may not raise {', '.join(raises)}")
    return Signal(
        id=entry["id"], why=entry["why"], source=entry["source"], regexes=regexes,
        regexes_ci=regexes_ci,
        literals=necessary_literals(source, re.IGNORECASE),
        part_literals=tuple(necessary_literals(p, re.IGNORECASE) for p in parts),
        part_bounded=tuple(starts_at_word_boundary(p) for p in parts),
        effects={k: float(v) for k, v in entry.get("effects", {}).items()},
        tags=tuple(entry.get("tags", ())), overrides=tuple(entry.get("overrides", ())),
        requires=entry.get("requires", {}), negatable=entry.get("negatable", False),
        max_hits=entry.get("max_hits", 1), file=file,
        context_tags={tag: re.compile(rx) for tag, rx in entry.get("context_tags", {}).items()},
        quotable=entry.get("quotable", False), hedgeable=entry.get("hedgeable", False),
        strong=strong, stateful=entry.get("stateful", False),
    )


def load_signal_file(path: Path, schema: dict) -> list[Signal]:
    """Parse and validate one YAML signal file."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SignalFileError(f"{path.name}: not valid YAML: {exc}") from exc
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise SignalFileError(f"{path.name}: {where}: {exc.message}") from exc
    return [_compile(entry, path.name) for entry in doc["signals"]]


@cache
def load_signals(directory: Path = SIGNAL_DIR,
                 weights_file: Path = WEIGHTS_FILE) -> tuple[Signal, ...]:
    """All signals from every file, with fitted weights applied; ids must be unique."""
    schema = json.loads((DATA / "signal.schema.json").read_text())
    signals: list[Signal] = []
    for path in sorted(directory.glob("*.yaml")):
        signals.extend(load_signal_file(path, schema))
    seen: dict[str, str] = {}
    for sig in signals:
        if sig.id in seen:
            raise SignalFileError(
                f"{sig.file}: signal id {sig.id!r} already used in {seen[sig.id]}")
        seen[sig.id] = sig.file
    for sig in signals:
        unknown = [o for o in sig.overrides if o not in seen]
        if unknown:
            raise SignalFileError(f"{sig.file}: signal {sig.id} overrides unknown {unknown}")
    fitted = load_weights(weights_file)["signals"]
    for sig in signals:
        # a fit refines the effects a signal declares; it cannot add one the file removed
        sig.effects.update({dim: value for dim, value in fitted.get(sig.id, {}).items()
                            if dim in sig.effects})
    return tuple(signals)


@cache
def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, Any]:
    """Fitted weights (see calibration.py); empty when none have been fitted."""
    if not path.exists():
        return {"signals": {}, "base": {}, "features": {}}
    data = json.loads(path.read_text())
    return {k: data.get(k, {}) for k in ("signals", "base", "features")}


def all_signal_ids() -> set[str]:
    """Every signal id, for validating scenario tags."""
    return {s.id for s in load_signals()}


_GATES: dict[int, tuple[tuple[Signal, ...], ahocorasick.Automaton, tuple]] = {}


def _gate(signals: tuple[Signal, ...]) -> tuple[ahocorasick.Automaton, tuple]:
    """One Aho-Corasick automaton over every pattern's necessary literals.

    One pass over the text says which patterns can possibly match, instead of a substring
    test per literal (15x cheaper); only those patterns run. Also returns, per signal, the
    patterns that have no necessary literal and always run.
    """
    cached = _GATES.get(id(signals))
    if cached is None or cached[0] is not signals:
        automaton = ahocorasick.Automaton()
        always = []
        for index, sig in enumerate(signals):
            always.append(tuple(k for k, lits in enumerate(sig.part_literals) if lits is None))
            for k, lits in enumerate(sig.part_literals):
                for literal in lits or ():
                    if literal in automaton:
                        automaton.get(literal).add((index, k))
                    else:
                        automaton.add_word(literal, {(index, k)})
        automaton.make_automaton()
        cached = _GATES[id(signals)] = (signals, automaton, tuple(always))
    return cached[1], cached[2]


def find_matches(text: str, lower: str, context: Context,
                 signals: tuple[Signal, ...] | None = None,
                 stateful: bool = True) -> list[Match]:
    """Every signal occurrence in the text, after context gates, negation and overrides.

    With stateful=False the signals marked `stateful` are skipped: they only feed rules
    that need a third party, an unconfirmed identity or a request in force (a third of
    the engine's regex time would go on words no rule can use).
    """
    matches: list[Match] = []
    same_length = len(lower) == len(text)
    signals = signals if signals is not None else load_signals()
    automaton, always = _gate(signals)
    possible: dict[int, set[int]] = {}
    for _, found_parts in automaton.iter(lower):
        for index, k in found_parts:
            possible.setdefault(index, set()).add(k)
    for index, sig in enumerate(signals):
        parts = possible.get(index)
        if always[index]:
            parts = (parts or set()) | set(always[index])
        if not parts:
            continue
        if (sig.requires and not sig.applies(context)) or (sig.stateful and not stateful):
            continue
        hits = 0
        regexes = sig.regexes if same_length else sig.regexes_ci
        target = lower if same_length else text
        # Leftmost first, and at one place the pattern listed first, as one regex would.
        found = sorted(((m.start(), k, m) for k in parts for m in regexes[k].finditer(target)),
                       key=lambda t: t[:2])
        end = {True: -1, False: -1}
        for _, k, m in found:
            kind = sig.part_bounded[k]
            if m.end() == m.start() or m.start() < end[kind]:
                continue
            end[kind] = m.end()  # taken, even if cancelled below ("can't get you arrested")
            if _cancelled(sig, lower, m):
                continue
            hedge = hedged(lower, m.start(), m.end()) if sig.hedgeable else None
            if hedge == "decline":
                continue
            weak = hedge == "speculate" or (sig.strong is not None
                                             and not sig.strong.search(text))
            matches.append(Match(sig, m.start(), m.end(), _tags_here(sig, lower, m), weak))
            hits += 1
            if hits >= sig.max_hits:
                break
    return _resolve_overrides(matches)


def _cancelled(sig: Signal, lower: str, m: re.Match) -> bool:
    """A negation or a quotation of the consumer's words that takes the match back."""
    return ((sig.negatable and negated(lower, m.start(), m.end()))
            or (sig.quotable and quoted(lower, m.start())))


def _tags_here(sig: Signal, lower: str, m: re.Match) -> tuple[str, ...]:
    """The signal's tags, plus its context tags whose pattern occurs in the same sentence."""
    if not sig.context_tags:
        return sig.tags
    before = [e.end() for e in _SENTENCE_END.finditer(lower, 0, m.start())]
    after = _SENTENCE_END.search(lower, m.end())
    sentence = lower[before[-1] if before else 0:after.end() if after else len(lower)]
    return sig.tags + tuple(t for t, rx in sig.context_tags.items() if rx.search(sentence))


def _resolve_overrides(matches: list[Match]) -> list[Match]:
    """Drop matches overlapped by a more specific signal that overrides them."""
    overriders = [m for m in matches if m.signal.overrides]
    if overriders:
        matches = [m for m in matches
                   if not any(m.signal.id in o.signal.overrides and o.overlaps(m)
                              for o in overriders)]
    return sorted(matches, key=lambda m: (m.start, m.end))
