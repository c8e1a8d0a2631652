"""Coach pages: assignments (create, list, withdraw) with each trainee's standing."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.auth.roles import coach_required
from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.review.access import coached_teams, trainees
from trainer.review.assignments import (
    certification,
    create_assignment,
    delete_assignment,
    visible_assignments,
)
from trainer.review.errors import BadReview
from trainer.sessions.library import get_library

from . import bp
from .views import fail


def _render(error: str | None = None, values=None, status: int = 200):
    people = trainees(current_user)
    return render_template(
        "coach/assignments.html", assignments=visible_assignments(current_user),
        teams=coached_teams(current_user), people=people, certs=certification(people),
        scenarios=get_library().scenarios.values(), error=error, values=values or {}), status


@bp.route("/coach/assignments", methods=["GET", "POST"])
@coach_required
def assignments():
    """Every assignment of one's teams, each trainee's certification, and a form to assign."""
    if request.method == "GET":
        return _render()
    form = request.form
    kind, _, assignee = form.get("assignee", "").partition(":")
    try:
        assignment = create_assignment(
            current_user, form.get("scenario"), form.get("due"), form.get("pass_mark"),
            trainee_id=assignee if kind == "trainee" else None,
            team_id=assignee if kind == "team" else None, note=form.get("note", ""))
    except BadReview as exc:
        db.session.rollback()
        return _render(exc.message, form, 400)
    except ServiceError as exc:
        fail(exc)
    flash(f"Assigned {assignment.scenario_id} to {assignment.assignee}.", "success")
    return redirect(url_for("coach.assignments"))


@bp.post("/coach/assignments/<int:assignment_id>/delete")
@coach_required
def withdraw(assignment_id):
    """Withdraw an assignment."""
    try:
        delete_assignment(assignment_id, current_user)
    except ServiceError as exc:
        fail(exc)
    flash("Assignment withdrawn.", "success")
    return redirect(url_for("coach.assignments"))
