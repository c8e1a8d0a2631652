"""One call in, one call scorecard out: the function the `call` job and `trainer qa score` share.

Stages (each reported to `progress(stage, fraction)`): read the transcript, or decode the
audio; split the two channels or separate the voices; transcribe each speaker with word
timings; build turns; score every agent turn and the conversation.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from .errors import CallInputError
from .formats import EXTENSIONS, read_transcript, sniff
from .scorecard import build_scorecard
from .transcript import OTHER, CallTranscript, Metadata, Turn, Word

Progress = Callable[[str, float], None]
CHANNELS = ("left", "right")
DEFAULT_MAX_SECONDS = 2 * 3600.0
DEFAULT_MAX_BYTES = 500_000_000  # 2 h of 16-bit stereo 16 kHz wav is about 461 MB


@dataclass(slots=True)
class CallOptions:
    """How to score a call. Plain values: the job and the CLI fill them from the config."""

    agent_channel: str = "left"
    engine: str | None = None  # faster-whisper (default) or openai-whisper
    model: str | None = None  # a name or path the speech package takes (None: tiny.en)
    beam_size: int = 5
    language: str | None = "en"
    instance_path: str | None = None
    max_seconds: float = DEFAULT_MAX_SECONDS
    max_bytes: int = DEFAULT_MAX_BYTES
    metadata: Metadata = field(default_factory=Metadata)

    @classmethod
    def from_config(cls, config: Mapping[str, Any], instance_path: str | None, *,
                    agent_channel: str | None = None, model: str | None = None,
                    metadata: Metadata | None = None) -> CallOptions:
        """Options from the app's QA_* settings (a plain mapping); given values win."""
        return cls(agent_channel=agent_channel or config["QA_AGENT_CHANNEL"],
                   engine=config.get("WHISPER_ENGINE") or None,
                   model=model or config.get("QA_WHISPER_MODEL") or None,
                   beam_size=int(config["QA_BEAM_SIZE"]), instance_path=instance_path,
                   max_seconds=float(config["QA_MAX_CALL_SECONDS"]),
                   max_bytes=int(config["QA_MAX_CALL_BYTES"]), metadata=metadata or Metadata())

    def check(self) -> None:
        """CallInputError("bad_option") for values the pipeline cannot use."""
        if self.agent_channel not in CHANNELS:
            raise CallInputError("bad_option", f"agent channel must be left or right, not "
                                 f"{self.agent_channel!r}")
        if not (isinstance(self.beam_size, int) and 1 <= self.beam_size <= 10):
            raise CallInputError("bad_option", "beam size must be a whole number from 1 to 10")
        if self.max_seconds <= 0 or self.max_bytes <= 0:
            raise CallInputError("bad_option", "the size and length limits must be positive")


def _quiet(_stage: str, _fraction: float) -> None:
    return None


def read_source(source: str | os.PathLike | bytes, name: str | None,
                max_bytes: int) -> tuple[bytes, str]:
    """The file's bytes and a label for messages; too large, missing or empty files refused."""
    if isinstance(source, bytes | bytearray):
        data, label = bytes(source), name or "upload"
    else:
        path = Path(source)
        label = name or path.name
        if not path.is_file():
            raise CallInputError("not_found", f"{label}: the file does not exist")
        if path.stat().st_size > max_bytes:
            raise CallInputError("too_large", too_large(label, path.stat().st_size, max_bytes))
        data = path.read_bytes()
    if len(data) > max_bytes:
        raise CallInputError("too_large", too_large(label, len(data), max_bytes))
    if not data:
        raise CallInputError("empty", f"{label}: the file is empty (zero bytes)")
    return data, label


def too_large(label: str, size: int, limit: int) -> str:
    """Why a file over the size limit is refused, in megabytes."""
    return f"{label}: the file is {_mb(size)}; the limit is {_mb(limit)}"


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size < 10e6 else f"{size / 1e6:.0f} MB"


def is_transcript(data: bytes, name: str | None) -> bool:
    """True for transcript files (by extension, or text that is not audio)."""
    if PurePath(name or "").suffix.lower() in EXTENSIONS:
        return True
    from trainer.speech.sniff import OTHER_MAGIC, looks_like_audio

    if data.startswith(OTHER_MAGIC):  # a PDF, an image, an archive: neither audio nor text
        return False
    return looks_like_audio(data[:4096]) is not True and sniff(data, name) is not None


