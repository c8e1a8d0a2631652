"""State cues as data: what a debtor line says about who is on the line and what was asked.

The cues live in data/state_cues.yaml (validated by state_cues.schema.json). Each cue is a
list of regexes over the lower-cased line; a negation or a hypothetical in the same clause
cancels a cue ("I don't have a lawyer", "maybe I'll get a lawyer"), using the engine's own
negation scope (negation.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .negation import hypothetical, negated
from .text import straighten

DATA = Path(__file__).with_name("data")


class CueFileError(ValueError):
    """The cue file is malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class Cue:
    """One compiled cue of data/state_cues.yaml."""

    id: str
    why: str
    sets: dict[str, Any]
    regexes: tuple[re.Pattern, ...]
    who: str | None = None
    after: str | None = None
    only_if: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    negatable: bool = True
    certain: bool = True


@dataclass(frozen=True, slots=True)
class CueHit:
    """Where a cue matched in a line, with what it captured."""

    cue: Cue
    start: int
    end: int
    who: str | None = None
    channel: str | None = None


@cache
def load_cues(path: Path = DATA / "state_cues.yaml") -> tuple[Cue, ...]:
    """Every cue, validated against the schema; ids must be unique, patterns must compile."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = json.loads((DATA / "state_cues.schema.json").read_text())
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise CueFileError(f"{path.name}: {where}: {exc.message}") from exc
    cues, seen = [], set()
    for entry in doc["cues"]:
        if entry["id"] in seen:
            raise CueFileError(f"{path.name}: cue id {entry['id']!r} is used twice")
        seen.add(entry["id"])
        try:
            regexes = tuple(re.compile(p.replace("RELATIONS", doc["relations"]))
                            for p in entry["patterns"])
        except re.error as exc:
            raise CueFileError(f"{path.name}: cue {entry['id']}: bad pattern: {exc}") from exc
        cues.append(Cue(id=entry["id"], why=entry["why"], sets=entry["sets"], regexes=regexes,
                        who=entry.get("who"), after=entry.get("after"),
                        only_if=frozenset(entry.get("only_if", ())),
                        unless=frozenset(entry.get("unless", ())),
                        negatable=entry.get("negatable", True),
                        certain=entry.get("certain", True)))
    unknown = {u for c in cues for u in c.unless} - seen
    if unknown:
        raise CueFileError(f"{path.name}: unless names unknown cue ids {sorted(unknown)}")
    return tuple(cues)


def normalise(line: str) -> str:
    """Lower-cased with curly quotes and dashes straightened (offsets unchanged)."""
    return straighten(line).lower()


def match_line(lower: str) -> list[CueHit]:
    """Every cue that holds in the line, in file order, after negation and `unless`."""
    hits: list[CueHit] = []
    for cue in load_cues():
        for rx in cue.regexes:
            m = rx.search(lower)
            if m is None:
                continue
            if cue.negatable and (negated(lower, m.start(), m.end())
                                  or hypothetical(lower, m.start())):
                continue
            groups = m.groupdict()
            hits.append(CueHit(cue, m.start(), m.end(), groups.get("who"),
                               groups.get("channel")))
            break
    ids = {h.cue.id for h in hits}
    return [h for h in hits if not (h.cue.unless & ids)]


@lru_cache(maxsize=4096)
def line_hits(lower: str, name: tuple[str, ...]) -> list[CueHit]:
    """Cue hits of a line, plus the consumer's own name: "Dana's not here" first, "this is
    Dana" last (after "wrong number" and "this is her sister", which say more)."""
    hits = match_line(lower)
    named = _name_hit(lower, name)
    if named is None:
        return hits
    return hits + [named] if named.cue.id == "confirms_identity" else [named] + hits


def name_parts(facts: dict | None) -> tuple[str, ...]:
    """The consumer's name from the facts, as lower-cased words of three letters or more."""
    name = (facts or {}).get("debtor_name")
    if not isinstance(name, str):
        return ()
    parts = [p for p in re.findall(r"[a-z][a-z'-]+", name.lower()) if len(p) >= 3]
    return tuple(parts)


@lru_cache(maxsize=256)
def _name_patterns(name: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    names = "|".join(map(re.escape, name))
    mine = re.compile(rf"\b(?:this is|it's|i'm|i am|yes,? this is|speaking,?|yeah,? it's|yes,? "
                      rf"it's)\s+(?:mr\.? |mrs\.? |ms\.? )?(?:{names})\b|(?<!no )(?<!any )\b"
                      rf"(?:{names})(?: \w+)? (?:speaking|here)\b")
    denial = re.compile(rf"\b(?:i'm not|i am not|this isn't|this is not|it's not)\s+"
                        rf"(?:mr\.? |mrs\.? |ms\.? )?(?:{names})\b|\b(?:no|there's no|there is no|"
                        rf"nobody called|no one called|no one named|nobody named) (?:{names})\b")
    away = re.compile(rf"\b(?:{names})(?:'s| is) (?:not |n't )?(?:here|home|in|available|out|"
                      rf"at work|away)\b|\b(?:{names}) (?:isn't|doesn't live|moved|passed|left)\b")
    return mine, denial, away


def _name_hit(lower: str, name: tuple[str, ...]):
    if not name:
        return None
    mine, denial, away = _name_patterns(name)
    by_id = {c.id: c for c in load_cues()}
    found = denial.search(lower)
    if found:
        return CueHit(by_id["wrong_number"], found.start(), found.end(), found.group())
    found = away.search(lower)
    if found:
        return CueHit(by_id["consumer_not_there"], found.start(), found.end(), found.group())
    found = mine.search(lower)
    if found:
        return CueHit(by_id["confirms_identity"], found.start(), found.end())
    return None
