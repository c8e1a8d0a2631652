"""Positive language: can-do framing, courtesy, options (signals), plus the overall tone.

Tone is VADER on a neutralised lexicon (sentiment.py). It may lower the score freely,
but may not raise it when the answer threatens, abuses, blames or dismisses.
"""

from __future__ import annotations

from ..sentiment import config as sentiment_config
from ..text import Utterance
from ..types import Context, Evidence
from .base import AdditiveScorer, cold_demand, feature
from .empathy import but_demand


def tone_evidence(utterance: Utterance, dimension: str, total: float, why: str,
                  signal: str = "tone") -> list[Evidence]:
    """Share a tone effect across the words that carried it (same sign as the total)."""
    words = [(s, e, v) for s, e, v in utterance.features["sentiment"].words
             if (v > 0) == (total > 0)]
    weight = sum(abs(v) for _, _, v in words)
    if not words or not weight:
        return []
    return [Evidence(dimension=dimension, signal=signal, effect=total * abs(v) / weight,
                     why=f"{why}: '{utterance.span(s, e)}'", start=s, end=e,
                     text=utterance.span(s, e)) for s, e, v in words]


class PositiveLanguageScorer(AdditiveScorer):
    """Positive language on the 0-100 scale."""

    name = "positive_language"

    def features(self, utterance: Utterance, context: Context) -> list[Evidence]:
        """The neutralised VADER tone, with no upward credit next to hostility."""
        out = cold_demand(utterance, self.name)
        but = but_demand(utterance, self.name)
        if but:
            out.append(but)
        compound = utterance.features["sentiment"].compound
        if compound > 0 and utterance.tags & set(sentiment_config()["no_credit_with"]):
            return out
        setting = feature("tone")
        return out + tone_evidence(utterance, self.name, compound * setting["effect"],
                                   setting["why"])
