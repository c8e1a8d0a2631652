"""A trainee's progress: each dimension per session, the scenarios done and passed, and the
scenario to practise next (the weakest dimension, in a scenario not passed yet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.extensions import db
from trainer.models import PracticeSession
from trainer.scoring.types import DIMENSIONS

RECENT = 5  # finished sessions the weakest dimension is judged on


@dataclass
class Mark:
    """What a trainee has done with one scenario."""

    attempts: int = 0
    finished: int = 0
    passed: bool = False
    best: float | None = None


@dataclass
class Suggestion:
    """The scenario to practise next, and why in one or two plain sentences."""

    scenario: Any
    why: str
    dimension: str | None = None


def finished_sessions(user_id: int) -> list[PracticeSession]:
    """The user's finished sessions, oldest first."""
    return list(db.session.scalars(
        db.select(PracticeSession)
        .where(PracticeSession.user_id == user_id, PracticeSession.finished_at.is_not(None))
        .order_by(PracticeSession.finished_at, PracticeSession.id)))


def dimension_scores(session: PracticeSession) -> dict[str, float | None]:
    """A finished session's score per dimension as it stands (a coach's changes applied);
    None for one the call never called for."""
    summary = session.summary or {}
    scores = dict(summary.get("scores") or {})
    scores.update((session.result or {}).get("scores") or {})
    called = summary.get("called_for") or list(DIMENSIONS)
    return {d: scores.get(d) if d in called else None for d in DIMENSIONS}


def scenario_marks(user_id: int) -> dict[str, Mark]:
    """{scenario id: Mark} for every scenario the user has started (results as they stand)."""
    marks: dict[str, Mark] = {}
    for session in db.session.scalars(db.select(PracticeSession)
                                      .where(PracticeSession.user_id == user_id)):
        mark = marks.setdefault(session.scenario_id, Mark())
        mark.attempts += 1
        if not session.finished:
            continue
        mark.finished += 1
        mark.passed = mark.passed or bool(session.verdict)
        overall = session.overall
        if overall is not None and (mark.best is None or overall > mark.best):
            mark.best = overall
    return marks


def weakest_dimension(sessions: list[PracticeSession]) -> tuple[str, float, int] | None:
    """(dimension, its average, the sessions it is averaged over) over the last RECENT finished
    sessions, each counting only on the dimensions it called for; None with none finished."""
    recent = [dimension_scores(s) for s in sessions[-RECENT:]]
    averages = {}
    for dim in DIMENSIONS:
        values = [r[dim] for r in recent if r[dim] is not None]
        if values:
            averages[dim] = (sum(values) / len(values), len(values))
    if not averages:
        return None
    dim = min(averages, key=lambda d: averages[d][0])
    return dim, averages[dim][0], averages[dim][1]


def next_scenario(user_id: int, scenarios: list) -> Suggestion | None:
    """The scenario to practise next: one not passed yet, at most one level harder than the
    hardest passed, that calls most often for the trainee's weakest dimension (easier first
    on a tie); the first easy one for a new trainee."""
    from trainer.scenarios.model import DIFFICULTIES
    from trainer.scenarios.walk import calls_for

    if not scenarios:
        return None
    marks = scenario_marks(user_id)
    history = finished_sessions(user_id)
    weakest = weakest_dimension(history)
    if weakest is None:
        first = min(scenarios, key=lambda s: (s.id in marks, DIFFICULTIES.index(s.difficulty)))
        return Suggestion(first, f"Start with an {first.difficulty} call: {first.summary}")
    dim, average, count = weakest
    # One level above the hardest passed so far: a medium call after an easy pass, not a hard one.
    reach = 1 + max((DIFFICULTIES.index(s.difficulty) for s in scenarios
                     if marks.get(s.id, Mark()).passed), default=-1)

    def share(s) -> tuple:
        return (DIFFICULTIES.index(s.difficulty) <= reach,
                calls_for(s)[dim] / max(1, calls_for(s)["moments"]),
                -DIFFICULTIES.index(s.difficulty), s.id not in marks)

    unpassed = [s for s in scenarios if not marks.get(s.id, Mark()).passed]
    best = max(unpassed, key=share) if unpassed else None
    if best is None or not calls_for(best)[dim]:  # nothing left to pass that works on it
        best = max(scenarios, key=share)
    mark = marks.get(best.id, Mark())
    profile = calls_for(best)
    recent = min(RECENT, len(history))
    over = "your last call" if recent == 1 else f"your last {recent} calls"
    within = "" if count == recent else f" in the {count} that called for it"
    why = (f"Your weakest dimension over {over} is {dim.replace('_', ' ')} (average "
           f"{round(average)}{within}). {best.title} calls for it at {profile[dim]} of its "
           f"{profile['moments']} moments")
    if mark.passed:
        why += "; you have passed it already, so practise it again."
    elif mark.attempts:
        why += ", and you have not passed it yet."
    else:
        why += ", and you have not tried it yet."
    return Suggestion(best, why, dim)
