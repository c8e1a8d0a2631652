"""The QA pages' charts, laid out by the shared trainer.charts (server-drawn SVG, no script)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from trainer.charts import Chart, Series, line_chart
from trainer.display.helpers import dimension_label
from trainer.scoring.types import DIMENSIONS

SENTIMENT_SCALE = 100  # the engine's -1..1 drawn as -100..100: the chart labels whole numbers


def sentiment_chart(card: dict[str, Any]) -> Chart | None:
    """The customer's sentiment turn by turn (by time when the call has times), or None."""
    series = (card.get("customer_sentiment") or {}).get("series") or []
    if not series:
        return None
    timed = all(s.get("start") is not None for s in series)
    points = [((s["start"] if timed else s["turn"] + 1), s["compound"] * SENTIMENT_SCALE)
              for s in series]
    axis = "seconds into the call" if timed else "turn"
    return line_chart([Series("Customer sentiment", points, key="sentiment")],
                      chart_id="sentiment-chart", title="Customer sentiment over the call",
                      desc=f"The customer's sentiment in each of their turns, from -100 (most "
                           f"negative) to +100 (most positive), against the {axis}.",
                      y_range=(-SENTIMENT_SCALE, SENTIMENT_SCALE), y_label="sentiment",
                      height=220)


def trend_chart(trends: dict[str, Any]) -> Chart:
    """An agent's weekly mean scores: overall and the four dimensions."""
    weeks = trends["weeks"]

    def when(week: dict) -> datetime:
        return datetime.fromisoformat(week["week"]).replace(tzinfo=UTC)

    series = [Series("Overall", [(when(w), w["overall"]) for w in weeks
                                 if w["overall"] is not None], key="overall")]
    series += [Series(dimension_label(d), [(when(w), w["scores"][d]) for w in weeks
                                           if w["scores"][d] is not None], key=d)
               for d in DIMENSIONS]
    return line_chart(series, chart_id="agent-trend", title=f"{trends['agent']}: weekly scores",
                      desc="The mean of the agent's scored calls each week, overall and per "
                           "dimension, 0 to 100.", y_label="score")
