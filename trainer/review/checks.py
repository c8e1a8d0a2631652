"""Checks shared by the review services: scores, reasons, dimensions, answers of a session.

Pages and the API hand over what the user sent (numbers or text); every refusal is a
BadReview with a message that says what to fix, raised before anything is written.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time
from typing import Any

from trainer.models import PracticeSession, Turn
from trainer.scoring.types import DIMENSIONS

from .errors import BadReview

MAX_REASON = 2000
MAX_COMMENT = 4000


def check_score(value: Any, what: str = "the score") -> float:
    """A number from 0 to 100 (text such as "72" is read as a number)."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise BadReview(f"{what} must be a number from 0 to 100") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadReview(f"{what} must be a number from 0 to 100")
    if not 0 <= value <= 100:
        raise BadReview(f"{what} must be from 0 to 100, not {value:g}")
    return float(value)


def check_text(value: Any, what: str, limit: int = MAX_REASON) -> str:
    """Required text, stripped, at most `limit` characters."""
    if not isinstance(value, str) or not value.strip():
        raise BadReview(f"{what} is required")
    value = value.strip()
    if len(value) > limit:
        raise BadReview(f"{what} is {len(value)} characters; the limit is {limit}")
    return value


def check_reason(value: Any, what: str = "the reason") -> str:
    """A required reason: every change says why."""
    return check_text(value, f"{what} (say why)")


def check_dimension(value: Any) -> str:
    """One of the four dimensions."""
    if value not in DIMENSIONS:
        raise BadReview(f"unknown dimension {value!r}; use one of {', '.join(DIMENSIONS)}")
    return value


def turn_of(session: PracticeSession, index: Any) -> Turn | None:
    """The session's answer at this 0-based index (None for the whole session)."""
    if index is None or index == "":
        return None
    if isinstance(index, str) and index.strip().isdigit():
        index = int(index)
    if isinstance(index, bool) or not isinstance(index, int):
        raise BadReview("turn must be the number of an answer (0 for the first)")
    turn = next((t for t in session.turns if t.index == index), None)
    if turn is None:
        raise BadReview(f"this session has no answer {index} "
                        f"(it has {session.turn_count}, numbered from 0)")
    return turn


def check_date(value: Any, what: str) -> date | None:
    """An ISO date (YYYY-MM-DD), or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadReview(f"{what} must be a date like 2026-03-01") from None


def day_start(day: date | None) -> datetime | None:
    """Midnight UTC at the start of a day."""
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def day_end(day: date | None) -> datetime | None:
    """The last moment of a day, UTC."""
    return datetime.combine(day, time.max, tzinfo=UTC) if day else None
