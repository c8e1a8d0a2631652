"""The speech steps an answer goes through, decoded once: transcript plus delivery metrics."""

from __future__ import annotations

import os

from .decode import DEFAULT_MAX_DURATION_S, Audio, Channel, Source, decode_audio
from .delivery import measure_delivery
from .errors import AudioError
from .transcribe import Transcript, heard_speech, speech_regions, transcribe

MIN_BASELINE_SPEECH_S = 3.0


def analyse_answer(source: Source | Audio, *, engine: str | None = None,
                   model: str | os.PathLike | None = None, beam_size: int = 5,
                   instance_path: str | os.PathLike | None = None,
                   max_duration_s: float | None = DEFAULT_MAX_DURATION_S,
                   channel: Channel = "mix", name: str | None = None) -> tuple[Transcript, dict]:
    """Decode, transcribe and measure delivery: (Transcript, delivery dict)."""
    audio = source if isinstance(source, Audio) else decode_audio(
        source, channel=channel, max_duration_s=max_duration_s)
    transcript = transcribe(audio, engine=engine, model=model, beam_size=beam_size,
                            instance_path=instance_path, name=name)
    delivery = measure_delivery(audio.samples, transcript.words, sample_rate=audio.sample_rate,
                                speech=transcript.speech)
    return transcript, delivery


def warm_up(engine: str | None = None, model: str | os.PathLike | None = None, *,
            instance_path: str | os.PathLike | None = None) -> None:
    """Load the Whisper model and the VAD now (workers call this at start, not per job)."""
    import numpy as np

    from .models import get_engine

    get_engine(engine, model, instance_path=instance_path)
    speech_regions(np.zeros(16000, np.float32))


def measure_baseline(source: Source | Audio, *, words=None,
                     max_duration_s: float | None = 300.0) -> dict:
    """A speaker's calm baseline from a read-aloud: the same metric dict as an answer."""
    audio = source if isinstance(source, Audio) else decode_audio(
        source, max_duration_s=max_duration_s)
    speech = heard_speech(audio.samples, audio.sample_rate, need_s=MIN_BASELINE_SPEECH_S)
    spoken = sum(end - start for start, end in speech)
    if spoken < MIN_BASELINE_SPEECH_S:
        raise AudioError("no_speech", f"a baseline needs at least {MIN_BASELINE_SPEECH_S:.0f} s "
                                      f"of speech; this recording has {spoken:.1f} s")
    return measure_delivery(audio.samples, words, sample_rate=audio.sample_rate, speech=speech)
