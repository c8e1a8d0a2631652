"""Read call transcripts: the JSON of INTERFACES.md, WebVTT, SRT, and `Agent:` plain text.

Speaker labels are matched by their first word (`<v Agent Sam>`, `Customer:`, `DEBTOR:`);
anything else is an unknown speaker, reported with its line, never guessed.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

from .errors import CallInputError
from .transcript import CallTranscript, Metadata, Turn, parse_metadata

EXTENSIONS = {".json": "json", ".vtt": "vtt", ".srt": "srt", ".txt": "text", ".text": "text"}
ALIASES = {"agent": "agent", "rep": "agent", "representative": "agent", "collector": "agent",
           "csr": "agent", "customer": "customer", "debtor": "customer",
           "consumer": "customer", "client": "customer"}
MERGE_GAP_S = 1.0  # subtitle cues of one speaker closer than this are one turn
_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}"
                     r"[.,]\d{1,3})", re.M)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>|(?=<v[\s.])|$)", re.S)
_TAG = re.compile(r"</?[^>]+>")
_PREFIX = re.compile(r"^\s*\[?([A-Za-z][\w.'-]*(?:\s+[\w.'-]+){0,2})\]?\s*:\s*(.*)$")


def speaker_of(label: str, where: str) -> str:
    """agent or customer for a label; CallInputError("unknown_speaker") otherwise."""
    words = re.findall(r"[a-z]+", label.lower())
    if words and words[0] in ALIASES:
        return ALIASES[words[0]]
    raise CallInputError("unknown_speaker", f"{where}: speaker {label.strip()!r} is neither the "
                         "agent nor the customer (label turns Agent: or Customer:)")


def sniff(data: bytes, name: str | None = None) -> str | None:
    """json, vtt, srt or text for a transcript; None when the bytes look like something else.

    A file named like a transcript stays one even if it is not UTF-8 (reading it then says so).
    """
    kind = EXTENSIONS.get(PurePath(name or "").suffix.lower())
    head = data[:2048]
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if len(head) < 2048 or exc.start < 2044:  # not just a character cut at the edge
            return kind
        text = head[:exc.start].decode("utf-8-sig")
    stripped = text.lstrip()
    if stripped.startswith("WEBVTT"):
        return "vtt"
    if stripped.startswith(("{", "[")):
        return "json"
    if _TIMING.search(text):
        return "srt" if kind != "vtt" else "vtt"
    return kind or "text"


def read_transcript(data: bytes, name: str | None = None,
                    metadata: Metadata | None = None) -> CallTranscript:
    """Parse transcript bytes into a CallTranscript; `metadata` overrides what the file says."""
    label = name or "transcript"
    kind = sniff(data, name)
    if kind is None:
        raise CallInputError("not_audio", f"{label}: neither audio nor a UTF-8 text transcript")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CallInputError("bad_transcript", f"{label}: the transcript is not UTF-8 "
                             "text") from None
    reader = {"json": _read_json, "vtt": _read_subtitles, "srt": _read_subtitles,
              "text": _read_text}[kind]
    call = reader(text, label)
    call.metadata = call.metadata.merged(metadata)
    if not call.turns:
        raise CallInputError("empty_call", f"{label}: the transcript has no turns")
    if not any(t.speaker == "agent" for t in call.turns):
        raise CallInputError("empty_call", f"{label}: the transcript has no agent turn to score")
    return call


def _read_json(text: str, label: str) -> CallTranscript:
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CallInputError("bad_transcript", f"{label}: not valid JSON (line {exc.lineno}: "
                             f"{exc.msg})") from None
    if isinstance(body, list):
        body = {"turns": body}
    if not isinstance(body, dict) or not isinstance(body.get("turns"), list):
        raise CallInputError("bad_transcript", f"{label}: expected an object with a "
                             "\"turns\" list (see the call transcript format)")
    turns = [_json_turn(item, f"{label}: turn {i + 1}") for i, item in enumerate(body["turns"])]
    return CallTranscript(turns=turns, metadata=parse_metadata(body, label))


def _json_turn(item, where: str) -> Turn:
    if not isinstance(item, dict):
        raise CallInputError("bad_transcript", f"{where} is not an object")
    if not isinstance(item.get("speaker"), str):
        raise CallInputError("unknown_speaker", f"{where} has no speaker (agent or customer)")
    speaker = speaker_of(item["speaker"], where)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CallInputError("missing_text", f"{where} has no text")
    start, end = item.get("start"), item.get("end")
    for key, value in (("start", start), ("end", end)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or value < 0):
            raise CallInputError("bad_transcript", f"{where}: {key} must be seconds (>= 0)")
    if start is not None and end is not None and end < start:
        raise CallInputError("bad_transcript", f"{where} ends before it starts")
    return Turn(speaker, " ".join(text.split()), _seconds(start), _seconds(end))


def _seconds(value) -> float | None:
    return float(value) if value is not None else None


def _clock(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    return sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))


def _read_subtitles(text: str, label: str) -> CallTranscript:
    """WebVTT or SRT cues; each cue's text carries voice tags or `Speaker:` prefixes."""
    lines = text.splitlines()
    turns: list[Turn] = []
    i = 0
    while i < len(lines):
        match = _TIMING.match(lines[i])
        if not match:
            i += 1
            continue
        start, end = _clock(match.group(1)), _clock(match.group(2))
        cue_line = i + 1
        body = []
        i += 1
        while i < len(lines) and lines[i].strip():
            body.append(lines[i])
            i += 1
        for speaker, said in _cue_parts(body, f"{label}: line {cue_line}"):
            _add(turns, Turn(speaker, said, start, end))
    return CallTranscript(turns=turns)


