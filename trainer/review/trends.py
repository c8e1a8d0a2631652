"""Team and trainee trends: per-dimension latest scores and their direction, pass rates,
weakest dimension, critical flags, and the series the charts draw. Scores are as they stand
(a coach's changes applied)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import fmean

from sqlalchemy import func

from trainer.extensions import db
from trainer.models import PracticeSession, User
from trainer.models.clock import as_utc
from trainer.scoring.types import DIMENSIONS

TREND_WINDOW = 5  # the last five finished sessions against the five before them


@dataclass
class Filters:
    """What the team and trainee pages narrow to (None: everything)."""

    scenario: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    dimension: str | None = None

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions to show."""
        return (self.dimension,) if self.dimension else DIMENSIONS


@dataclass
class Point:
    """One finished session, as the trends read it."""

    at: datetime
    scores: dict[str, float]
    passed: bool | None
    critical: int
    changed: bool


@dataclass
class TraineeTrend:
    """One trainee's practice, summed up."""

    user: User
    sessions: int = 0  # started, finished or not
    points: list[Point] = field(default_factory=list)
    last_practice: datetime | None = None

    @property
    def finished(self) -> int:
        """Finished sessions."""
        return len(self.points)

    @property
    def passed(self) -> int:
        """Finished sessions passed (as they stand)."""
        return sum(bool(p.passed) for p in self.points)

    @property
    def pass_rate(self) -> float | None:
        """Passed over finished, or None before any finished session."""
        return self.passed / self.finished if self.finished else None

    @property
    def critical(self) -> int:
        """Critical flags over all finished sessions (dismissed ones not counted)."""
        return sum(p.critical for p in self.points)

    @property
    def coach_changed(self) -> int:
        """Finished sessions whose result a coach changed."""
        return sum(p.changed for p in self.points)

    def latest(self, dimension: str) -> float | None:
        """The dimension's score in the latest finished session."""
        return self.points[-1].scores.get(dimension) if self.points else None

    def trend(self, dimension: str) -> float | None:
        """Mean of the recent sessions minus the mean of those before (None: too few)."""
        values = [p.scores[dimension] for p in self.points if dimension in p.scores]
        k = min(TREND_WINDOW, len(values) // 2)
        if k == 0:
            return None
        return fmean(values[-k:]) - fmean(values[-2 * k:-k])

    @property
    def weakest(self) -> str | None:
        """The dimension with the lowest mean over the recent sessions."""
        recent = self.points[-TREND_WINDOW:]
        if not recent:
            return None
        return min(DIMENSIONS, key=lambda d: fmean(p.scores.get(d, 0) for p in recent))


def _finished_points(user_ids: list[int], filters: Filters) -> dict[int, list[Point]]:
    s = PracticeSession
    query = (db.select(s.user_id, s.finished_at, s.result, s.result_passed, s.critical_flags)
             .where(s.user_id.in_(user_ids), s.finished_at.is_not(None),
                    s.result.is_not(None)))
    query = _narrow(query, filters).order_by(s.finished_at, s.id)
    out: dict[int, list[Point]] = defaultdict(list)
    for user_id, finished, result, passed, critical in db.session.execute(query):
        out[user_id].append(Point(as_utc(finished), result["scores"], passed, critical,
                                  bool(result.get("changed"))))
    return out


def _narrow(query, filters: Filters):
    s = PracticeSession
    if filters.scenario:
        query = query.where(s.scenario_id == filters.scenario)
    if filters.since is not None:
        query = query.where(s.started_at >= filters.since)
    if filters.until is not None:
        query = query.where(s.started_at <= filters.until)
    return query


def trainee_trends(users: list[User], filters: Filters | None = None) -> list[TraineeTrend]:
    """Each user's trend, in the order given, in two queries."""
    filters = filters or Filters()
    if not users:
        return []
    ids = [u.id for u in users]
    s = PracticeSession
    counts = dict((uid, (n, last)) for uid, n, last in db.session.execute(_narrow(
        db.select(s.user_id, func.count(s.id), func.max(s.started_at))
        .where(s.user_id.in_(ids)), filters).group_by(s.user_id)))
    points = _finished_points(ids, filters)
    out = []
    for user in users:
        n, last = counts.get(user.id, (0, None))
        out.append(TraineeTrend(user, n, points.get(user.id, []), as_utc(last)))
    return out


def week_of(when: datetime) -> datetime:
    """Monday 00:00 of the week a moment falls in."""
    day = when.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def weekly_means(trends: list[TraineeTrend], dimensions) -> dict[str, list[tuple]]:
    """Per dimension, the team's mean score per week: [(monday, mean), ...]."""
    buckets: dict[str, dict[datetime, list[float]]] = {d: defaultdict(list) for d in dimensions}
    for trend in trends:
        for point in trend.points:
            for d in dimensions:
                if d in point.scores:
                    buckets[d][week_of(point.at)].append(point.scores[d])
    return {d: [(week, fmean(values)) for week, values in sorted(b.items())]
            for d, b in buckets.items()}


def session_series(trend: TraineeTrend, dimensions) -> dict[str, list[tuple]]:
    """Per dimension, the trainee's score in each finished session: [(when, score), ...]."""
    return {d: [(p.at, p.scores[d]) for p in trend.points if d in p.scores] for d in dimensions}
