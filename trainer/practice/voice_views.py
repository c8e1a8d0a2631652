"""Trainee pages for the voice work: the calm baseline read-aloud."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from trainer.extensions import db
from trainer.sessions.baseline import MAX_SECONDS, PASSAGE, delete_baseline, record_baseline
from trainer.sessions.errors import PracticeError
from trainer.sessions.recordings import read_upload

from . import bp
from .forms import BaselineDeleteForm, BaselineUploadForm


def _render(upload_form=None, error=None, status=200):
    return render_template("practice/baseline.html", passage=PASSAGE, max_seconds=MAX_SECONDS,
                           baseline=current_user.calm_baseline,
                           recorded_at=current_user.baseline_at,
                           upload_form=upload_form or BaselineUploadForm(),
                           delete_form=BaselineDeleteForm(), error=error,
                           back=_safe_back(request.args.get("next"))), status


def _safe_back(target: str | None) -> str | None:
    """Only local paths are followed back (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.route("/baseline")
@login_required
def baseline():
    """The calm read-aloud: the passage, the recorder, and the baseline measured so far."""
    return _render()


@bp.route("/baseline", methods=["POST"])
@login_required
def upload_baseline():
    """Measure an uploaded read-aloud (the recorder posts to the API; this is the form path)."""
    form = BaselineUploadForm()
    if not form.validate_on_submit():
        return _render(form, "The form expired; reload the page and try again.", 400)
    try:
        record_baseline(current_user.id, read_upload(request, "audio"))
    except PracticeError as exc:
        db.session.rollback()
        return _render(form, f"That recording cannot be used: {exc.message.rstrip('.')}.",
                       exc.status)
    flash("Your calm baseline is saved: spoken answers are now judged against your own voice.",
          "success")
    return redirect(url_for("practice.baseline"))


@bp.route("/baseline/delete", methods=["POST"])
@login_required
def remove_baseline():
    """Forget the baseline; spoken answers go back to the general rules."""
    if BaselineDeleteForm().validate_on_submit() and delete_baseline(current_user.id):
        flash("Your calm baseline is deleted.", "info")
    return redirect(url_for("practice.baseline"))
