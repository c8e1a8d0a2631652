"""Jinja filters and globals for showing scorecards on every page."""

from __future__ import annotations

from datetime import datetime

from flask_wtf.csrf import generate_csrf

from trainer.models.clock import as_utc
from trainer.scoring.steps import STATUS_LABELS, step_name
from trainer.scoring.tags import STEPS
from trainer.scoring.types import DIMENSIONS

from .highlight import evidence_by_dimension, segments
from .words import word_runs

MONEY_WORDS = ("balance", "amount", "payment", "fee", "owed", "minimum", "settlement")
LABELS = {"empathy": "Empathy", "positive_language": "Positive language",
          "assertiveness": "Assertiveness", "calmness": "Calmness", "flag": "Compliance"}


def dimension_label(name: str) -> str:
    """Human name of a dimension."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def band(score) -> str:
    """low / medium / high on the 0-100 scale (SCORING.md: L < 40, M 40-69, H >= 70)."""
    if score is None:
        return "none"
    return "low" if score < 40 else "medium" if score < 70 else "high"


def signed(value) -> str:
    """An effect with its sign: +14.0 / -6.5."""
    return f"{float(value):+.1f}" if value is not None else ""


def metric(value, fmt: str, unit: str = "") -> str:
    """A measured value with its unit, or a dash when it could not be measured."""
    if value is None:
        return "—"
    try:
        return format(float(value), fmt) + unit
    except (TypeError, ValueError):
        return "—"


def clock(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss) for call times."""
    if seconds is None:
        return "—"
    whole = int(round(float(seconds)))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def when(value: datetime | None) -> str:
    """A short UTC timestamp for tables."""
    value = as_utc(value)
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def humanise(code: str | None) -> str:
    """snake_case codes as words."""
    return (code or "").replace("_", " ")


def fact(value, key: str = "") -> str:
    """A scenario fact for the account screen: money keys as dollars, lists joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and any(w in key for w in MONEY_WORDS):
        return f"${value:,.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{humanise(k)}: {v}" for k, v in value.items())
    return str(value)


def step_label(step_id: str) -> str:
    """The description of a required step."""
    return STEPS.get(step_id, (None, humanise(step_id).capitalize()))[1]


def flag_name(code: str | None) -> str:
    """A flag's name for people (its rule's title), never its code."""
    from trainer.scoring.compliance import load_rules

    titles = {r.code: r.title for r in load_rules()}
    return titles.get(code or "", humanise(code).capitalize())


def status_label(status: str | None) -> str:
    """A step's or a rule's status in words ("not reached yet", never "not_reached")."""
    return STATUS_LABELS.get(status or "", humanise(status))


def step_rows(card: dict) -> list[dict]:
    """The required steps of a session scorecard as {"id", "name", "status"}, in order.

    Summaries stored before steps had a status say only hit or missed.
    """
    rows = [{"id": s["id"], "name": s.get("name") or step_name(s["id"]),
             "status": s.get("status") or ("done" if s.get("hit") else "missed")}
            for s in card.get("steps") or []]
    if not rows:
        rows = [{"id": i, "name": step_name(i), "status": status}
                for status, key in (("done", "steps_hit"), ("missed", "steps_missed"))
                for i in card.get(key) or []]
    return rows


def outcome_label(code: str | None) -> str:
    """How a call ended, in words."""
    from trainer.scenarios.model import OUTCOMES

    return OUTCOMES.get(code or "", humanise(code).capitalize())


def init_app(app):
    """Register the filters and globals."""
    app.jinja_env.filters.update(dimension_label=dimension_label, band=band, signed=signed,
                                 when=when, humanise=humanise, fact=fact, step_label=step_label,
                                 outcome_label=outcome_label, metric=metric,
                                 status_label=status_label, step_name=step_name,
                                 flag_name=flag_name, clock=clock)
    app.jinja_env.globals.update(segments=segments, evidence_by_dimension=evidence_by_dimension,
                                 step_rows=step_rows, word_runs=word_runs,
                                 DIMENSIONS=DIMENSIONS, csrf_token=generate_csrf)
