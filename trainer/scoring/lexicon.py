"""Signals as data: load, validate and compile the YAML signal files, and match them.

A signal is one thing an agent can say that moves a score, raises a flag or sets a tag:
an id, a reason, a source, phrases and/or regex patterns, its effect per dimension, and
optionally the context it needs, the signals it overrides and the compliance flag it raises.
The files live in data/signals/; data/signal.schema.json says what a file may hold.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .literals import necessary_literals
from .types import Context

DATA = Path(__file__).with_name("data")
SIGNAL_DIR = DATA / "signals"
WEIGHTS_FILE = DATA / "weights.json"


class SignalFileError(ValueError):
    """A signal file is malformed; the message names the file and the problem."""


@dataclass(slots=True)
class Signal:
    """One compiled signal from a data file."""

    id: str
    why: str
    source: str
    regex: re.Pattern
    literals: frozenset[str] | None
    effects: dict[str, float] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    requires: dict[str, Any] = field(default_factory=dict)
    flag: dict[str, Any] | None = None
    max_hits: int = 1
    file: str = ""

    def applies(self, context: Context) -> bool:
        """True when the context satisfies every `requires` condition."""
        for key, want in self.requires.items():
            have = context.fillers_count() if key == "fillers" else getattr(context, key)
            if isinstance(want, list) and have not in want:
                return False
            if not isinstance(want, list) and have != want:
                return False
        return True


@dataclass(slots=True)
class Match:
    """One occurrence of a signal in an utterance."""

    signal: Signal
    start: int
    end: int

    def overlaps(self, other: Match) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


def _compile(entry: dict, file: str) -> Signal:
    parts = [r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b" for p in entry.get("phrases", [])]
    parts += entry.get("patterns", [])
    source = "|".join(f"(?:{p})" for p in parts)
    try:
        regex = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise SignalFileError(f"{file}: signal {entry['id']}: bad pattern: {exc}") from exc
    return Signal(
        id=entry["id"], why=entry["why"], source=entry["source"], regex=regex,
        literals=necessary_literals(source, re.IGNORECASE),
        effects={k: float(v) for k, v in entry.get("effects", {}).items()},
        tags=tuple(entry.get("tags", ())), overrides=tuple(entry.get("overrides", ())),
        requires=entry.get("requires", {}), flag=entry.get("flag"),
        max_hits=entry.get("max_hits", 1), file=file,
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


@lru_cache(maxsize=None)
def load_signals(directory: Path = SIGNAL_DIR, weights_file: Path = WEIGHTS_FILE) -> tuple[Signal, ...]:
    """All signals from every file, with fitted weights applied; ids must be unique."""
    schema = json.loads((DATA / "signal.schema.json").read_text())
    signals: list[Signal] = []
    for path in sorted(directory.glob("*.yaml")):
        signals.extend(load_signal_file(path, schema))
    seen: dict[str, str] = {}
    for sig in signals:
        if sig.id in seen:
            raise SignalFileError(f"{sig.file}: signal id {sig.id!r} already used in {seen[sig.id]}")
        seen[sig.id] = sig.file
    for sig in signals:
        unknown = [o for o in sig.overrides if o not in seen]
        if unknown:
            raise SignalFileError(f"{sig.file}: signal {sig.id} overrides unknown {unknown}")
    fitted = load_weights(weights_file)["signals"]
    for sig in signals:
        sig.effects.update(fitted.get(sig.id, {}))
    return tuple(signals)


@lru_cache(maxsize=None)
def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, Any]:
    """Fitted weights (see calibration.py); empty when none have been fitted."""
    if not path.exists():
        return {"signals": {}, "base": {}}
    data = json.loads(path.read_text())
    return {"signals": data.get("signals", {}), "base": data.get("base", {})}


def all_signal_ids() -> set[str]:
    """Every signal id, for validating scenario tags."""
    return {s.id for s in load_signals()}


def find_matches(text: str, lower: str, context: Context,
                 signals: tuple[Signal, ...] | None = None) -> list[Match]:
    """Every signal occurrence in the text, after context gates and overrides, in text order."""
    matches: list[Match] = []
    for sig in signals if signals is not None else load_signals():
        if sig.literals is not None and not any(lit in lower for lit in sig.literals):
            continue
        if sig.requires and not sig.applies(context):
            continue
        for n, m in enumerate(sig.regex.finditer(text)):
            if n >= sig.max_hits:
                break
            if m.end() > m.start():
                matches.append(Match(sig, m.start(), m.end()))
    return _resolve_overrides(matches)


def _resolve_overrides(matches: list[Match]) -> list[Match]:
    """Drop matches overlapped by a more specific signal that overrides them."""
    overriders = [m for m in matches if m.signal.overrides]
    if overriders:
        matches = [m for m in matches
                   if not any(m.signal.id in o.signal.overrides and o.overlaps(m)
                              for o in overriders)]
    return sorted(matches, key=lambda m: (m.start, m.end))
