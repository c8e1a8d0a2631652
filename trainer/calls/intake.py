"""The checks an uploaded call passes before it is stored and queued (cheap: no decoding).

Pages and the API refuse, with the pipeline's own codes and messages, files that are empty,
too large, neither audio nor a transcript, audio whose headers are damaged or say it is too
long, and transcripts that do not parse (unknown speakers, missing text, bad metadata). What
only decoding can find (damage deep in the file, a silent channel, nobody speaking) fails the
call's job later, with the upload kept for a retry. An upload may be bytes or a file already
on disk (a large recording is never read into the web process's memory).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import CallInputError
from .formats import read_transcript, sniff
from .pipeline import is_transcript, too_large
from .transcript import CallTranscript, Metadata

# PyAV container names -> the extension a call is stored under.
AUDIO_EXTENSIONS = {"matroska,webm": "webm", "ogg": "ogg", "wav": "wav", "mp3": "mp3",
                    "mov,mp4,m4a,3gp,3g2,mj2": "m4a", "flac": "flac", "aac": "aac"}
TRANSCRIPT_EXTENSIONS = {"json": "json", "vtt": "vtt", "srt": "srt", "text": "txt"}
MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024  # a 2 h call's transcript is well under 1 MB
HEAD_BYTES = 4096
ACCEPTED = ("call audio (wav, mp3, m4a, ogg, flac, webm) or a transcript (.json, .vtt, .srt, "
            "or .txt with Agent: / Customer: lines)")


@dataclass(slots=True)
class Intake:
    """An accepted upload: audio or transcript, the extension to store it under, and what is
    known already (the declared length; the parsed transcript)."""

    source: str  # audio | transcript
    ext: str
    size: int
    seconds: float | None = None
    transcript: CallTranscript | None = None


def _size_and_head(source: bytes | os.PathLike, label: str, max_bytes: int) -> tuple[int, bytes]:
    if isinstance(source, bytes | bytearray):
        size, head = len(source), bytes(source[:HEAD_BYTES])
    else:
        size = os.path.getsize(source)
        with open(source, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    if not size:
        raise CallInputError("empty", f"{label}: the file is empty (zero bytes)")
    if size > max_bytes:
        raise CallInputError("too_large", too_large(label, size, max_bytes))
    return size, head


def inspect_upload(source: bytes | os.PathLike, name: str, *, max_bytes: int,
                   max_seconds: float, metadata: Metadata | None = None) -> Intake:
    """Accept or refuse an upload (CallInputError with a per-file code and message)."""
    label = name or "upload"
    size, head = _size_and_head(source, label, max_bytes)
    if is_transcript(head, label):
        if size > MAX_TRANSCRIPT_BYTES:
            raise CallInputError("too_large", too_large(label, size, MAX_TRANSCRIPT_BYTES)
                                 + " for a transcript")
        data = bytes(source) if isinstance(source, bytes | bytearray) \
            else Path(source).read_bytes()
        call = read_transcript(data, label, metadata)
        kind = sniff(data, label) or "text"
        return Intake("transcript", TRANSCRIPT_EXTENSIONS[kind], size, call.end_time(), call)
    from trainer.speech import AudioError, probe_audio

    try:
        probe = probe_audio(source if isinstance(source, bytes | bytearray) else os.fspath(source),
                            max_duration_s=max_seconds, name=label)
    except AudioError as exc:
        refused = CallInputError.from_audio(exc, label)
        if exc.code == "not_audio":  # say what would have been accepted
            refused = CallInputError("not_audio", f"{refused.message}; send {ACCEPTED}")
        raise refused from None
    return Intake("audio", AUDIO_EXTENSIONS.get(probe.container, "audio"), size, probe.seconds)
