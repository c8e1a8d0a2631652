"""Delivery (prosody) metrics of one spoken answer: rate, pauses, pitch, loudness, effort.

`measure_delivery` returns a JSON-ready dict: the INTERFACES.md keys, the facts evidence
needs (phrase windows with start/end seconds, bursts without a pause) and the durations.
A speaker's calm read-aloud measured the same way is their baseline: trainer.scoring.delivery
judges loudness, pitch and effort against it, since absolute loudness depends on the mic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .prosody import Tracks, compute_tracks
from .syllables import count_nuclei

VERSION = 2  # 2: spectral_centroid_hz
MIN_PAUSE_S = 0.25  # shorter silences are stop closures and breaths inside a phrase
LONG_PAUSE_S = 1.0  # longer silences are thinking time, not speaking time
BURST_PAUSE_S = 0.3  # a burst is talk with no silence of at least this long
WINDOW_SPEECH_S = 3.0  # evidence windows: a phrase (longer ones cut into ~3 s pieces) ...
MAX_WINDOW_S = 4.0  # ... or neighbouring phrases grouped up to 4 s
MIN_RATE_S = 1.2  # a window's rate is reported only over this much speaking time
LEVEL_RANGE_DB = 50.0  # frames this far below the loudest are silence, not soft speech


def measure_delivery(samples: np.ndarray, words: Sequence | None = None, *,
                     sample_rate: int = 16000,
                     speech: Sequence[tuple[float, float]] | None = None) -> dict:
    """Delivery metrics for mono float samples; words (with start/end) give the word rate.

    speech: VAD regions in seconds (a Transcript's `speech`); computed when not given.
    """
    samples = np.ascontiguousarray(samples, np.float32)
    if speech is None:
        from .transcribe import speech_regions

        speech = speech_regions(samples, sample_rate) if sample_rate == 16000 else []
    tracks = compute_tracks(samples, sample_rate)
    phrases = _merge(list(speech), MIN_PAUSE_S)
    duration = len(samples) / sample_rate
    out: dict = {"version": VERSION, "duration_s": round(duration, 3)}
    word_times = _word_times(words)
    out.update(_timing(phrases, word_times))
    active = _active_mask(tracks, phrases)
    out.update(_voice(tracks, active))
    nuclei = count_nuclei(tracks, active)
    speaking = out["speaking_s"]
    out["syllables_per_second"] = round(len(nuclei) / speaking, 2) if speaking >= MIN_RATE_S \
        else None
    out["windows"] = _windows(phrases, tracks, active, word_times, nuclei)
    return out


def _word_times(words: Sequence | None) -> list[tuple[float, float]] | None:
    if words is None:
        return None
    times = []
    for w in words:
        start, end = (w["start"], w["end"]) if isinstance(w, dict) else (w.start, w.end)
        times.append((float(start), float(end)))
    return times


def _merge(regions: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for start, end in sorted(regions):
        if merged and start - merged[-1][1] < gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _timing(phrases: list[tuple[float, float]], word_times) -> dict:
    """Speaking time, pauses, bursts and the word rate."""
    if not phrases:
        return {"speaking_s": 0.0, "speech_start_s": None, "speech_end_s": None,
                "words": len(word_times) if word_times is not None else None,
                "words_per_minute": None, "pause_ratio": None, "longest_pause_s": 0.0,
                "pauses": [], "longest_burst_s": 0.0, "bursts": []}
    span = phrases[-1][1] - phrases[0][0]
    gaps = [(a[1], b[0]) for a, b in zip(phrases, phrases[1:], strict=False)]
    pause_total = sum(b - a for a, b in gaps)
    speaking = span - sum(b - a for a, b in gaps if b - a >= LONG_PAUSE_S)
    bursts = _merge(phrases, BURST_PAUSE_S)
    n_words = len(word_times) if word_times is not None else None
    wpm = None
    if n_words is not None and speaking >= MIN_RATE_S:
        wpm = round(n_words / speaking * 60.0, 1)
    return {
        "speaking_s": round(speaking, 2),
        "speech_start_s": round(phrases[0][0], 2), "speech_end_s": round(phrases[-1][1], 2),
        "words": n_words, "words_per_minute": wpm,
        "pause_ratio": round(pause_total / span, 3) if span > 0 else 0.0,
        "longest_pause_s": round(max((b - a for a, b in gaps), default=0.0), 2),
        "pauses": [[round(a, 2), round(b, 2)] for a, b in gaps],
        "longest_burst_s": round(max(b - a for a, b in bursts), 2),
        "bursts": [[round(a, 2), round(b, 2)] for a, b in bursts],
    }


def _active_mask(tracks: Tracks, phrases: list[tuple[float, float]]) -> np.ndarray:
    """Frames inside speech and not far below the loudest frame."""
    times = tracks.times()
    inside = np.zeros(len(times), bool)
    for start, end in phrases:
        inside |= (times >= start) & (times < end)
    if not inside.any():
        return inside
    top = np.percentile(tracks.level_db[inside], 99)
    return inside & (tracks.level_db > top - LEVEL_RANGE_DB)


def _voice(tracks: Tracks, active: np.ndarray) -> dict:
    """Pitch, loudness and spectral balance over the active frames."""
    voiced = active & tracks.voiced
    out = {"voiced_s": round(float(voiced.sum()) * tracks.hop, 2)}
    out.update(_pitch_stats(tracks.f0_hz[voiced]))
    out.update(_level_stats(tracks.level_db[active]))
    out.update(_balance(tracks, voiced if voiced.sum() >= 10 else active))
    return out


def _pitch_stats(f0: np.ndarray) -> dict:
    if len(f0) < 10:
        return {"pitch_median_hz": None, "pitch_variability_st": None, "pitch_range_st": None}
    median = float(np.median(f0))
    semitones = 12.0 * np.log2(f0 / median)
    return {"pitch_median_hz": round(median, 1),
            "pitch_variability_st": round(float(np.std(semitones)), 2),
            "pitch_range_st": round(float(np.percentile(semitones, 90)
                                          - np.percentile(semitones, 10)), 2)}


def _level_stats(level_db: np.ndarray) -> dict:
    if len(level_db) < 10:
        return {"loudness_db": None, "loudness_variability_db": None}
    mean_power = np.mean(10.0 ** (level_db / 10.0))
    return {"loudness_db": round(float(10.0 * np.log10(mean_power)), 2),
            "loudness_variability_db": round(float(np.std(level_db)), 2)}


def _balance(tracks: Tracks, frames: np.ndarray) -> dict:
    """Spectral balance over the frames (vocal effort): alpha ratio and centroid below 4 kHz.

    Both cancel the gain. The alpha ratio sums the frames' spectra first (loud frames weigh
    more); the centroid is each frame's own, averaged, so a gain that changes over time
    (a browser's AGC levelling syllables) does not move it.
    """
    out = {"alpha_ratio_db": None, "spectral_centroid_hz": None}
    if frames.sum() < 5:
        return out
    low, high = tracks.low_power[frames].sum(), tracks.high_power[frames].sum()
    if low > 0 and high > 0:
        out["alpha_ratio_db"] = round(float(10.0 * np.log10(high / low)), 2)
    centroids = tracks.centroid_hz[frames]
    centroids = centroids[~np.isnan(centroids)]
    if len(centroids) >= 5:
        out["spectral_centroid_hz"] = round(float(centroids.mean()), 1)
    return out


def _windows(phrases, tracks: Tracks, active: np.ndarray, word_times,
             nuclei: np.ndarray) -> list[dict]:
    """Evidence windows of 1.2-4 s: phrases, cut or grouped, never across a long pause."""
    groups: list[list[tuple[float, float]]] = []
    for phrase in _split_long(phrases):
        if groups and phrase[0] - groups[-1][-1][1] < LONG_PAUSE_S:
            held = sum(b - a for a, b in groups[-1])
            if held < MIN_RATE_S or held + phrase[1] - phrase[0] <= MAX_WINDOW_S:
                groups[-1].append(phrase)
                continue
        groups.append([phrase])
    return [_window(group, tracks, active, word_times, nuclei) for group in groups]


def _split_long(phrases):
    for start, end in phrases:
        pieces = max(1, math.ceil((end - start) / WINDOW_SPEECH_S))
        step = (end - start) / pieces
        for i in range(pieces):
            yield start + i * step, start + (i + 1) * step


def _window(group, tracks: Tracks, speech: np.ndarray, word_times, nuclei: np.ndarray) -> dict:
    start, end = group[0][0], group[-1][1]
    speaking = end - start
    times = tracks.times()
    inside = np.zeros(len(times), bool)
    for a, b in group:
        inside |= (times >= a) & (times < b)
    active = inside & speech
    voiced = active & tracks.voiced
    window = {"start_s": round(start, 2), "end_s": round(end, 2), "speaking_s": round(speaking, 2)}
    rate_ok = speaking >= MIN_RATE_S
    if word_times is not None:
        count = sum(1 for a, b in word_times if start <= (a + b) / 2 < end)
        window["words"] = count
        window["words_per_minute"] = round(count / speaking * 60.0, 1) if rate_ok else None
    syllables = int(np.sum((nuclei >= start) & (nuclei < end)))
    window["syllables_per_second"] = round(syllables / speaking, 2) if rate_ok else None
    window.update(_level_stats(tracks.level_db[active]))
    window["pitch_median_hz"] = _pitch_stats(tracks.f0_hz[voiced])["pitch_median_hz"]
    window.update(_balance(tracks, voiced if voiced.sum() >= 10 else active))
    return window


def delivery_summary(delivery: dict) -> dict:
    """Only the INTERFACES.md headline keys (for compact listings)."""
    keys = ("words_per_minute", "pause_ratio", "longest_pause_s", "pitch_median_hz",
            "pitch_variability_st", "loudness_db", "loudness_variability_db")
    return {k: delivery.get(k) for k in keys}
