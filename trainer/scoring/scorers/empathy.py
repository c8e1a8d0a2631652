"""Empathy: acknowledgement, validation, reflection, exploring questions, collaboration.

Lexical signals come from data/signals/empathy.yaml (and others with an empathy effect).
Here: reflection of the debtor's own words, and partial credit when the empathy is
followed by "but" and a demand.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..text import Utterance
from ..types import Context, Evidence
from .base import AdditiveScorer, feature

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_QUESTION = re.compile(r"[^.?!\n]*\?")
_ABOUT_YOU = re.compile(r"\b(?:you|your|you're|you've|yourself|u|ur)\b")
_OPEN = re.compile(r"^\W*(?:and |so |but |just )?(?:what|how|why|when|where|which|tell me)\b")
_CONTRAST = re.compile(r"\b(?:but|however|though|that said|even so|still|regardless|anyway|"
                       r"either way|all the same|be that as it may)\b")
DEMAND_SIGNALS = {"bare_demand", "ultimatum", "explicit_ask", "payment_in_full_ask"}
# Questions that ask for something (money, identity, details) are tasks, not exploration.
TASK_SIGNALS = {"explicit_ask", "info_request", "payment_details_request", "verification",
                "open_question_situation"}  # the last one already credits exploring questions


@cache
def stopwords() -> frozenset[str]:
    """Function words that do not count as shared content."""
    path = Path(__file__).resolve().parent.parent / "data" / "stopwords.txt"
    return frozenset(path.read_text().split())


def stem(word: str) -> str:
    """A crude stem, enough to match 'lost'/'lose' no, but 'bills'/'bill', 'paying'/'pay'."""
    word = word.replace("'", "")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(lower: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) of every content word."""
    stops = stopwords()
    return [(m.start(), m.end(), stem(m.group())) for m in _WORD.finditer(lower)
            if m.group().replace("'", "") not in stops and len(m.group()) > 2]


class EmpathyScorer(AdditiveScorer):
    """Empathy on the 0-100 scale."""

    name = "empathy"

    def features(self, utterance: Utterance, context: Context) -> list[Evidence]:
        """Reflection of the debtor's words, and the 'but' + demand discount."""
        out = []
        reflection = self._reflection(utterance, context)
        if reflection:
            out.append(reflection)
        if context.listener != "third_party":  # questions to a relative locate the debtor
            out += self._exploring_questions(utterance)
        but = self._but_demand(utterance)
        if but:
            out.append(but)
        return out

    def _reflection(self, utterance: Utterance, context: Context) -> Evidence | None:
        if not context.debtor_line:
            return None
        setting = feature("reflection")
        if utterance.tags & set(setting["not_in_answer"]):
            return None
        ignore = {stem(w) for w in setting["ignore"]}
        theirs = {w for _, _, w in content_words(context.debtor_line.lower())} - ignore
        shared = [(s, e, w) for s, e, w in content_words(utterance.lower) if w in theirs]
        if len({w for _, _, w in shared}) < setting["min_shared"]:
            return None
        start, end = shared[0][0], shared[-1][1]
        words = ", ".join(dict.fromkeys(utterance.span(s, e) for s, e, _ in shared))
        return Evidence(dimension=self.name, signal="reflection", effect=setting["effect"],
                        why=f"{setting['why']} ({words})", start=start, end=end,
                        text=utterance.span(start, end))

    def _exploring_questions(self, utterance: Utterance) -> list[Evidence]:
        """Questions about the debtor (not asks for money or identity), at most two."""
        setting = feature("exploring_question")
        excluded = set(setting["not_with_tags"])
        if utterance.tags & set(setting["not_in_answer"]):
            return []
        out = []
        for q in _QUESTION.finditer(utterance.lower):
            text = q.group()
            if (not _ABOUT_YOU.search(text) or re.search(setting["not_about"], text)
                    or re.search(setting["not_tag"], text)
                    or re.search(feature("direct_question")["task"], text)):
                continue  # about money or task details, not about the person
            start = q.start() + len(text) - len(text.lstrip())
            if any(m.start < q.end() and m.end > start and (excluded & set(m.tags)
                   or m.signal.id in excluded or m.signal.id in TASK_SIGNALS)
                   for m in utterance.matches):
                continue
            effect = setting["effect"] + (setting["open_bonus"] if _OPEN.search(text) else 0)
            out.append(Evidence(dimension=self.name, signal="exploring_question", effect=effect,
                                why=setting["why"], start=start, end=q.end(),
                                text=utterance.span(start, q.end())))
            if len(out) == 2:
                break
        return out

    def _but_demand(self, utterance: Utterance) -> Evidence | None:
        return but_demand(utterance, self.name)


def but_demand(utterance: Utterance, dimension: str) -> Evidence | None:
    """Credit given before "but" + a demand keeps only part of its value (SCORING.md)."""
    setting = feature("but_demand")
    for marker in _CONTRAST.finditer(utterance.lower):
        demands = [m for m in utterance.matches if m.start > marker.start()
                   and m.start - marker.end() < 120
                   and (m.signal.id in DEMAND_SIGNALS or "payment_ask" in m.tags)]
        credit = sum(m.signal.effects.get(dimension, 0) for m in utterance.matches
                     if m.end <= marker.start() and m.signal.effects.get(dimension, 0) > 0)
        if demands and credit > 0:
            end = demands[0].end
            return Evidence(dimension=dimension, signal="but_demand",
                            effect=-(1 - setting["keep"]) * credit, why=setting["why"],
                            start=marker.start(), end=end,
                            text=utterance.span(marker.start(), end))
    return None
