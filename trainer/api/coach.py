"""/api/v1 coach routes: trainees, reviews of a session, calibration (roles as in the pages:
a coach sees the teams they lead, a trainee only themself)."""

from flask import jsonify
from flask_login import current_user

from trainer.extensions import db
from trainer.models.clock import iso
from trainer.review import comments, judgements
from trainer.review.access import coached_session, trainees
from trainer.review.assignments import certification
from trainer.review.calibration import calibrate, latest_judgements
from trainer.review.checks import turn_of
from trainer.review.disputes import disputes_of
from trainer.review.errors import BadReview
from trainer.review.trends import trainee_trends
from trainer.scoring.types import DIMENSIONS
from trainer.sessions.results import judgement_dict, person, standing

from . import bp
from .auth import require_role
from .views import json_body

REVIEW_FIELDS = {"comment", "turn", "overrides", "reason", "confirm", "flags", "reviewed"}


@bp.get("/trainees")
def list_trainees():
    """A coach's trainees (an admin: everyone's); anyone else gets themself."""
    people = trainees(current_user) if current_user.role in ("coach", "admin") \
        else [current_user]
    certs = certification(people)
    out = []
    for t in trainee_trends(people):
        cert = certs[t.user.id]
        out.append({
            "id": t.user.id, "email": t.user.email, "name": t.user.name, "team": t.user.team,
            "role": t.user.role, "active": t.user.active, "certified": cert.certified,
            "certification": cert.label, "sessions": t.sessions, "finished": t.finished,
            "pass_rate": t.pass_rate, "critical_flags": t.critical, "weakest": t.weakest,
            "latest": {d: t.latest(d) for d in DIMENSIONS},
            "trend": {d: t.trend(d) for d in DIMENSIONS}})
    return jsonify(out)


def discussion(session_id: int) -> dict:
    """The open comments and the disputes of a session, as JSON."""
    return {
        "comments": [{"id": c.id, "turn": c.turn.index if c.turn else None, "body": c.body,
                      "by": person(c.author), "at": iso(c.created_at),
                      "edited_at": iso(c.updated_at)} for c in comments.comments_of(session_id)],
        "disputes": [{"id": d.id, "turn": d.turn.index if d.turn else None,
                      "dimension": d.dimension, "score": d.score, "reason": d.reason,
                      "by": person(d.trainee), "at": iso(d.created_at), "status": d.status,
                      "resolution": d.resolution, "new_score": d.new_score,
                      "resolved_by": person(d.resolver), "resolved_at": iso(d.resolved_at)}
                     for d in disputes_of(session_id)]}


@bp.post("/sessions/<int:session_id>/reviews")
def post_review(session_id):
    """A coach's review of a session or one answer: a comment, overrides (with a reason),
    confirmations, flag decisions, and/or marking it reviewed; all or nothing."""
    session = coached_session(session_id, current_user)
    body = json_body()
    unknown = sorted(set(body) - REVIEW_FIELDS)
    if unknown:
        raise BadReview(f"unknown field(s): {', '.join(unknown)}; use "
                        f"{', '.join(sorted(REVIEW_FIELDS))}")
    if not any(body.get(k) not in (None, "", [], {}, False) for k in
               ("comment", "overrides", "confirm", "flags", "reviewed")):
        raise BadReview("send a comment, overrides (with a reason), confirm, flags or "
                        "reviewed: true")
    turn = turn_of(session, body.get("turn"))
    index = turn.index if turn else None
    me = current_user._get_current_object()
    out = {"session": session.id, "turn": index, "comment": None, "overrides": [],
           "confirmed": [], "flags": [], "reviewed": None}
    if body.get("overrides") not in (None, {}):
        out["overrides"] = judgements.override_scores(session, me, body["overrides"],
                                                      body.get("reason"), index, commit=False)
    if body.get("confirm"):
        out["confirmed"] = judgements.confirm_scores(session, me, body["confirm"], index,
                                                     body.get("reason"), commit=False)
    flags = body.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(f, dict) for f in flags):
        raise BadReview('flags must be a list of {"index", "decision", "reason"}')
    out["flags"] = [judgements.decide_flag(session, me, index, f.get("index"),
                                           f.get("decision"), f.get("reason"), commit=False)
                    for f in flags]
    if body.get("comment") not in (None, ""):
        out["comment"] = comments.add_comment(session, me, body["comment"], index, commit=False)
    if body.get("reviewed") is True:
        judgements.mark_reviewed(session, me, commit=False)
    db.session.commit()
    st = standing(session.id)
    shown = st.turn_scores(turn) if turn else (session.result or session.summary or {}).get(
        "scores")
    comment = out["comment"]
    return jsonify({
        **out, "overrides": [judgement_dict(j) for j in out["overrides"]],
        "confirmed": [judgement_dict(j) for j in out["confirmed"]],
        "flags": [{"index": d.flag_index, "code": d.code, "decision": d.decision,
                   "reason": d.reason} for d in out["flags"]],
        "comment": {"id": comment.id, "body": comment.body} if comment else None,
        "reviewed": {"at": iso(session.reviewed_at), "by": person(session.reviewer)}
        if body.get("reviewed") is True else None,
        "scores": shown,
        "coach_changed": st.changed(turn.id, turn.scorecard.get("scores") or {}) if turn
        else session.coach_changed}), 201


@bp.get("/calibration")
def get_calibration():
    """Engine against coach per dimension, each coach, and coach pairs (coaches, admins)."""
    require_role("coach", "admin")
    scope = None if current_user.role == "admin" else [u.id for u in trainees(current_user)]
    return jsonify(calibrate(latest_judgements(scope)).to_dict())
