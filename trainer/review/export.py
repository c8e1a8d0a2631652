"""Exports of a team's practice over a date range, as CSV tables or one JSON document:
sessions, turns, scores (the engine's and as they stand), overrides and flag decisions,
comments, disputes and certification. Blind calibration records are not included."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy.orm import selectinload

from trainer.extensions import db
from trainer.models import Comment, Dispute, PracticeSession, User
from trainer.models.clock import iso, utcnow
from trainer.scoring.types import DIMENSIONS
from trainer.sessions.results import standings

from .assignments import certification

KINDS = ("sessions", "turns", "overrides", "flags", "comments", "disputes", "certification")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _who(user: User | None) -> str:
    return user.email if user is not None else ""


def _sessions(trainees: list[User], since: datetime | None, until: datetime | None,
              scenario: str | None):
    if not trainees:
        return []
    query = (db.select(PracticeSession)
             .where(PracticeSession.user_id.in_([u.id for u in trainees]))
             .options(selectinload(PracticeSession.turns), selectinload(PracticeSession.user))
             .order_by(PracticeSession.started_at, PracticeSession.id))
    if since is not None:
        query = query.where(PracticeSession.started_at >= since)
    if until is not None:
        query = query.where(PracticeSession.started_at <= until)
    if scenario:
        query = query.where(PracticeSession.scenario_id == scenario)
    return list(db.session.scalars(query))


def collect(trainees: list[User], since: datetime | None = None, until: datetime | None = None,
            scenario: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every exported row, per kind, for these trainees' sessions started in the range."""
    sessions = _sessions(trainees, since, until, scenario)
    ids = [s.id for s in sessions]
    st = standings(ids)
    index_of = {t.id: t.index for s in sessions for t in s.turns}
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for s in sessions:
        summary, result = s.summary or {}, s.result or {}
        row = {"session": s.id, "trainee": s.user.email, "name": s.user.name,
               "team": s.user.team or "", "scenario": s.scenario_id,
               "scenario_version": s.scenario_version.content_hash[:12]
               if s.scenario_version else "", "started_at": iso(s.started_at),
               "finished_at": iso(s.finished_at), "outcome": s.outcome or "",
               "engine_overall": summary.get("overall"), "overall": s.overall,
               "engine_passed": s.passed, "passed": s.verdict,
               "coach_changed": " ".join(s.coach_changed), "critical_flags": s.critical_flags,
               "reviewed_at": iso(s.reviewed_at), "reviewed_by": _who(s.reviewer)}
        for d in DIMENSIONS:
            row[f"engine_{d}"] = (summary.get("scores") or {}).get(d)
            row[d] = (result.get("scores") or {}).get(d)
        out["sessions"].append(row)
        standing = st.get(s.id)
        for t in s.turns:
            engine = t.scorecard.get("scores") or {}
            shown = standing.turn_scores(t) if standing else engine
            turn = {"session": s.id, "turn": t.index, "source": t.source,
                    "debtor": t.debtor_line, "text": t.text,
                    "flags": " ".join(f.get("code", "") for f in t.scorecard.get("flags") or []),
                    "coach_changed": " ".join(standing.changed(t.id, engine) if standing else [])}
            for d in DIMENSIONS:
                turn[f"engine_{d}"], turn[d] = engine.get(d), shown.get(d)
            out["turns"].append(turn)
        for judged in (standing.judgements.values() if standing else []):
            for j in judged.values():
                out["overrides"].append({
                    "session": s.id, "turn": index_of.get(j.turn_id, ""),
                    "dimension": j.dimension, "kind": j.kind, "engine": j.engine_score,
                    "score": j.score, "reason": j.reason or "", "coach": _who(j.author),
                    "at": iso(j.created_at)})
        for (turn_id, flag_index), d in (standing.decisions.items() if standing else []):
            out["flags"].append({"session": s.id, "turn": index_of.get(turn_id, ""),
                                 "flag": flag_index, "code": d.code, "severity": d.severity,
                                 "decision": d.decision, "reason": d.reason,
                                 "coach": _who(d.author), "at": iso(d.created_at)})
    _discussion(ids, index_of, out)
    for cert in certification(trainees).values():
        user = cert.user
        for status in cert.to_dict()["assignments"] or [{}]:
            out["certification"].append({
                "trainee": user.email, "name": user.name, "team": user.team or "",
                "certified": cert.certified, "status": cert.label, **status})
    return out


def _discussion(ids: list[int], index_of: dict[int, int], out: dict) -> None:
    if not ids:
        return
    comments = db.session.scalars(db.select(Comment).where(
        Comment.session_id.in_(ids), Comment.calibration_id.is_(None))
        .order_by(Comment.created_at, Comment.id))
    for c in comments:
        out["comments"].append({"session": c.session_id, "turn": index_of.get(c.turn_id, ""),
                                "coach": _who(c.author), "at": iso(c.created_at),
                                "edited_at": iso(c.updated_at), "comment": c.body})
    disputes = db.session.scalars(db.select(Dispute).where(Dispute.session_id.in_(ids))
                                  .order_by(Dispute.created_at, Dispute.id))
    for d in disputes:
        out["disputes"].append({
            "session": d.session_id, "turn": index_of.get(d.turn_id, ""),
            "dimension": d.dimension, "score": d.score, "trainee": _who(d.trainee),
            "reason": d.reason, "at": iso(d.created_at), "status": d.status,
            "resolution": d.resolution or "", "new_score": d.new_score,
            "resolved_by": _who(d.resolver), "resolved_at": iso(d.resolved_at)})


def _cell(value: Any) -> Any:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV text with a header line (empty input: empty text)."""
    if not rows:
        return ""
    buffer = io.StringIO()
    fields = list(dict.fromkeys(k for row in rows for k in row))  # every column, in order
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def to_json(data: dict[str, list[dict[str, Any]]], team: str | None,
            since: datetime | None, until: datetime | None) -> dict[str, Any]:
    """One JSON document: each session with its turns, reviews and discussion nested."""
    by_session: dict[int, dict[str, Any]] = {}
    for row in data["sessions"]:
        by_session[row["session"]] = {**row, "turns": [], "overrides": [], "flags": [],
                                       "comments": [], "disputes": []}
    for kind in ("turns", "overrides", "flags", "comments", "disputes"):
        for row in data[kind]:
            by_session[row["session"]][kind].append(
                {k: v for k, v in row.items() if k != "session"})
    return {"team": team, "since": iso(since), "until": iso(until),
            "generated_at": iso(utcnow()), "sessions": list(by_session.values()),
            "certification": data["certification"]}
