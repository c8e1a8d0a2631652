"""The scoring engine: plain text (plus optional context and audio features) in, Scorecards out.

No Flask and no database in this package. The practice app, the QA pipeline and the CLI
all call `score_utterance` and `score_conversation`.
"""

from .conversation import ConversationScore, score_conversation
from .engine import known_tags, score_utterance, warm_up
from .scorers import SCORERS
from .types import DIMENSIONS, Context, Evidence, Flag, Scorecard, ScoringInputError

__all__ = ["DIMENSIONS", "SCORERS", "Context", "ConversationScore", "Evidence", "Flag",
           "Scorecard", "ScoringInputError", "known_tags", "score_conversation", "score_utterance",
           "warm_up"]
