"""VADER sentiment as one signal, on a copy of its lexicon with collections words neutralised.

Plain VADER misreads the trade (SCORING.md): "debt", "problem", "hardship", "sorry" and
"difficult" are negative in its lexicon, and "If you don't pay today we will sue you" is
positive because the negation flips "pay". Here those words weigh nothing, and the engine
gives sentiment no upward credit when a threat or abuse is present (sentiment.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

CONFIG = Path(__file__).with_name("data") / "sentiment.yaml"
_TOKEN = re.compile(r"[A-Za-z']+")


@dataclass(slots=True)
class Sentiment:
    """Compound score and the words that carried it, as (start, end, valence) spans."""

    compound: float
    words: list[tuple[int, int, float]]


@cache
def config() -> dict:
    """The neutralised word list and weights."""
    return yaml.safe_load(CONFIG.read_text())


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """A VADER analyser whose lexicon copy has the collections vocabulary set to zero."""
    vader = SentimentIntensityAnalyzer()
    vader.lexicon = dict(vader.lexicon)
    for words in config()["neutralise"].values():
        for word in words:
            vader.lexicon.pop(word, None)
    return vader


def sentiment(text: str) -> Sentiment:
    """VADER compound on the neutralised lexicon, plus which words carried valence."""
    vader = analyzer()
    compound = vader.polarity_scores(text)["compound"]
    words = []
    if compound:
        lexicon = vader.lexicon
        for m in _TOKEN.finditer(text):
            valence = lexicon.get(m.group().lower())
            if valence:
                words.append((m.start(), m.end(), valence))
    return Sentiment(compound, words)
