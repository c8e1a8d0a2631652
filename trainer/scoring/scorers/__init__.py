"""The four dimension scorers, registered in one dict. Each follows base.Scorer."""

from .assertiveness import AssertivenessScorer
from .base import Scorer
from .calmness import CalmnessScorer
from .empathy import EmpathyScorer
from .positive import PositiveLanguageScorer

SCORERS: dict[str, Scorer] = {
    "empathy": EmpathyScorer(),
    "positive_language": PositiveLanguageScorer(),
    "assertiveness": AssertivenessScorer(),
    "calmness": CalmnessScorer(),
}

__all__ = ["SCORERS", "Scorer"]
