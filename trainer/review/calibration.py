"""Calibration: how far the engine is from the coaches, and the coaches from each other.

Engine against coach, per dimension, over every overridden or explicitly confirmed score:
mean absolute difference (0-100 points), Spearman rank correlation, and agreement within
one point on the gold set's 1-5 scale (tests/data/GOLD.md bands). Coach against coach, where
several coaches judged the same score (a blind calibration session assigns them one): the
same figures per pair, and each coach's distance from the others' mean. Each figure lists
the judgements behind it. Records of a blind session count once all its coaches submitted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from statistics import fmean

from sqlalchemy import or_

from trainer.extensions import db
from trainer.models import CalibrationReviewer, PracticeSession, ScoreJudgement, Turn, User
from trainer.scoring.types import DIMENSIONS

# GOLD.md: label 1 is 0-19, 2 is 20-39, 3 is 40-69, 4 is 70-84, 5 is 85-100.
LABEL_FLOORS = ((85, 5), (70, 4), (40, 3), (20, 2), (0, 1))


def to_label(score: float) -> int:
    """A 0-100 score as the gold set's 1-5 label."""
    return next(label for floor, label in LABEL_FLOORS if score >= floor)


def _ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rho (Pearson on average ranks); None when either side never varies."""
    if len(xs) < 2:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = fmean(rx), fmean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy) ** 0.5


@dataclass
class Agreement:
    """How two sets of scores of the same things agree."""

    n: int
    mad: float | None  # mean absolute difference, points on 0-100
    rho: float | None  # Spearman rank correlation
    within_one: float | None  # share of pairs within one point on the 1-5 scale
    bias: float | None  # mean of (second - first): a coach scoring above the engine is > 0

    @classmethod
    def of(cls, firsts: list[float], seconds: list[float]) -> Agreement:
        """The agreement of paired scores."""
        n = len(firsts)
        if n == 0:
            return cls(0, None, None, None, None)
        pairs = list(zip(firsts, seconds, strict=True))
        return cls(n, sum(abs(a - b) for a, b in pairs) / n, spearman(firsts, seconds),
                   sum(abs(to_label(a) - to_label(b)) <= 1 for a, b in pairs) / n,
                   sum(b - a for a, b in pairs) / n)

    def to_dict(self) -> dict:
        """As JSON, rounded for reading."""
        def r(v, digits):
            return round(v, digits) if v is not None else None
        return {"n": self.n, "mean_abs_diff": r(self.mad, 2), "spearman": r(self.rho, 3),
                "within_one_label": r(self.within_one, 3), "bias": r(self.bias, 2)}


@dataclass(frozen=True, slots=True)
class Judged:
    """One coach's latest score for one dimension of one answer (turn None: the session)."""

    session_id: int
    turn_id: int | None
    dimension: str
    author_id: int
    engine: float
    score: float

    @property
    def target(self) -> tuple[int, int | None, str]:
        """What was scored: (session, answer, dimension)."""
        return self.session_id, self.turn_id, self.dimension


