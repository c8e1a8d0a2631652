"""Everything a review page shows about one session, gathered in a few queries.

The open sheet (the coach's review page and the trainee's scorecard) shows the scores as
they stand with every coach change, comments and disputes. A blind sheet (one coach inside
a calibration session) shows the engine's scores and that coach's own records only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trainer.models import (
    CalibrationSession,
    Comment,
    Dispute,
    FlagDecision,
    PracticeSession,
    ScoreJudgement,
    Turn,
    User,
)
from trainer.scoring.types import DIMENSIONS
from trainer.sessions.results import Standing, session_flags, standing

from .blind import records
from .comments import comments_of
from .disputes import disputes_of


@dataclass
class FlagLine:
    """One flag with its place and the latest decision on it."""

    index: int
    flag: dict[str, Any]
    decision: FlagDecision | None


@dataclass
class Part:
    """One answer of the session (turn None: the session as a whole)."""

    turn: Turn | None
    engine: dict[str, float]
    shown: dict[str, float]
    judgements: dict[str, ScoreJudgement] = field(default_factory=dict)
    flags: list[FlagLine] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        """The dimensions whose score a coach changed."""
        return [d for d in DIMENSIONS if d in self.judgements
                and self.judgements[d].score != self.engine.get(d)]

    @property
    def words(self) -> list[dict[str, Any]]:
        """Transcript words with their timings (spoken answers)."""
        transcript = (self.turn.transcript or {}) if self.turn is not None else {}
        return [w for w in transcript.get("words") or []
                if isinstance(w.get("start"), int | float) and w.get("word", "").strip()]


@dataclass
class Sheet:
    """The session as a whole, and each of its answers."""

    session: PracticeSession
    whole: Part
    parts: list[Part]
    blind: bool = False


def _blind_standing(calibration: CalibrationSession, author: User) -> tuple[Standing, list]:
    judgements, decisions, notes = records(calibration, author.id)
    st = Standing()
    for j in judgements:
        st.judgements.setdefault(j.turn_id, {})[j.dimension] = j
    for d in decisions:
        st.decisions[(d.turn_id, d.flag_index)] = d
    return st, notes


def review_sheet(session: PracticeSession, calibration: CalibrationSession | None = None,
                 viewer: User | None = None) -> Sheet:
    """The sheet of a session: open, or blind for `viewer` inside `calibration`."""
    if calibration is not None:
        st, comments = _blind_standing(calibration, viewer)
        disputes: list[Dispute] = []
    else:
        st, comments, disputes = standing(session.id), comments_of(session.id), \
            disputes_of(session.id)
    flags: dict[int | None, list[FlagLine]] = {}
    for (turn_id, index), flag in session_flags(session):
        flags.setdefault(turn_id, []).append(FlagLine(index, flag, st.decisions.get(
            (turn_id, index))))

    def part(turn: Turn | None, engine: dict, shown: dict) -> Part:
        turn_id = turn.id if turn is not None else None
        return Part(turn, engine, shown, dict(st.judgements.get(turn_id, {})),
                    flags.get(turn_id, []), [c for c in comments if c.turn_id == turn_id],
                    [d for d in disputes if d.turn_id == turn_id])

    summary = session.summary or {}
    engine = dict(summary.get("scores") or {})
    shown = dict(engine) if calibration is not None else dict(
        (session.result or summary).get("scores") or {})
    for d, j in st.judgements.get(None, {}).items():
        shown[d] = j.score
    parts = []
    for turn in session.turns:
        turn_engine = dict(turn.scorecard.get("scores") or {})
        parts.append(part(turn, turn_engine, st.turn_scores(turn)))
    return Sheet(session, part(None, engine, shown), parts, blind=calibration is not None)