def _cue_parts(body: list[str], where: str) -> list[tuple[str, str]]:
    """(speaker, text) pieces of one cue: voice spans, prefixed lines, continuation lines."""
    parts: list[tuple[str, str]] = []
    for line in body:
        voices = _VOICE.findall(line)
        if voices:
            parts += [(speaker_of(v, where), _clean(t)) for v, t in voices if _clean(t)]
            continue
        prefixed = _PREFIX.match(_clean(line))
        if prefixed:
            parts.append((speaker_of(prefixed.group(1), where), prefixed.group(2).strip()))
        elif parts:
            parts[-1] = (parts[-1][0], f"{parts[-1][1]} {_clean(line)}".strip())
        elif _clean(line):
            raise CallInputError("unknown_speaker", f"{where}: the cue names no speaker (use "
                                 "<v Agent> or an Agent: prefix)")
    for speaker, said in parts:
        if not said:
            raise CallInputError("missing_text", f"{where}: {speaker} says nothing")
    return parts


def _clean(line: str) -> str:
    return " ".join(_TAG.sub("", line).split())


def _add(turns: list[Turn], turn: Turn) -> None:
    """Append, merging into the previous turn when the same speaker goes on within a second."""
    last = turns[-1] if turns else None
    if (last is not None and last.speaker == turn.speaker and last.end is not None
            and turn.start is not None and turn.start - last.end <= MERGE_GAP_S):
        last.text = f"{last.text} {turn.text}"
        last.end = max(last.end, turn.end or last.end)
        return
    turns.append(turn)


def _read_text(text: str, label: str) -> CallTranscript:
    """`Agent: ...` / `Customer: ...` lines; an unlabelled line continues the one before."""
    turns: list[Turn] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{label}: line {number}"
        prefixed = _PREFIX.match(line)
        if prefixed:
            said = prefixed.group(2).strip()
            speaker = speaker_of(prefixed.group(1), where)
            if not said:
                raise CallInputError("missing_text", f"{where}: {speaker} says nothing")
            turns.append(Turn(speaker, " ".join(said.split())))
        elif turns:
            turns[-1].text = f"{turns[-1].text} {' '.join(line.split())}"
        else:
            raise CallInputError("unknown_speaker", f"{where}: the line names no speaker (start "
                                 "lines with Agent: or Customer:)")
    return CallTranscript(turns=turns)
