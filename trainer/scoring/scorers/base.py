"""What every scorer shares: the protocol, the additive model, dedupe and caps.

A dimension's score is base + the sum of its evidence effects, clamped to 0-100, then
capped when the answer carries a capping tag (caps.yaml). Every step is an Evidence item,
so the number on screen is the sum of the reasons under it; evidence.py says which items
count (meaningful ones, no credit inside hostility, the model's reading as one item).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Protocol

import yaml

from ..lexicon import load_weights
from ..tags import TAGS
from ..text import Utterance
from ..types import Context, DimensionScore, Evidence
from .evidence import kept, ordered, reading_evidence

DATA = Path(__file__).resolve().parent.parent / "data"


class Scorer(Protocol):
    """One dimension: a name, and score(utterance, context) -> DimensionScore."""

    name: str

    def score(self, utterance: Utterance, context: Context) -> DimensionScore:
        """Score one analysed utterance on this dimension."""
        ...


@cache
def feature_config() -> dict:
    """features.yaml with any fitted values from weights.json laid over it."""
    config = yaml.safe_load((DATA / "features.yaml").read_text())
    fitted = load_weights()
    config["base"].update(fitted["base"])
    for name, per_dimension in fitted["features"].items():
        setting = config["features"][name]
        if "effects" in setting:
            setting["effects"].update(per_dimension)
        elif setting["dimension"] in per_dimension:
            setting["effect"] = per_dimension[setting["dimension"]]
    return config


@cache
def caps() -> dict[str, dict[str, float]]:
    """tag -> {dimension: maximum score}."""
    return yaml.safe_load((DATA / "caps.yaml").read_text())["caps"]


def feature(name: str) -> dict:
    """One feature's settings."""
    return feature_config()["features"][name]


def cold_demand(utterance: Utterance, dimension: str) -> list[Evidence]:
    """The cold-demand composite: a demand and nothing that softens it, anywhere in the answer."""
    setting = feature("cold_demand")
    effect = setting["effects"].get(dimension)
    if not effect or not (utterance.tags & set(setting["when_any"])):
        return []
    if utterance.tags & set(setting["unless_any"]):
        return []
    demand = next(m for m in utterance.matches if m.signal.id in setting["when_any"])
    return [Evidence(dimension=dimension, signal="cold_demand", effect=effect,
                     why=setting["why"], start=demand.start, end=demand.end,
                     text=utterance.span(demand.start, demand.end))]


def clamp(value: float) -> float:
    """Keep a score on the 0-100 scale."""
    return max(0.0, min(100.0, value))


class AdditiveScorer:
    """Base + signal effects + the subclass's own features, clamped, then capped."""

    name = ""

    def __init__(self, base: float | None = None):
        self.base = base

    def features(self, utterance: Utterance, context: Context) -> list[Evidence]:
        """Evidence from this dimension's non-lexical features (override in subclasses)."""
        return []

    def score(self, utterance: Utterance, context: Context) -> DimensionScore:
        """Score one analysed utterance on this dimension."""
        base = self.base if self.base is not None else feature_config()["base"][self.name]
        evidence = signal_evidence(utterance, self.name) + self.features(utterance, context)
        evidence = kept(utterance, evidence) + reading_evidence(utterance, self.name)
        value = clamp(base + sum(e.effect for e in evidence))
        cap = cap_evidence(utterance, self.name, value)
        if cap:
            evidence.append(cap)
            value = clamp(value + cap.effect)
        return DimensionScore(self.name, value, ordered(evidence))


def signal_evidence(utterance: Utterance, dimension: str) -> list[Evidence]:
    """One Evidence per signal match that moves this dimension.

    Overlapping matches from the same signal file pushing the same way count once (the
    strongest), so two phrasings of one construct over the same words ("I'm so sorry" /
    "sorry to hear") are not double credit, while an amount that is also a debt detail
    keeps both reasons.
    """
    moving = [m for m in utterance.matches if m.signal.effects.get(dimension)]
    moving.sort(key=lambda m: -abs(m.signal.effects[dimension]))
    kept: list = []
    for m in moving:
        sign = m.signal.effects[dimension] > 0
        if any(k.overlaps(m) and k.signal.file == m.signal.file
               and (k.signal.effects[dimension] > 0) == sign for k in kept):
            continue
        kept.append(m)
    return [Evidence(dimension=dimension, signal=m.signal.id, effect=m.signal.effects[dimension],
                     why=m.signal.why, start=m.start, end=m.end,
                     text=utterance.span(m.start, m.end)) for m in kept]


@cache
def _caps_of(dimension: str) -> tuple[tuple[float, str], ...]:
    """(limit, tag) of every cap on this dimension, tightest first (file order on a tie)."""
    return tuple(sorted(((limits[dimension], tag) for tag, limits in caps().items()
                         if dimension in limits), key=lambda cap: cap[0]))


def cap_evidence(utterance: Utterance, dimension: str, value: float) -> Evidence | None:
    """The tightest cap that applies to this dimension, as evidence, or None."""
    tags = utterance.tags
    best = next(((limit, tag) for limit, tag in _caps_of(dimension) if tag in tags), None)
    if best is None or value <= best[0]:
        return None
    limit, tag = best
    why = TAGS.get(tag) or next((f.why for f in utterance.features.get("flags", ())
                                 if f.code == tag), tag)
    start, end = utterance.tag_span(tag)
    return Evidence(dimension=dimension, signal=f"cap_{tag}", effect=limit - value,
                    why=f"capped at {limit:g}: {why}", start=start, end=end,
                    text=utterance.span(start, end) if start is not None else None)

