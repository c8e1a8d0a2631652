"""QA pages for scored calls: the list with filters, the call view, its audio, and the
one-click actions and corrections (thin views over trainer.sessions)."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from trainer.auth.roles import calls_required
from trainer.calls.checklist import ITEMS, item_of, qa_checklist
from trainer.errors import ServiceError
from trainer.sessions import call_list, call_review, call_scenario, calls

from . import bp
from .charts import sentiment_chart
from .forms import ActionForm, CheckCorrectionForm, ScoreCorrectionForm


def _refuse(exc: ServiceError):
    """A page request the service refuses: the error page with its status and message."""
    abort(exc.status, description=exc.message)


@bp.route("/calls")
@calls_required
def call_list_page():
    """Every call, newest first, filtered by agent, date, critical fail, score and checklist
    item, 50 to a page."""
    from trainer.scoring.compliance import load_rules

    filters, notices = call_list.parse_filters(request.args)
    page = call_list.page_of_calls(filters, request.args.get("page", 1, type=int) or 1)
    rules = {r.code: r.title for r in load_rules()}
    groups = [(title, [(code, rules[code]) for code in codes if code in rules])
              for _key, title, codes in ITEMS]
    return render_template("qa/calls.html", page=page, filters=filters, active=filters.active(),
                           notices=notices, agents=call_list.known_agents(), rule_groups=groups,
                           rule_titles=rules)


@bp.route("/calls/<int:call_id>")
@calls_required
def call_page(call_id):
    """One call: the two-speaker transcript with the agent's turns explained, the audio, the
    checklist with evidence, metrics, sentiment, promise to pay, corrections and history."""
    try:
        call = calls.visible_call(call_id, current_user)
    except ServiceError as exc:
        _refuse(exc)
    card = call.effective_scorecard()
    job = calls.latest_job(call.id)
    return render_template(
        "qa/call.html", call=call, card=card, job=job,
        checklist_items=qa_checklist(card["compliance"]) if card else [],
        chart=sentiment_chart(card) if card else None,
        history=call_review.call_history(call.id), action=ActionForm(),
        check_form=CheckCorrectionForm(), score_form=ScoreCorrectionForm(),
        audio_url=url_for("qa.call_audio", call_id=call.id) if call.source == "audio"
        and call.upload_path else None, item_of=item_of)


@bp.route("/calls/<int:call_id>/audio")
@calls_required
def call_audio(call_id):
    """The call's recording, behind the same access rule as the call (ranges supported)."""
    try:
        path, mime = calls.call_audio(call_id, current_user)
    except ServiceError as exc:
        _refuse(exc)
    response = send_file(path, mimetype=mime, conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _act(call_id: int, action, done: str, anchor: str = ""):
    """Run a one-click action from a posted form, then back to the call with what happened."""
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    try:
        action(call_id, current_user)
    except ServiceError as exc:
        flash(exc.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("qa.call_page", call_id=call_id) + anchor)


@bp.post("/calls/<int:call_id>/swap")
@calls_required
def swap(call_id):
    """Exchange agent and customer and re-score the call."""
    return _act(call_id, calls.swap_call, "Swapped the speakers and scored the call again.")


@bp.post("/calls/<int:call_id>/retry")
@calls_required
def retry(call_id):
    """Queue a failed call again from its stored upload."""
    return _act(call_id, calls.retry_call, "Queued again: the page updates when it is scored.")


@bp.post("/calls/<int:call_id>/scenario")
@calls_required
def draft_scenario(call_id):
    """Turn the call's customer side into an anonymised draft scenario for an admin."""
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired; reload the page and try again.")
    try:
        draft = call_scenario.draft_from_call(call_id, current_user)
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for("qa.call_page", call_id=call_id))
    flash(f"Draft scenario {draft.scenario_id} is waiting for an admin's review.", "success")
    if current_user.role == "admin":
        return redirect(url_for("admin.scenario_draft", draft_id=draft.id))
    return redirect(url_for("qa.call_page", call_id=call_id))


@bp.post("/calls/<int:call_id>/corrections/check")
@calls_required
def correct_check(call_id):
    """Set a checklist rule's status, with a reason (audited)."""
    form = CheckCorrectionForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
    else:
        try:
            call_review.correct_check(call_id, form.rule.data, form.status.data,
                                      form.reason.data, current_user)
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash(f"Corrected {form.rule.data.replace('_', ' ')} to "
                  f"{form.status.data.replace('_', ' ')}.", "success")
    return redirect(url_for("qa.call_page", call_id=call_id) + "#checklist")


@bp.post("/calls/<int:call_id>/corrections/score")
@calls_required
def correct_score(call_id):
    """Set the overall score or a dimension, with a reason (audited)."""
    form = ScoreCorrectionForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
    else:
        try:
            call_review.correct_score(call_id, form.name.data, form.value.data,
                                      form.reason.data, current_user)
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash(f"Corrected {form.name.data.replace('_', ' ')} to {form.value.data}.",
                  "success")
    return redirect(url_for("qa.call_page", call_id=call_id) + "#scores")


def _first_error(form) -> str:
    for field, errors in form.errors.items():
        if errors:
            return errors[0] if field != "csrf_token" else \
                "The form expired; reload the page and try again."
    return "The correction could not be read."
