"""Coach pages: the review queue, the session review (open or blind), and its actions.

Every action is a POST with a CSRF token that calls one review service. Bad input shows the
page again with the message next to the form (400) and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.auth.roles import coach_required
from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import CalibrationSession, Dispute, PracticeSession
from trainer.review import blind, comments, disputes, judgements
from trainer.review.access import coached_session, trainees
from trainer.review.errors import BadReview, NotAllowed
from trainer.review.queue import FILTERS, review_queue
from trainer.review.sheet import review_sheet
from trainer.sessions.library import get_library, scenario_of

from . import bp
from .filters import read_filters
from .views import fail


@dataclass
class Target:
    """What an action works on: a session, maybe inside a blind calibration session."""

    session: PracticeSession
    calibration: CalibrationSession | None
    url: str  # the page

    @property
    def base(self) -> str:
        """Where its actions are posted."""
        if self.calibration is not None:
            return url_for("coach.blind_review", calibration_id=self.calibration.id)
        return url_for("coach.review", session_id=self.session.id)


def _target(session_id: int | None, calibration_id: int | None) -> Target:
    if calibration_id is not None:
        calibration = blind.calibration_for(calibration_id, current_user)
        return Target(calibration.session, calibration,
                      url_for("coach.blind_review", calibration_id=calibration.id))
    session = coached_session(session_id, current_user)
    return Target(session, None, url_for("coach.review", session_id=session.id))


@bp.route("/coach/queue")
@coach_required
def queue():
    """Sessions that need a human, oldest first, with the coach's own filters."""
    pf = read_filters(request.args, current_user)
    reason = request.args.get("reason", "").strip()
    if reason and reason not in FILTERS:
        pf.notices.append(f"There is no queue reason “{reason[:40]}”; showing every reason.")
        reason = ""
    people = trainees(current_user, pf.team)
    items = review_queue([u.id for u in people], reason or None, pf.filters.scenario,
                         pf.filters.since, pf.filters.until)
    return render_template("coach/queue.html", pf=pf, items=items, reason=reason,
                           reasons=FILTERS, waiting=blind.open_calibrations(current_user),
                           scenarios=get_library().scenarios.values())


def render_review(target: Target, failed: dict | None = None, status: int = 200):
    """The review page of a session (blind inside a calibration session)."""
    sheet = review_sheet(target.session, target.calibration, current_user)
    scenario = scenario_of(target.session)
    return render_template(
        "coach/review.html", sheet=sheet, target=target, failed=failed or {},
        scenario=scenario, version_changed=bool(
            target.session.scenario_version and scenario
            and get_library().scenarios.get(target.session.scenario_id) is not scenario)
    ), status


@bp.route("/coach/sessions/<int:session_id>")
@coach_required
def review(session_id):
    """Review one session of one's teams: every answer, its scores, evidence and flags."""
    try:
        target = _target(session_id, None)
    except ServiceError as exc:
        fail(exc)
    return render_review(target)


@bp.route("/coach/calibration/<int:calibration_id>")
@coach_required
def blind_review(calibration_id):
    """A calibration session: one's blind review until submitted, then the comparison."""
    try:
        calibration = blind.calibration_for(calibration_id, current_user)
    except ServiceError as exc:
        fail(exc)
    mine = blind.reviewer(calibration, current_user)
    if mine is not None and mine.submitted_at is None:
        return render_review(Target(calibration.session, calibration, request.path))
    return render_template("coach/calibration_results.html", calibration=calibration,
                           rows=blind.comparison(calibration) if calibration.complete else [])


def _comment(t: Target, form) -> str:
    comments.add_comment(t.session, current_user, form.get("body"), form.get("turn"),
                         calibration=t.calibration)
    return "Comment added."


def _override(t: Target, form) -> str:
    judgements.override_scores(t.session, current_user, {form.get("dimension"): form.get("score")},
                               form.get("reason"), form.get("turn"), calibration=t.calibration)
    return "Score overridden; the engine's own score is kept beside it."


def _confirm(t: Target, form) -> str:
    judgements.confirm_scores(t.session, current_user, None, form.get("turn"),
                              calibration=t.calibration)
    return "Scores confirmed."


def _flag(t: Target, form) -> str:
    row = judgements.decide_flag(t.session, current_user, form.get("turn"), form.get("flag"),
                                 form.get("decision"), form.get("reason"),
                                 calibration=t.calibration)
    return f"Flag {row.decision}."


def _reviewed(t: Target, form) -> str:
    if t.calibration is not None:
        raise NotAllowed("a blind review is submitted, not marked reviewed")
    judgements.mark_reviewed(t.session, current_user)
    return "Marked reviewed."


def _submit(t: Target, form) -> str:
    if t.calibration is None:
        raise NotAllowed("only a calibration review is submitted")
    blind.submit(t.calibration, current_user)
    return "Your blind review is submitted."


ACTIONS = {"comments": _comment, "overrides": _override, "confirm": _confirm, "flags": _flag,
           "reviewed": _reviewed, "submit": _submit}


@bp.post("/coach/sessions/<int:session_id>/<action>")
@bp.post("/coach/calibration/<int:calibration_id>/<action>")
@coach_required
def act(action, session_id=None, calibration_id=None):
    """Run one review action, then back to the page at the answer it was about."""
    if action not in ACTIONS:
        abort(404)
    try:
        target = _target(session_id, calibration_id)
    except ServiceError as exc:
        fail(exc)
    form = request.form
    turn = form.get("turn", "")
    anchor = f"#turn-{turn}" if turn.isdigit() else "#session"
    try:
        message = ACTIONS[action](target, form)
    except BadReview as exc:
        db.session.rollback()
        return render_review(target, {"action": action, "turn": turn, "flag": form.get("flag"),
                                      "message": exc.message, "values": form}, 400)
    except ServiceError as exc:
        fail(exc)
    flash(message, "success")
    return redirect(target.url + anchor)


@bp.post("/coach/comments/<int:comment_id>")
@coach_required
def edit_comment(comment_id):
    """Change the wording of one's own comment."""
    try:
        comment = comments.edit_comment(comment_id, current_user, request.form.get("body"))
    except ServiceError as exc:
        fail(exc)
    flash("Comment saved.", "success")
    anchor = f"#turn-{comment.turn.index}" if comment.turn else "#session"
    if comment.calibration_id is not None:
        return redirect(url_for("coach.blind_review", calibration_id=comment.calibration_id)
                        + anchor)
    return redirect(url_for("coach.review", session_id=comment.session_id) + anchor)


@bp.post("/coach/disputes/<int:dispute_id>")
@coach_required
def resolve(dispute_id):
    """Uphold or reject a trainee's dispute."""
    form = request.form
    try:
        dispute = disputes.resolve_dispute(dispute_id, current_user, form.get("decision"),
                                           form.get("reason"), form.get("score"))
    except BadReview as exc:
        db.session.rollback()
        held = db.session.get(Dispute, dispute_id)
        target = _target(held.session_id, None)
        return render_review(target, {"action": "resolve", "dispute": dispute_id,
                                      "message": exc.message, "values": form}, 400)
    except ServiceError as exc:
        fail(exc)
    flash(f"Dispute {dispute.status}.", "success")
    anchor = f"#turn-{dispute.turn.index}" if dispute.turn else "#session"
    return redirect(url_for("coach.review", session_id=dispute.session_id) + anchor)
