"""Charts of scores over time: the team's weekly means (coach pages) and one trainee's sessions
(the coach's trainee page and the trainee's own history)."""

from __future__ import annotations

from trainer.charts import Series, line_chart
from trainer.display.helpers import dimension_label
from trainer.review.trends import Filters, session_series, weekly_means


def _described(dimensions, what: str) -> str:
    names = ", ".join(dimension_label(d).lower() for d in dimensions)
    return f"{what}, on a scale of 0 to 100: {names}."


def team_chart(users, filters: Filters, team_name: str):
    """Weekly team means per dimension."""
    dimensions = filters.dimensions
    means = weekly_means(users, filters, dimensions)
    series = [Series(dimension_label(d), means[d], key=d) for d in dimensions]
    return line_chart(series, chart_id="team-chart", title=f"{team_name}: weekly mean scores",
                      desc=_described(dimensions, "The mean score of every finished session "
                                      "per week, as it stands after coach review"))


def trainee_chart(user, filters: Filters):
    """Every finished session's score per dimension."""
    dimensions = filters.dimensions
    points = session_series(user, filters, dimensions)
    series = [Series(dimension_label(d), points[d], key=d) for d in dimensions]
    return line_chart(series, chart_id="trainee-chart",
                      title=f"{user.display_name}: scores per session",
                      desc=_described(dimensions, "The score of each finished session, as it "
                                      "stands after coach review"))
