"""The call list's filters (shared by the page and `GET /api/v1/calls`) and per-agent trends.

Filters read indexed columns only (agent, the call's date, critical fail, overall, status,
batch, and `call_checks` for a checklist item), and the list never loads the scorecards, so a
page of 50 stays fast with hundreds of calls a day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import defer

from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import Call, CallCheck
from trainer.models.calls import CALL_STATUSES, CHECK_STATUSES
from trainer.scoring.types import DIMENSIONS

PER_PAGE = 50
MAX_PER_PAGE = 200
YES_NO = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}


class BadFilter(ServiceError):
    """A filter value that cannot be used; the message says which and why."""

    status, code = 400, "bad_filter"


@dataclass(slots=True)
class CallFilters:
    """What the call list is narrowed to; every field optional."""

    agent: str | None = None
    since: date | None = None
    until: date | None = None
    critical: bool | None = None
    min_score: float | None = None
    max_score: float | None = None
    check: str | None = None
    check_status: str = "fail"
    status: str | None = None
    batch: int | None = None

    def active(self) -> dict[str, Any]:
        """The filters that are set, as query-string values (for links and the API echo)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name == "check_status" and not self.check):
                continue
            out[f.name] = {True: "yes", False: "no"}.get(value, value) \
                if isinstance(value, bool) else str(value)
        return out


def parse_filters(args: Mapping[str, Any]) -> tuple[CallFilters, list[str]]:
    """Filters from query arguments, and a message for each value that was left out."""
    filters, problems = CallFilters(), []

    def take(name: str, convert, why: str):
        raw = (args.get(name) or "").strip()
        if not raw:
            return
        try:
            setattr(filters, name, convert(raw))
        except (ValueError, TypeError, KeyError):
            problems.append(f"{name}: {raw[:40]!r} {why}")

    take("agent", lambda v: v[:80], "")
    take("since", date.fromisoformat, "is not a date like 2026-03-01")
    take("until", date.fromisoformat, "is not a date like 2026-03-31")
    take("critical", _yes_no, "must be yes or no")
    take("min_score", _score, "must be a score from 0 to 100")
    take("max_score", _score, "must be a score from 0 to 100")
    take("check", _rule, "is not a checklist item")
    take("check_status", lambda v: _one_of(v, CHECK_STATUSES), "must be pass, fail or "
         "not_applicable")
    take("status", lambda v: _one_of(v, CALL_STATUSES), "must be queued, running, done or "
         "failed")
    take("batch", int, "must be a batch number")
    if filters.since and filters.until and filters.since > filters.until:
        problems.append("since is after until")
        filters.until = None
    if (filters.min_score is not None and filters.max_score is not None
            and filters.min_score > filters.max_score):
        problems.append("min_score is above max_score")
        filters.max_score = None
    return filters, problems


def _yes_no(value: str) -> bool:
    return YES_NO[value.lower()]


def _score(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:
        raise ValueError(value)
    return number


def _rule(value: str) -> str:
    from trainer.scoring.compliance import all_flag_codes

    return _one_of(value, all_flag_codes())


def _one_of(value: str, allowed) -> str:
    if value not in allowed:
        raise ValueError(value)
    return value


def call_date():
    """The call's date: when it started, else when it was uploaded."""
    return func.coalesce(Call.started_at, Call.created_at)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def calls_query(filters: CallFilters):
    """A select of calls (scorecards not loaded), newest call first, with the filters."""
    query = db.select(Call).options(defer(Call.scorecard))
    if filters.agent:
        query = query.where(Call.agent == filters.agent)
    if filters.since:
        query = query.where(call_date() >= _day_start(filters.since))
    if filters.until:
        query = query.where(call_date() < _day_start(filters.until + timedelta(days=1)))
    if filters.critical is not None:
        query = query.where(Call.critical_fail.is_(filters.critical))
    if filters.min_score is not None:
        query = query.where(Call.overall >= filters.min_score)
    if filters.max_score is not None:
        query = query.where(Call.overall <= filters.max_score)
    if filters.check:
        query = query.where(Call.id.in_(db.select(CallCheck.call_id).where(
            CallCheck.rule == filters.check, CallCheck.status == filters.check_status)))
    if filters.status:
        query = query.where(Call.status == filters.status)
    if filters.batch is not None:
        query = query.where(Call.batch_id == filters.batch)
    return query.order_by(call_date().desc(), Call.id.desc())


def page_of_calls(filters: CallFilters, page: int = 1, per_page: int | None = None):
    """One page of the filtered list (Flask-SQLAlchemy Pagination)."""
    per_page = max(1, min(int(per_page or PER_PAGE), MAX_PER_PAGE))
    return db.paginate(calls_query(filters), page=max(1, int(page or 1)), per_page=per_page,
                       error_out=False)


def known_agents() -> list[tuple[str, int]]:
    """Every agent id on a call, with how many calls, by id (for the filter list)."""
    rows = db.session.execute(db.select(Call.agent, func.count()).where(Call.agent.is_not(None))
                              .group_by(Call.agent).order_by(Call.agent))
    return [(agent, count) for agent, count in rows]


def agent_trends(agent: str, weeks: int = 12, today: date | None = None) -> dict[str, Any]:
    """An agent's scored calls week by week: mean overall and dimensions, critical fails,
    and the checklist items failed most often."""
    today = today or datetime.now(UTC).date()
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    rows = db.session.execute(db.select(call_date(), Call.overall, Call.agent_scores,
                                        Call.critical_fail)
                              .where(Call.agent == agent, Call.status == "done",
                                     call_date() >= _day_start(first))).all()
    by_week: dict[date, list] = {}
    for when, overall, scores, critical in rows:
        day = when.date() if isinstance(when, datetime) else date.fromisoformat(str(when)[:10])
        by_week.setdefault(day - timedelta(days=day.weekday()), []).append(
            (overall, scores or {}, critical))
    weeks_out = []
    for monday in sorted(by_week):
        items = by_week[monday]
        weeks_out.append({"week": monday.isoformat(), "calls": len(items),
                          "overall": _mean(i[0] for i in items),
                          "scores": {d: _mean(i[1].get(d) for i in items) for d in DIMENSIONS},
                          "critical_fails": sum(1 for i in items if i[2])})
    failed = db.session.execute(
        db.select(CallCheck.rule, func.count()).join(Call, Call.id == CallCheck.call_id)
        .where(Call.agent == agent, Call.status == "done", CallCheck.status == "fail",
               call_date() >= _day_start(first))
        .group_by(CallCheck.rule).order_by(func.count().desc(), CallCheck.rule)).all()
    return {"agent": agent, "since": first.isoformat(), "calls": len(rows),
            "overall": _mean(r[1] for r in rows),
            "critical_fails": sum(1 for r in rows if r[3]), "weeks": weeks_out,
            "failed_checks": [{"rule": rule, "calls": count} for rule, count in failed]}


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None
