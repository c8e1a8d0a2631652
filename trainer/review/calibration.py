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
from sqlalchemy.orm import selectinload

from trainer.extensions import db
from trainer.models import CalibrationReviewer, ScoreJudgement, User
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
        return cls(n, fmean(abs(a - b) for a, b in pairs), spearman(firsts, seconds),
                   fmean(abs(to_label(a) - to_label(b)) <= 1 for a, b in pairs),
                   fmean(b - a for a, b in pairs))

    def to_dict(self) -> dict:
        """As JSON, rounded for reading."""
        def r(v, digits):
            return round(v, digits) if v is not None else None
        return {"n": self.n, "mean_abs_diff": r(self.mad, 2), "spearman": r(self.rho, 3),
                "within_one_label": r(self.within_one, 3), "bias": r(self.bias, 2)}


@dataclass
class Judged:
    """One coach's latest score for one dimension of one answer or session."""

    judgement: ScoreJudgement
    target: tuple[int, int | None, str]  # (session id, turn id, dimension)


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


def latest_judgements(trainee_ids: list[int] | None, with_turns: bool = False) -> list[Judged]:
    """The latest judgement per coach and score, of these trainees' sessions (None: all).

    Blind calibration records count only once every coach of their session submitted.
    `with_turns` loads the answers too (for listing them).
    """
    from trainer.models import PracticeSession

    incomplete = (db.select(CalibrationReviewer.calibration_id)
                  .where(CalibrationReviewer.submitted_at.is_(None)))
    query = (db.select(ScoreJudgement).join(PracticeSession,
                                            PracticeSession.id == ScoreJudgement.session_id)
             .where(or_(ScoreJudgement.calibration_id.is_(None),
                        ScoreJudgement.calibration_id.not_in(incomplete)),
                    ScoreJudgement.author_id.is_not(None))
             .order_by(ScoreJudgement.created_at, ScoreJudgement.id)
             .options(selectinload(ScoreJudgement.author)))
    if with_turns:
        query = query.options(selectinload(ScoreJudgement.turn))
    if trainee_ids is not None:
        query = query.where(PracticeSession.user_id.in_(trainee_ids))
    latest: dict[tuple, ScoreJudgement] = {}
    for j in db.session.scalars(query):
        latest[(j.session_id, j.turn_id, j.dimension, j.author_id)] = j
    return [Judged(j, key[:3]) for key, j in latest.items()]


def calibrate(judged: list[Judged]) -> Calibration:
    """Compute every figure from the judgements."""
    out = Calibration(judged)
    for d in DIMENSIONS:
        mine = [x.judgement for x in judged if x.target[2] == d]
        out.engine[d] = Agreement.of([j.engine_score for j in mine], [j.score for j in mine])
    by_target: dict[tuple, dict[int, float]] = defaultdict(dict)
    for x in judged:
        by_target[x.target][x.judgement.author_id] = x.judgement.score
    authors = {x.judgement.author_id: x.judgement.author for x in judged}
    for coach_id, coach in sorted(authors.items(), key=lambda kv: kv[1].email):
        mine = [x.judgement for x in judged if x.judgement.author_id == coach_id]
        others_mean, own = [], []
        for scores in by_target.values():
            if coach_id in scores and len(scores) > 1:
                rest = [v for c, v in scores.items() if c != coach_id]
                others_mean.append(fmean(rest))
                own.append(scores[coach_id])
        out.coaches.append((coach, Agreement.of([j.engine_score for j in mine],
                                                [j.score for j in mine]),
                            Agreement.of(others_mean, own)))
    for a, b in combinations(sorted(authors, key=lambda c: authors[c].email), 2):
        shared = [s for s in by_target.values() if a in s and b in s]
        if shared:
            out.pairs.append((authors[a], authors[b],
                              Agreement.of([s[a] for s in shared], [s[b] for s in shared])))
    return out


def behind(judged: list[Judged], dimension: str | None = None, coach_id: int | None = None,
           against: str = "engine") -> list[dict]:
    """The scores behind a figure, biggest disagreement first.

    against="engine": each judgement with the engine's score; against="coaches": each score
    judged by several coaches, with every coach's value.
    """
    rows = []
    if against == "engine":
        for x in judged:
            j = x.judgement
            if (dimension and x.target[2] != dimension) or (coach_id and j.author_id != coach_id):
                continue
            rows.append({"judgement": j, "session_id": j.session_id, "turn": j.turn,
                         "dimension": j.dimension, "engine": j.engine_score,
                         "coaches": [(j.author, j.score)], "gap": abs(j.score - j.engine_score)})
    else:
        grouped: dict[tuple, list[ScoreJudgement]] = defaultdict(list)
        for x in judged:
            if not dimension or x.target[2] == dimension:
                grouped[x.target].append(x.judgement)
        for (session_id, _turn_id, dim), group in grouped.items():
            if len(group) < 2 or (coach_id and coach_id not in {j.author_id for j in group}):
                continue
            scores = [j.score for j in group]
            rows.append({"judgement": group[0], "session_id": session_id, "turn": group[0].turn,
                         "dimension": dim, "engine": group[0].engine_score,
                         "coaches": [(j.author, j.score) for j in group],
                         "gap": max(scores) - min(scores)})
    return sorted(rows, key=lambda r: (-r["gap"], r["session_id"]))
