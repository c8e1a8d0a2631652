"""Assertiveness: clear and confident, not aggressive.

Asks, amounts, dates, ownership and recaps raise it; hedges, fillers and apologies lower
it (signals). Shouting lowers it here and, with threats and insults, caps it (caps.yaml).
"""

from __future__ import annotations

import re

from ..text import Utterance
from ..types import Context, Evidence
from .base import AdditiveScorer, feature

_QUESTION = re.compile(r"[^.?!\n]*\?")
FEELING_QUESTIONS = {"open_question_situation"}  # "how are you managing?" explores, not directs


class AssertivenessScorer(AdditiveScorer):
    """Assertiveness on the 0-100 scale."""

    name = "assertiveness"

    def features(self, utterance: Utterance, context: Context) -> list[Evidence]:
        """Direct task questions; all-caps words (loud is not the same as clear)."""
        setting = feature("caps_assertive")
        spans = utterance.features["caps_words"][: setting["max_words"]]
        out = [Evidence(dimension=self.name, signal="caps_assertive", effect=setting["effect"],
                        why=setting["why"], start=s, end=e, text=utterance.span(s, e))
               for s, e in spans]
        return out + self._direct_questions(utterance)

    def _direct_questions(self, utterance: Utterance) -> list[Evidence]:
        setting = feature("direct_question")
        excluded = set(setting["not_with_tags"])
        out = []
        for q in _QUESTION.finditer(utterance.lower):
            start = q.start() + len(q.group()) - len(q.group().lstrip())
            if not re.search(setting["task"], q.group()) or any(
                    m.start < q.end() and m.end > start
                    and (excluded & {m.signal.id, *m.tags} or m.signal.id in FEELING_QUESTIONS)
                    for m in utterance.matches):
                continue
            out.append(Evidence(dimension=self.name, signal="direct_question",
                                effect=setting["effect"], why=setting["why"], start=start,
                                end=q.end(), text=utterance.span(start, q.end())))
            if len(out) == setting["max"]:
                break
        return out
