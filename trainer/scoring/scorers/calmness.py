"""Calmness: of the words (caps, harsh tone, signals) and, for speech, of the delivery.

Spoken answers carry delivery features in the context; trainer.scoring.delivery turns them
into evidence over time ranges ("fast: 192 wpm from 3.1 s to 7.4 s").
"""

from __future__ import annotations

import re

from ..text import Utterance
from ..types import Context, Evidence
from .base import AdditiveScorer, cold_demand, feature
from .positive import tone_evidence

_WORDS = re.compile(r"[A-Za-z']+")


class CalmnessScorer(AdditiveScorer):
    """Calmness on the 0-100 scale."""

    name = "calmness"

    def _curt(self, utterance: Utterance) -> list[Evidence]:
        setting = feature("curt")
        words = _WORDS.findall(utterance.text)
        if not words or len(words) > setting["max_words"]:
            return []
        if utterance.tags & set(setting["unless_any"]):
            return []
        return [Evidence(dimension=self.name, signal="curt", effect=setting["effect"],
                         why=setting["why"], start=0, end=len(utterance.text),
                         text=utterance.text)]

    def features(self, utterance: Utterance, context: Context) -> list[Evidence]:
        """Shouting in caps, a harsh tone, and the audio delivery when there is one."""
        caps = feature("caps")
        out = [Evidence(dimension=self.name, signal="caps", effect=caps["effect"], why=caps["why"],
                        start=s, end=e, text=utterance.span(s, e))
               for s, e in utterance.features["caps_words"][: caps["max_words"]]]
        out += cold_demand(utterance, self.name)
        out += self._curt(utterance)
        compound = utterance.features["sentiment"].compound
        if compound < 0:
            tone = feature("tone_calm")
            out += tone_evidence(utterance, self.name, compound * tone["effect"], tone["why"],
                                 signal="tone_calm")
        if context.delivery:
            from ..delivery import delivery_evidence  # the audio rules load only for speech

            out += delivery_evidence(context.delivery, context.baseline)
        return out
