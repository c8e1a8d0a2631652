"""Who makes sound when, from the audio itself: per-channel activity and the channel checks.

On a stereo call each channel carries one speaker, so frame energy above the line's own noise
floor says when that speaker talks (exact on constructed audio, robust to line hiss); the
overlap of the two channels' activity is the overtalk.
"""

from __future__ import annotations

import numpy as np

FRAME_S = 0.02
FLOOR_MARGIN_DB = 12.0  # speech is this far above the quietest tenth of the channel
ABSOLUTE_FLOOR_DB = -50.0  # dBFS; quieter than this is silence whatever the floor
MIN_ACTIVE_S = 0.5  # a channel with less than this is silent
FILL_GAP_S = 0.3  # pauses shorter than this inside speech are still speech
MIN_BURST_S = 0.08  # clicks shorter than this are not speech
DUPLICATE_CORRELATION = 0.98

Regions = list[tuple[float, float]]


def frame_levels(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """RMS level of each 20 ms frame, in dBFS."""
    size = max(1, int(sample_rate * FRAME_S))
    count = len(samples) // size
    if count == 0:
        return np.zeros(0, np.float32)
    frames = samples[:count * size].reshape(count, size).astype(np.float64)
    rms = np.sqrt(np.mean(frames ** 2, axis=1))
    return (20 * np.log10(np.maximum(rms, 1e-10))).astype(np.float32)


def active_regions(samples: np.ndarray, sample_rate: int) -> Regions:
    """Where the channel is active: (start, end) seconds, short gaps filled, clicks dropped."""
    levels = frame_levels(samples, sample_rate)
    if not len(levels):
        return []
    floor = float(np.percentile(levels, 10))
    threshold = max(floor + FLOOR_MARGIN_DB, ABSOLUTE_FLOOR_DB)
    regions = _runs(levels > threshold)
    return [(a, b) for a, b in _fill(regions, FILL_GAP_S) if b - a >= MIN_BURST_S]


def _runs(active: np.ndarray) -> Regions:
    edges = np.diff(np.concatenate([[0], active.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [(float(s * FRAME_S), float(e * FRAME_S)) for s, e in zip(starts, ends, strict=True)]


def _fill(regions: Regions, gap: float) -> Regions:
    out: Regions = []
    for start, end in regions:
        if out and start - out[-1][1] < gap:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def total(regions: Regions) -> float:
    """Seconds covered by the regions (assumed not to overlap each other)."""
    return sum(end - start for start, end in regions)


def intersect(a: Regions, b: Regions) -> Regions:
    """Stretches where both region lists are active."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def union(*lists: Regions) -> Regions:
    """The stretches where any of the lists is active, merged."""
    merged: Regions = []
    for start, end in sorted(r for regions in lists for r in regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def channel_verdict(left: np.ndarray, right: np.ndarray, sample_rate: int) -> str | None:
    """Why a stereo pair must be treated as mono: 'left_silent', 'right_silent',
    'identical' (one signal on both channels), or None when it is a true two-channel call."""
    silent = [total(active_regions(ch, sample_rate)) < MIN_ACTIVE_S for ch in (left, right)]
    if all(silent):
        return "both_silent"
    if silent[0] or silent[1]:
        return "left_silent" if silent[0] else "right_silent"
    if _correlation(left, right) >= DUPLICATE_CORRELATION:
        return "identical"
    return None


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    denom = float(np.sqrt(np.dot(a, a) * np.dot(b, b)))
    return float(np.dot(a, b) / denom) if denom else 1.0
