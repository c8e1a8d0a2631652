"""Plain helpers shared by the call tests (imported by name, not through conftest)."""

import io
import json
import wave
from pathlib import Path

import numpy as np

DATA = Path(__file__).parents[1] / "data"
CALLS = DATA / "calls"
TIMELINE = json.loads((DATA / "call_timeline.json").read_text())
def wav_bytes(channels: list[np.ndarray], rate: int = 8000) -> bytes:
    """16-bit WAV bytes from float channels in [-1, 1]."""
    data = np.clip(np.stack(channels, axis=1), -1, 1)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((data * 32767).astype("<i2").tobytes())
    return out.getvalue()


def bursts(spans: list[tuple[float, float]], duration: float, rate: int = 16000,
           seed: int = 0) -> np.ndarray:
    """Loud noise during each (start, end), quiet line hiss elsewhere: activity with known
    edges."""
    rng = np.random.default_rng(seed)
    signal = rng.standard_normal(int(duration * rate)).astype(np.float32) * 0.001
    for start, end in spans:
        a, b = int(start * rate), int(end * rate)
        signal[a:b] += rng.standard_normal(b - a).astype(np.float32) * 0.2
    return signal


def transcript(*turns, **meta) -> bytes:
    """A JSON call transcript from (speaker, text[, start, end]) tuples."""
    items = []
    for turn in turns:
        item = {"speaker": turn[0], "text": turn[1]}
        if len(turn) == 4:
            item.update(start=turn[2], end=turn[3])
        items.append(item)
    return json.dumps({**meta, "turns": items}).encode()
