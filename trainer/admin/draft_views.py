"""Admin review of scenarios drafted from real calls: read, edit, publish or discard."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from trainer.auth.roles import admin_required
from trainer.errors import ServiceError
from trainer.models.scenario_drafts import DRAFT_STATUSES
from trainer.sessions import call_scenario

from . import bp


class DraftForm(FlaskForm):
    """The draft's YAML, as the admin edits it."""

    yaml_text = TextAreaField("Scenario (YAML)", validators=[DataRequired(
        message="The scenario cannot be empty.")])


class DraftActionForm(FlaskForm):
    """Publish or discard: the CSRF token only."""


@bp.route("/scenario-drafts")
@admin_required
def scenario_drafts():
    """Drafts waiting for review (or published, discarded, all)."""
    status = request.args.get("status", "draft")
    if status not in (*DRAFT_STATUSES, "all"):
        status = "draft"
    return render_template("admin/scenario_drafts.html", status=status, statuses=DRAFT_STATUSES,
                           drafts=call_scenario.drafts(None if status == "all" else status))


@bp.route("/scenario-drafts/<int:draft_id>", methods=["GET", "POST"])
@admin_required
def scenario_draft(draft_id):
    """One draft: its YAML to edit, the loader's problems with it, publish and discard."""
    try:
        draft = call_scenario.get_draft(draft_id)
    except ServiceError as exc:
        abort(exc.status, description=exc.message)
    form = DraftForm(yaml_text=draft.yaml_text)
    status, problems = 200, None
    if form.validate_on_submit():
        try:
            problems = call_scenario.save_draft(draft.id, form.yaml_text.data, current_user)
        except ServiceError as exc:
            form.yaml_text.errors = [exc.message]
        else:
            flash("Saved. " + ("It loads: ready to publish." if not problems else
                               "It does not load yet: see the problems below."),
                  "success" if not problems else "error")
            if not problems:
                return redirect(url_for("admin.scenario_draft", draft_id=draft.id))
    if form.errors:
        status = 400
    if problems is None and draft.status == "draft":
        problems = call_scenario.check_yaml(draft.yaml_text)
    return render_template("admin/scenario_draft.html", draft=draft, form=form,
                           problems=problems or [], action=DraftActionForm()), status


def _decide(draft_id: int, decide, done: str):
    if not DraftActionForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    try:
        decide(draft_id, current_user)
    except ServiceError as exc:
        problems = getattr(exc, "problems", [])
        flash(exc.message + (": " + "; ".join(problems[:3]) if problems else ""), "error")
    else:
        flash(done, "success")
    return redirect(url_for("admin.scenario_draft", draft_id=draft_id))


@bp.post("/scenario-drafts/<int:draft_id>/publish")
@admin_required
def publish_draft(draft_id):
    """Check the draft again and put it in the library."""
    return _decide(draft_id, call_scenario.publish_draft,
                   "Published: trainees see it in the scenario library now.")


@bp.post("/scenario-drafts/<int:draft_id>/discard")
@admin_required
def discard_draft(draft_id):
    """Drop the draft; it never reaches the library."""
    return _decide(draft_id, call_scenario.discard_draft, "Discarded.")
