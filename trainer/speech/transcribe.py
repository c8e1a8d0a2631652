"""One call for everyone: audio (path, bytes, file object or decoded Audio) in, Transcript out."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np

from .decode import DEFAULT_MAX_DURATION_S, SAMPLE_RATE, Audio, Channel, Source, decode_audio
from .engines import Word
from .errors import AudioError
from .models import get_engine
from .voicing import voiced_regions

DEFAULT_BEAM_SIZE = 5
LONG_AUDIO_S = 30.0  # past one Whisper window, skipping silence with the VAD saves time
MIN_SPEECH_S = 0.15


@dataclass(slots=True)
class Transcript:
    """A transcription result; `to_dict()` is the `trainer transcribe --json` shape."""

    file: str | None
    duration: float
    language: str
    text: str
    words: list[Word]
    engine: str
    model: str
    seconds: float
    speech: list[tuple[float, float]] = field(default_factory=list)  # VAD regions, seconds

    def to_dict(self) -> dict:
        """{"file", "duration", "language", "text", "words", "engine", "model", "seconds"}."""
        return {"file": self.file, "duration": round(self.duration, 3), "language": self.language,
                "text": self.text, "words": [w.to_dict() for w in self.words],
                "engine": self.engine, "model": self.model, "seconds": round(self.seconds, 3)}


def transcribe(source: Source | Audio, *, engine: str | None = None,
               model: str | os.PathLike | None = None, beam_size: int = DEFAULT_BEAM_SIZE,
               vad: bool | None = None, language: str | None = None,
               instance_path: str | os.PathLike | None = None,
               max_duration_s: float | None = DEFAULT_MAX_DURATION_S, channel: Channel = "mix",
               name: str | None = None, cpu_threads: int = 0,
               compute_type: str = "int8") -> Transcript:
    """Decode (unless given Audio), check there is speech, and transcribe with word timings.

    engine/model: None reads $TRAINER_WHISPER_ENGINE / $TRAINER_WHISPER_MODEL, else the
    defaults (faster-whisper, bundled tiny.en). vad: None means on for audio past 30 s.

    Loud speech is never refused as silence: a voice the VAD misses (a shout clipped flat)
    is found by its pitch (voicing.py), and once either detector has heard a voice, Whisper
    is asked again without its own no-speech guess and VAD if its first pass kept no words.
    Silence, noise and steady tones pass neither detector and are refused as no speech.
    """
    started = time.perf_counter()
    if not isinstance(beam_size, int) or isinstance(beam_size, bool) or not 1 <= beam_size <= 20:
        raise AudioError("bad_option", f"beam size must be a whole number from 1 to 20, "
                                       f"not {beam_size!r}")
    audio = source if isinstance(source, Audio) else decode_audio(
        source, channel=channel, max_duration_s=max_duration_s)
    samples = _mono(audio)
    label = name or audio.name
    speech = heard_speech(samples, audio.sample_rate)
    if _seconds(speech) < MIN_SPEECH_S:
        raise AudioError("no_speech", _where(label, "no speech detected"))
    runner = get_engine(engine, model, instance_path=instance_path, cpu_threads=cpu_threads,
                        compute_type=compute_type)
    use_vad = audio.duration > LONG_AUDIO_S if vad is None else bool(vad)
    result = runner.recognise(samples, beam_size=beam_size, vad=use_vad, language=language)
    if not _spoken(result):  # a voice was heard: Whisper's guess that it is not speech loses
        result = runner.recognise(samples, beam_size=beam_size, vad=False, language=language,
                                  no_speech_check=False)
    if not _spoken(result):
        raise AudioError("no_speech", _where(label, "no speech detected"))
    if _covered(speech, result.words) < 0.5:  # the VAD missed most of it: delivery needs it
        speech = _union(speech + voiced_regions(samples, audio.sample_rate))
    return Transcript(file=label, duration=audio.duration, language=result.language,
                      text=result.text, words=result.words, engine=runner.name,
                      model=runner.model_name, seconds=time.perf_counter() - started,
                      speech=speech)


def speech_regions(samples: np.ndarray, sample_rate: int = SAMPLE_RATE,
                   min_silence_ms: int = 100) -> list[tuple[float, float]]:
    """Where someone speaks, by the Silero VAD bundled with faster-whisper, in seconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if sample_rate != SAMPLE_RATE:
        raise AudioError("bad_option", "speech detection needs 16 kHz audio")
    options = VadOptions(min_silence_duration_ms=min_silence_ms, speech_pad_ms=30)
    stamps = get_speech_timestamps(np.ascontiguousarray(samples, np.float32), options)
    return [(s["start"] / sample_rate, s["end"] / sample_rate) for s in stamps]


def heard_speech(samples: np.ndarray, sample_rate: int = SAMPLE_RATE,
                 need_s: float = MIN_SPEECH_S) -> list[tuple[float, float]]:
    """Where someone speaks: the VAD's regions, joined by the voiced stretches it missed
    (voicing.py) when it heard less than need_s seconds."""
    regions = speech_regions(samples, sample_rate)
    if _seconds(regions) >= need_s:
        return regions
    return _union(regions + voiced_regions(samples, sample_rate))


def _spoken(result) -> bool:
    """At least one word with a letter or digit in it (not only "." or "...")."""
    return any(any(c.isalnum() for c in w.word) for w in result.words)


def _seconds(regions: list[tuple[float, float]]) -> float:
    return sum(end - start for start, end in regions)


def _covered(regions: list[tuple[float, float]], words: list[Word]) -> float:
    """The share of the words' time that lies inside the regions."""
    total = sum(w.end - w.start for w in words)
    inside = sum(max(0.0, min(w.end, b) - max(w.start, a)) for w in words for a, b in regions)
    return inside / total if total > 0 else 1.0


def _union(regions: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _mono(audio: Audio) -> np.ndarray:
    samples = audio.samples
    if samples.ndim == 2:
        samples = samples.mean(axis=0) if samples.shape[0] > 1 else samples[0]
    if audio.sample_rate != SAMPLE_RATE:
        raise AudioError("bad_option", f"Whisper needs {SAMPLE_RATE} Hz audio, "
                                       f"not {audio.sample_rate} Hz")
    return np.ascontiguousarray(samples, np.float32)


def _where(name: str | None, message: str) -> str:
    return f"{name}: {message}" if name else message
