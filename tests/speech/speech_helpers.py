"""Plain helpers shared by the speech tests (imported by name, not through conftest)."""

import re
from pathlib import Path

import numpy as np

AUDIO = Path(__file__).resolve().parent.parent / "data" / "audio"
ANSWER_WORDS = ("understand", "difficult", "time", "payment", "plan", "works")


def words_of(text: str) -> list[str]:
    """Lower-case words without punctuation, for comparing transcripts."""
    return re.findall(r"[a-z']+", text.lower())


def tone(freq_hz, seconds=2.0, rate=16000, amplitude=0.3):
    """A sine (or, with a (start, end) pair, a glide) as float32 samples."""
    t = np.arange(int(seconds * rate)) / rate
    if isinstance(freq_hz, tuple):
        start, end = freq_hz
        inst = start * (end / start) ** (t / seconds)  # exponential: even in semitones
        phase = 2 * np.pi * np.cumsum(inst) / rate
    else:
        phase = 2 * np.pi * freq_hz * t
    return (amplitude * np.sin(phase)).astype(np.float32)
