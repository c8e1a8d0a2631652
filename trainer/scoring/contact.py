"""When and where a call happens: places, days, parts of the day and clock times in words.

Shared by the consumer's side (a request not to be called at work, on Sundays, before
9 am) and the agent's side (a proposal to call back at the office, or at 7 am), so the
compliance rules can compare the two, and check calling hours (8 am to 9 pm, FDCPA
1692c(a)(1), Reg F 1006.6(b)(1)).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .types import ScoringInputError

EARLIEST = 8 * 60  # 8:00 am, in minutes after midnight
LATEST = 21 * 60  # 9:00 pm

_PLACES = {
    "work": r"\b(?:at work|work number|your work|my work|(?:my|your|the) job|"
            r"(?:my|your|the) office|workplace|(?:my|your|the) shift|the warehouse|the floor|"
            r"(?:your|my) employer|work phone|office (?:number|line|phone))\b",
    "hospital": r"\b(?:hospital|emergency room|the er|clinic|doctor's office)\b",
    "church": r"\bchurch\b",
    "school": r"\b(?:at school|in class|the school)\b",
    "driving": r"\b(?:driving|in the car|on the road|behind the wheel|commut\w+)\b",
}
_DAYS = {d: rf"\b{d}s?\b" for d in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                     "saturday", "sunday")}
_DAYS["weekend"] = r"\bweekends?\b"
# Parts of the day, as minute ranges of the clock (night wraps past midnight).
_PARTS = {
    "morning": (r"\b(?:mornings?|first thing|early|breakfast|sunrise)\b", (5 * 60, 12 * 60)),
    "afternoon": (r"\bafternoons?\b|\blunch(?:time)?\b", (12 * 60, 17 * 60)),
    "evening": (r"\b(?:evenings?|tonight|dinner(?:time)?|after work)\b", (17 * 60, 22 * 60)),
    "night": (r"\b(?:nights?|tonight|late|overnight|midnight|bedtime)\b", (21 * 60, 29 * 60)),
}
_NUMBERS = {w: i for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve"))}
_CLOCK = re.compile(
    r"\b(?P<before>before|after|past|until|till|by|at|around|about)?\s*"
    r"(?P<hour>1[0-2]|0?[1-9]|" + "|".join(_NUMBERS) + r")(?::(?P<min>[0-5]\d)|"
    r"\s(?P<minword>thirty|fifteen|forty-five|o'clock))?\s*"
    r"(?P<mark>a\.?m\b\.?|p\.?m\b\.?|in the morning|in the evening|in the afternoon|at night|"
    r"tonight|this evening|tomorrow night|tomorrow morning|o'clock)?")
_NOON = re.compile(r"\b(?:(?P<before>before|after|at|around|until|till) )?"
                   r"(?P<word>noon|midday|midnight)\b")
_COMPILED = {kind: {name: re.compile(p if isinstance(p, str) else p[0])
                    for name, p in table.items()}
             for kind, table in (("place", _PLACES), ("day", _DAYS), ("part", _PARTS))}


def _minutes(m: re.Match, assume: str | None) -> int | None:
    """Minutes after midnight of a clock match, or None when am/pm cannot be told."""
    hour = m.group("hour")
    hour = _NUMBERS[hour] if hour in _NUMBERS else int(hour)
    minute = int(m.group("min") or 0) or {"thirty": 30, "fifteen": 15,
                                          "forty-five": 45}.get(m.group("minword") or "", 0)
    mark = (m.group("mark") or "").replace(".", "")
    if mark.startswith("am") or "morning" in mark:
        pm = False
    elif mark.startswith("pm") or any(w in mark for w in ("evening", "afternoon", "night")):
        pm = True
    elif assume is not None:
        pm = assume == "pm"
    else:
        return None
    if hour == 12:
        hour = 0
    return (hour + (12 if pm else 0)) * 60 + minute


def details(lower: str) -> tuple[str, ...]:
    """Places, days, parts of the day and clock times named in a lower-cased text.

    Returns tokens such as "place:work", "day:sunday", "part:night", "at:1290" (minutes
    after midnight), "before:540" or "after:1200".
    """
    out: list[str] = []
    for kind, table in _COMPILED.items():
        out += [f"{kind}:{name}" for name, rx in table.items() if rx.search(lower)]
    # "tonight around 9:45" is evening; "tomorrow morning at 7" is morning
    evening = any(p in out for p in ("part:evening", "part:night"))
    part = "pm" if evening and "part:morning" not in out else (
        "am" if "part:morning" in out and not evening else None)
    for m in _CLOCK.finditer(lower):
        if not (m.group("mark") or m.group("min") or m.group("minword") or m.group("before")):
            continue  # a bare number ("two payments") is not a time
        before = m.group("before") or "at"
        # "don't call before 9" means the morning, "after 8" the evening.
        assume = {"before": "am", "until": "am", "till": "am", "after": "pm",
                  "past": "pm"}.get(before, part)
        minutes = _minutes(m, assume)
        if minutes is not None:
            edge = "at" if before in ("at", "around", "about", "by") else before
            edge = {"until": "before", "till": "before", "past": "after"}.get(edge, edge)
            out.append(f"{edge}:{minutes}")
    for m in _NOON.finditer(lower):
        minutes = 12 * 60 if m.group("word") in ("noon", "midday") else 24 * 60
        edge = {"until": "before", "till": "before", "around": "at", None: "at"}.get(
            m.group("before"), m.group("before"))
        out.append(f"{edge}:{minutes}")
    return tuple(dict.fromkeys(out))


def _in_part(minutes: int, part: str) -> bool:
    low, high = _PARTS[part][1]
    return low <= minutes < high or low <= minutes + 24 * 60 < high


def forbidden_overlap(requested: tuple[str, ...], proposed: tuple[str, ...]) -> str | None:
    """The first place, day or time the consumer ruled out that the proposal names, if any."""
    times = [int(t.split(":")[1]) for t in proposed if t.startswith("at:")]
    for token in requested:
        kind, _, value = token.partition(":")
        if token in proposed and kind in ("place", "day", "part"):
            return value
        if kind == "day" and value == "weekend" and {"day:saturday", "day:sunday"} & set(proposed):
            return "the weekend"
        if kind == "part" and any(_in_part(t, value) for t in times):
            return f"the {value}"
        if kind == "before" and any(t < int(value) for t in times):
            return f"before {clock(int(value))}"
        if kind == "after" and any(t > int(value) for t in times):
            return f"after {clock(int(value))}"
    return None


def outside_hours(proposed: tuple[str, ...]) -> str | None:
    """A proposed clock time before 8 am or after 9 pm, as text, if any."""
    for token in proposed:
        if token.startswith("at:"):
            minutes = int(token[3:])
            if minutes < EARLIEST or minutes > LATEST:
                return clock(minutes)
    return None


def clock(minutes: int) -> str:
    """'7:30 am' from 450."""
    minutes %= 24 * 60
    hour, minute = divmod(minutes, 60)
    suffix = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"


def local_time(started_at: str | None, timezone: str | None) -> tuple[int, str] | None:
    """The consumer's local time when the call started: (minutes after midnight, label).

    Without a time zone the offset of `started_at` is used (INTERFACES.md); a time with
    neither says nothing, so calling hours cannot be judged (None). Bad values are errors.
    """
    if not started_at:
        return None
    if not isinstance(started_at, str):
        raise ScoringInputError("bad_context", "started_at must be an ISO 8601 text")
    try:
        when = datetime.fromisoformat(started_at.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ScoringInputError("bad_context", f"started_at {started_at!r} is not an ISO 8601 "
                                "time (e.g. 2026-03-01T14:05:00-05:00)") from exc
    label = when.strftime("%z")
    if timezone:
        try:
            zone = ZoneInfo(str(timezone))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ScoringInputError("bad_context",
                                    f"consumer_timezone {timezone!r} is not an IANA time zone "
                                    "name (e.g. America/Chicago)") from exc
        if when.tzinfo is None:
            when = when.replace(tzinfo=zone)
        when, label = when.astimezone(zone), str(timezone)
    elif when.tzinfo is None:
        return None
    else:
        label = f"UTC{label[:3]}:{label[3:]}"
    minutes = when.hour * 60 + when.minute
    return minutes, f"{clock(minutes)} {label}"
