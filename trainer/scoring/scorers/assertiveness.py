"""Assertiveness: clear and confident, not aggressive.

Asks, amounts, dates, ownership and recaps raise it; hedges, fillers and apologies lower
it (signals). Shouting lowers it here and, with threats and insults, caps it (caps.yaml).
"""

from __future__ import annotations

from ..text import Utterance
from ..types import Context, Evidence
from .base import AdditiveScorer, feature


class AssertivenessScorer(AdditiveScorer):
    """Assertiveness on the 0-100 scale."""

    name = "assertiveness"

    def features(self, utterance: Utterance, context: Context) -> list[Evidence]:
        """All-caps words: loud is not the same as clear."""
        setting = feature("caps_assertive")
        spans = utterance.features["caps_words"][: setting["max_words"]]
        return [Evidence(dimension=self.name, signal="caps_assertive", effect=setting["effect"],
                         why=setting["why"], start=s, end=e, text=utterance.span(s, e))
                for s, e in spans]
