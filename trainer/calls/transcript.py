"""A call as plain data: who said what and when, with the call's metadata.

Built by the transcript readers (formats.py) or from audio (pipeline.py); everything after
(turns, metrics, scoring, redaction) works on this one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import CallInputError

SPEAKERS = ("agent", "customer")
OTHER = {"agent": "customer", "customer": "agent"}
MAX_AGENT_ID = 80


@dataclass(slots=True)
class Word:
    """One recognised word with its timing (seconds from the start of the call)."""

    text: str
    start: float
    end: float
    probability: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """{"word", "start", "end", "probability"}: the shape `trainer transcribe` uses."""
        out = {"word": self.text, "start": round(self.start, 2), "end": round(self.end, 2)}
        if self.probability is not None:
            out["probability"] = round(self.probability, 3)
        return out


@dataclass(slots=True)
class Turn:
    """A stretch of one speaker: text, optional times, and the words when it came from audio."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    words: list[Word] = field(default_factory=list)

    @property
    def duration(self) -> float | None:
        """Seconds, when the turn has times."""
        if self.start is None or self.end is None:
            return None
        return max(0.0, self.end - self.start)


@dataclass(slots=True)
class Metadata:
    """What is known about the call beyond the words (all optional)."""

    id: str | None = None
    started_at: datetime | None = None  # aware: it carries its UTC offset
    consumer_timezone: str | None = None  # IANA name
    agent: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    def merged(self, other: Metadata | None) -> Metadata:
        """These values, with `other`'s filled in where set (the caller's options win)."""
        if other is None:
            return self
        return Metadata(id=other.id or self.id, started_at=other.started_at or self.started_at,
                        consumer_timezone=other.consumer_timezone or self.consumer_timezone,
                        agent=other.agent or self.agent, facts={**self.facts, **other.facts})

    def local_start(self) -> datetime | None:
        """When the call started on the consumer's clock (their zone, else the offset given)."""
        if self.started_at is None:
            return None
        if self.consumer_timezone:
            return self.started_at.astimezone(ZoneInfo(self.consumer_timezone))
        return self.started_at

    def to_dict(self) -> dict[str, Any]:
        """The transcript metadata fields of INTERFACES.md."""
        return {"id": self.id,
                "started_at": self.started_at.isoformat() if self.started_at else None,
                "consumer_timezone": self.consumer_timezone, "agent": self.agent}


def parse_metadata(raw: dict[str, Any], where: str = "") -> Metadata:
    """Metadata from JSON-like values; CallInputError("bad_metadata") when one is invalid."""
    prefix = f"{where}: " if where else ""
    started = raw.get("started_at")
    when = None
    if started not in (None, ""):
        if not isinstance(started, str):
            raise CallInputError("bad_metadata", f"{prefix}started_at must be an ISO 8601 string")
        try:
            when = datetime.fromisoformat(started.strip().replace("Z", "+00:00"))
        except ValueError:
            raise CallInputError("bad_metadata", f"{prefix}started_at {started!r} is not an ISO "
                                 "8601 time like 2026-03-01T14:05:00-05:00") from None
        if when.tzinfo is None:
            raise CallInputError("bad_metadata", f"{prefix}started_at {started!r} needs a UTC "
                                 "offset (like -05:00), or the calling hours cannot be judged")
    zone = raw.get("consumer_timezone") or None
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            raise CallInputError("bad_metadata", f"{prefix}consumer_timezone {zone!r} is not an "
                                 "IANA time zone like America/New_York") from None
    agent = raw.get("agent")
    if agent is not None and (not isinstance(agent, str | int) or len(str(agent)) > MAX_AGENT_ID):
        raise CallInputError("bad_metadata", f"{prefix}agent must be an id of at most "
                             f"{MAX_AGENT_ID} characters")
    facts = raw.get("facts") or {}
    if not isinstance(facts, dict):
        raise CallInputError("bad_metadata", f"{prefix}facts must be an object")
    call_id = raw.get("id")
    return Metadata(id=str(call_id) if call_id not in (None, "") else None, started_at=when,
                    consumer_timezone=str(zone) if zone else None,
                    agent=str(agent) if agent not in (None, "") else None, facts=dict(facts))


@dataclass(slots=True)
class CallTranscript:
    """The turns of a call in order, its metadata, its length, and where it came from."""

    turns: list[Turn]
    metadata: Metadata = field(default_factory=Metadata)
    duration: float | None = None
    source: str = "transcript"  # transcript | stereo | mono

    def swapped(self) -> CallTranscript:
        """The same call with agent and customer exchanged."""
        turns = [replace(t, speaker=OTHER[t.speaker]) for t in self.turns]
        return replace(self, turns=turns)

    def end_time(self) -> float | None:
        """The duration, else the end of the last timed turn."""
        if self.duration is not None:
            return self.duration
        ends = [t.end for t in self.turns if t.end is not None]
        return max(ends) if ends else None
