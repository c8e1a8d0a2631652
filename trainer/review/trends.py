"""Team and trainee trends: per-dimension latest scores and their direction, pass rates,
weakest dimension, critical flags, and the series the charts draw. Scores are as they stand
(a coach's changes applied).

A team page reads thousands of sessions, so the totals are summed by the database, only each
trainee's last 2 x TREND_WINDOW sessions come back as rows, and the team chart's weekly means
read four scores and a time per session (all from the covering index on the results).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from sqlalchemy import Date, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from trainer.extensions import db
from trainer.models import PracticeSession, User
from trainer.models.clock import as_utc
from trainer.scoring.types import DIMENSIONS

TREND_WINDOW = 5  # the last five finished sessions against the five before them
S = PracticeSession
SCORES = [getattr(S, f"result_{d}") for d in DIMENSIONS]
FINISHED = (S.finished_at.is_not(None), S.result_overall.is_not(None))


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
    passed: bool | None = None
    critical: int = 0
    changed: bool = False


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


@dataclass
class TraineeTrend:
    """One trainee's practice, summed up; `points` are the recent finished sessions."""

    user: User
    sessions: int = 0  # started, finished or not
    finished: int = 0
    passed: int = 0  # as they stand
    critical: int = 0  # critical flags over finished sessions, dismissed ones not counted
    coach_changed: int = 0  # finished sessions whose result a coach changed
    last_practice: datetime | None = None
    points: list[Point] = field(default_factory=list)  # oldest first

    @property
    def pass_rate(self) -> float | None:
        """Passed over finished, or None before any finished session."""
        return self.passed / self.finished if self.finished else None

    def latest(self, dimension: str) -> float | None:
        """The dimension's score in the latest finished session."""
        return self.points[-1].scores.get(dimension) if self.points else None

    def trend(self, dimension: str) -> float | None:
        """Mean of the recent sessions minus the mean of those before (None: too few)."""
        values = [p.scores[dimension] for p in self.points
                  if p.scores.get(dimension) is not None]
        k = min(TREND_WINDOW, len(values) // 2)
        if k == 0:
            return None
        return _mean(values[-k:]) - _mean(values[-2 * k:-k])

    @property
    def weakest(self) -> str | None:
        """The dimension with the lowest mean over the recent sessions."""
        recent = self.points[-TREND_WINDOW:]
        if not recent:
            return None
        return min(DIMENSIONS, key=lambda d: _mean(p.scores.get(d) or 0 for p in recent))


def _narrow(query, filters: Filters):
    if filters.scenario:
        query = query.where(S.scenario_id == filters.scenario)
    if filters.since is not None:
        query = query.where(S.started_at >= filters.since)
    if filters.until is not None:
        query = query.where(S.started_at <= filters.until)
    return query


def _totals(ids: list[int], filters: Filters) -> dict[int, tuple]:
    """Per user: sessions, finished, passed, critical flags, coach-changed, last start."""
    done = S.finished_at.is_not(None) & S.result_overall.is_not(None)

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    query = _narrow(db.select(
        S.user_id, func.count(S.id), count(done), count(done & S.result_passed.is_(True)),
        func.sum(case((done, S.critical_flags), else_=0)),
        count(done & S.result_changed.is_(True)), func.max(S.started_at))
        .where(S.user_id.in_(ids)), filters).group_by(S.user_id)
    return {row[0]: row[1:] for row in db.session.execute(query)}


def _recent_points(ids: list[int], filters: Filters, per_user: int) -> dict[int, list[Point]]:
    """Each user's last `per_user` finished sessions, oldest first (a window query)."""
    rank = func.row_number().over(partition_by=S.user_id,
                                  order_by=(S.finished_at.desc(), S.id.desc())).label("rank")
    inner = _narrow(db.select(S.user_id, S.finished_at, S.result_passed, S.critical_flags,
                              S.result_changed, *SCORES, rank)
                    .where(S.user_id.in_(ids), *FINISHED), filters).subquery()
    query = db.select(inner).where(inner.c.rank <= per_user).order_by(
        inner.c.user_id, inner.c.finished_at)
    out: dict[int, list[Point]] = defaultdict(list)
    for user_id, finished, passed, critical, changed, *rest in db.session.execute(query):
        out[user_id].append(Point(as_utc(finished), dict(zip(DIMENSIONS, rest[:4], strict=True)),
                                  passed, critical, changed))
    return out


def trainee_trends(users: list[User], filters: Filters | None = None) -> list[TraineeTrend]:
    """Each user's trend, in the order given, in two queries."""
    filters = filters or Filters()
    if not users:
        return []
    ids = [u.id for u in users]
    totals = _totals(ids, filters)
    recent = _recent_points(ids, filters, 2 * TREND_WINDOW)
    out = []
    for user in users:
        n, finished, passed, critical, changed, last = totals.get(user.id, (0,) * 5 + (None,))
        out.append(TraineeTrend(user, n, int(finished or 0), int(passed or 0),
                                int(critical or 0), int(changed or 0), as_utc(last),
                                recent.get(user.id, [])))
    return out


class week_start(FunctionElement):  # noqa: N801 (used like a SQL function)
    """The Monday (UTC) of the week a timestamp falls in, computed by the database."""

    type = Date()
    inherit_cache = True


@compiles(week_start)
def _week_start_postgresql(element, compiler, **kw):
    return f"CAST(date_trunc('week', {compiler.process(element.clauses, **kw)} " \
           "AT TIME ZONE 'UTC') AS DATE)"


@compiles(week_start, "sqlite")
def _week_start_sqlite(element, compiler, **kw):
    # back six days, then forward to the next Monday: the Monday on or before the day
    return f"date({compiler.process(element.clauses, **kw)}, '-6 days', 'weekday 1')"


def weekly_means(users: list[User], filters: Filters, dimensions) -> dict[str, list[tuple]]:
    """Per dimension, the mean score of these users' finished sessions per week:
    [(monday, mean), ...], averaged by the database."""
    if not users:
        return {d: [] for d in dimensions}
    week = week_start(S.finished_at)
    query = _narrow(db.select(week, *[func.avg(getattr(S, f"result_{d}")) for d in dimensions])
                    .where(S.user_id.in_([u.id for u in users]), *FINISHED), filters)
    rows = db.session.execute(query.group_by(week).order_by(week)).all()
    out: dict[str, list[tuple]] = {d: [] for d in dimensions}
    for monday, *means in rows:
        when = datetime.combine(monday, time.min, tzinfo=UTC)
        for d, mean in zip(dimensions, means, strict=True):
            if mean is not None:
                out[d].append((when, float(mean)))
    return out


def session_series(user: User, filters: Filters, dimensions) -> dict[str, list[tuple]]:
    """Per dimension, one trainee's score in each finished session: [(when, score), ...]."""
    columns = [getattr(S, f"result_{d}") for d in dimensions]
    query = _narrow(db.select(S.finished_at, *columns)
                    .where(S.user_id == user.id, *FINISHED), filters).order_by(S.finished_at)
    out: dict[str, list[tuple]] = {d: [] for d in dimensions}
    for finished, *scores in db.session.execute(query):
        for d, value in zip(dimensions, scores, strict=True):
            if value is not None:
                out[d].append((as_utc(finished), value))
    return out