@dataclass
class Calibration:
    """Every figure of the calibration page."""

    judged: list[Judged]
    engine: dict[str, Agreement] = field(default_factory=dict)
    coaches: list[tuple[User, Agreement, Agreement]] = field(default_factory=list)
    pairs: list[tuple[User, User, Agreement]] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The `GET /api/v1/calibration` answer."""
        def who(u):
            return {"id": u.id, "name": u.display_name}
        return {
            "engine_vs_coach": {d: a.to_dict() for d, a in self.engine.items()},
            "coaches": [{"coach": who(u), "vs_engine": e.to_dict(), "vs_other_coaches": o.to_dict()}
                        for u, e, o in self.coaches],
            "coach_pairs": [{"coaches": [who(a), who(b)], **agreement.to_dict()}
                            for a, b, agreement in self.pairs]}


def latest_judgements(trainee_ids: list[int] | None) -> list[Judged]:
    """The latest judgement per coach and score, of these trainees' sessions (None: all).

    Blind calibration records count only once every coach of their session submitted.
    Plain rows, not ORM objects: the page reads thousands of them.
    """
    j = ScoreJudgement
    incomplete = (db.select(CalibrationReviewer.calibration_id)
                  .where(CalibrationReviewer.submitted_at.is_(None)))
    query = (db.select(j.session_id, j.turn_id, j.dimension, j.author_id, j.engine_score,
                       j.score)
             .where(or_(j.calibration_id.is_(None), j.calibration_id.not_in(incomplete)),
                    j.author_id.is_not(None))
             .order_by(j.created_at, j.id))
    if trainee_ids is not None:
        query = query.join(PracticeSession, PracticeSession.id == j.session_id).where(
            PracticeSession.user_id.in_(trainee_ids))
    latest = {row[:4]: row for row in db.session.execute(query)}
    return [Judged(*row) for row in latest.values()]


def _users(ids) -> dict[int, User]:
    return {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(set(ids))))}


def calibrate(judged: list[Judged]) -> Calibration:
    """Compute every figure from the judgements."""
    out = Calibration(judged)
    for d in DIMENSIONS:
        mine = [x for x in judged if x.dimension == d]
        out.engine[d] = Agreement.of([x.engine for x in mine], [x.score for x in mine])
    by_target: dict[tuple, dict[int, float]] = defaultdict(dict)
    by_coach: dict[int, list[Judged]] = defaultdict(list)
    for x in judged:
        by_target[x.target][x.author_id] = x.score
        by_coach[x.author_id].append(x)
    authors = _users(by_coach)
    order = sorted(authors, key=lambda c: authors[c].email)
    for coach_id in order:
        mine = by_coach[coach_id]
        others_mean, own = [], []
        for scores in by_target.values():
            if coach_id in scores and len(scores) > 1:
                rest = [v for c, v in scores.items() if c != coach_id]
                others_mean.append(sum(rest) / len(rest))
                own.append(scores[coach_id])
        out.coaches.append((authors[coach_id], Agreement.of([x.engine for x in mine],
                                                            [x.score for x in mine]),
                            Agreement.of(others_mean, own)))
    for a, b in combinations(order, 2):
        shared = [s for s in by_target.values() if a in s and b in s]
        if shared:
            out.pairs.append((authors[a], authors[b],
                              Agreement.of([s[a] for s in shared], [s[b] for s in shared])))
    return out


def behind(judged: list[Judged], dimension: str | None = None, coach_id: int | None = None,
           against: str = "engine", limit: int | None = None) -> tuple[list[dict], int]:
    """(the scores behind a figure, biggest disagreement first, at most `limit`; how many).

    against="engine": each judgement with the engine's score; against="coaches": each score
    judged by several coaches, with every coach's value.
    """
    rows = []
    if against == "engine":
        for x in judged:
            if (dimension and x.dimension != dimension) or (coach_id and x.author_id != coach_id):
                continue
            rows.append({"session_id": x.session_id, "turn_id": x.turn_id,
                         "dimension": x.dimension, "engine": x.engine,
                         "coaches": [(x.author_id, x.score)], "gap": abs(x.score - x.engine)})
    else:
        grouped: dict[tuple, list[Judged]] = defaultdict(list)
        for x in judged:
            if not dimension or x.dimension == dimension:
                grouped[x.target].append(x)
        for (session_id, turn_id, dim), group in grouped.items():
            if len(group) < 2 or (coach_id and coach_id not in {x.author_id for x in group}):
                continue
            scores = [x.score for x in group]
            rows.append({"session_id": session_id, "turn_id": turn_id, "dimension": dim,
                         "engine": group[0].engine,
                         "coaches": [(x.author_id, x.score) for x in group],
                         "gap": max(scores) - min(scores)})
    rows.sort(key=lambda r: (-r["gap"], r["session_id"]))
    shown = rows[:limit] if limit is not None else rows
    turns = {t.id: t for t in db.session.scalars(db.select(Turn).where(
        Turn.id.in_({r["turn_id"] for r in shown if r["turn_id"] is not None})))}
    people = _users(c for r in shown for c, _score in r["coaches"])
    for r in shown:
        r["turn"] = turns.get(r["turn_id"])
        r["coaches"] = [(people.get(c), score) for c, score in r["coaches"]]
    return shown, len(rows)