def score_call(source: str | os.PathLike | bytes, options: CallOptions | None = None, *,
               name: str | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """The call scorecard of an audio file or a transcript (path or bytes)."""
    options = options or CallOptions()
    options.check()
    progress = progress or _quiet
    data, label = read_source(source, name, options.max_bytes)
    if is_transcript(data, label):
        progress("reading", 0.1)
        call = read_transcript(data, label, options.metadata)
        progress("scoring", 0.6)
        card = build_scorecard(call, file=label)
    else:
        card = _score_audio(data, label, options, progress)
    progress("done", 1.0)
    return card


def _score_audio(data: bytes, label: str, options: CallOptions,
                 progress: Progress) -> dict[str, Any]:
    from trainer.speech import AudioError, decode_channels

    from .channels import mono_call, plan_channels, stereo_call

    timings: dict[str, float] = {}
    started = time.perf_counter()
    progress("decoding", 0.05)
    try:
        audio = decode_channels(data, max_duration_s=options.max_seconds)
    except AudioError as exc:
        raise CallInputError.from_audio(exc, label) from None
    timings["decode"] = time.perf_counter() - started
    plan = plan_channels(audio.samples, audio.sample_rate, options.agent_channel, label)
    if plan.stereo:
        heard = stereo_call(plan, audio.duration, options, progress, timings, label)
    else:
        heard = mono_call(plan, audio.duration, options, progress, timings, label)
    heard.call.metadata = heard.call.metadata.merged(options.metadata)
    progress("scoring", 0.9)
    mark = time.perf_counter()
    card = build_scorecard(heard.call, file=label, activity=heard.activity,
                           assignment=heard.assignment, extra={"warnings": heard.warnings})
    timings["score"] = time.perf_counter() - mark
    card["activity"] = {k: [[round(a, 2), round(b, 2)] for a, b in v]
                        for k, v in heard.activity.items()}
    card["processing"] = {"timings_s": {k: round(v, 3) for k, v in timings.items()},
                          "model": options.model or "tiny.en", "beam_size": options.beam_size}
    return card


def transcribe_words(samples, options: CallOptions, label: str) -> list[Word]:
    """Whisper's words (with timings) for 16 kHz mono samples; [] when nobody speaks."""
    from trainer.speech import SAMPLE_RATE, Audio, AudioError, transcribe

    from .models import resolve_qa_model

    audio = Audio(samples=samples, sample_rate=SAMPLE_RATE, source_channels=1,
                  source_sample_rate=SAMPLE_RATE, codec="pcm", container="memory", name=label)
    try:
        result = transcribe(audio, engine=options.engine,
                            model=resolve_qa_model(options.model, options.instance_path),
                            beam_size=options.beam_size, language=options.language,
                            instance_path=options.instance_path)
    except AudioError as exc:
        if exc.code == "no_speech":
            return []
        raise CallInputError.from_audio(exc, label) from None
    return [Word(w.word, w.start, w.end, w.probability) for w in result.words]


def swap_speakers(card: dict[str, Any]) -> dict[str, Any]:
    """The scorecard re-scored with agent and customer exchanged (QA's one-click fix)."""
    turns = [Turn("customer" if t["speaker"] == "agent" else "agent", t["text"], t.get("start"),
                  t.get("end"), [Word(w["word"], w["start"], w["end"], w.get("probability"))
                                 for w in t.get("words") or []]) for t in card["turns"]]
    from .transcript import parse_metadata

    meta = parse_metadata({k: card.get(k) for k in ("id", "started_at", "consumer_timezone",
                                                     "agent")})
    call = CallTranscript(turns, meta, card.get("duration"), card.get("source", "transcript"))
    activity = card.get("activity")
    regions = None
    if activity:
        regions = {"agent": [tuple(r) for r in activity["customer"]],
                   "customer": [tuple(r) for r in activity["agent"]]}
    assignment = dict(card.get("speaker_assignment") or {})
    assignment["swapped"] = not assignment.get("swapped", False)
    if assignment.get("evidence"):  # each quoted turn's speaker changes sides too
        assignment["evidence"] = [{**e, "speaker": OTHER.get(e.get("speaker"), e.get("speaker"))}
                                  for e in assignment["evidence"]]
    extra = {k: card[k] for k in ("warnings", "processing") if k in card}
    swapped = build_scorecard(call, file=card.get("file"), activity=regions,
                              assignment=assignment, extra=extra)
    if activity:
        swapped["activity"] = {"agent": activity["customer"], "customer": activity["agent"]}
    return swapped


