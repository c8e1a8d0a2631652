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
_SENTENCE = re.compile(r"[^.!?]+[.!?]+")
_CAPS = re.compile(r"\b[A-Z]{2,}\b")


class CalmnessScorer(AdditiveScorer):
    """Calmness on the 0-100 scale."""

    name = "calmness"

    def _clipped(self, utterance: Utterance) -> list[Evidence]:
        setting = feature("clipped")
        fragments = [m for m in _SENTENCE.finditer(utterance.text)
                     if 0 < len(_WORDS.findall(m.group())) <= setting["max_words"]]
        if len(fragments) < setting["min_fragments"] or utterance.tags & set(setting["unless_any"]):
            return []
        start, end = fragments[0].start(), fragments[-1].end()
        return [Evidence(dimension=self.name, signal="clipped", effect=setting["effect"],
                         why=setting["why"], start=start, end=end,
                         text=utterance.span(start, end))]

    def _emphasis(self, utterance: Utterance) -> list[Evidence]:
        setting = feature("emphasis_caps")
        if utterance.features["caps_words"]:  # shouting is scored already
            return []
        found = next((m for m in _CAPS.finditer(utterance.text)
                      if m.group() in setting["words"]), None)
        if found is None or utterance.text.isupper():
            return []
        return [Evidence(dimension=self.name, signal="emphasis_caps", effect=setting["effect"],
                         why=setting["why"], start=found.start(), end=found.end(),
                         text=found.group())]

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
        out += self._clipped(utterance)
        out += self._emphasis(utterance)
        compound = utterance.features["sentiment"].compound
        if compound < 0:
            tone = feature("tone_calm")
            out += tone_evidence(utterance, self.name, compound * tone["effect"], tone["why"],
                                 signal="tone_calm")
        if context.delivery:
            from ..delivery import delivery_evidence  # the audio rules load only for speech

            out += delivery_evidence(context.delivery, context.baseline)
        return out
