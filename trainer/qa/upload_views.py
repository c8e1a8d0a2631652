"""QA upload pages: many files or a folder at once, then the batch with live progress.

Without JavaScript the form posts every file in one request (up to QA_MAX_UPLOAD_BYTES in all,
streamed to disk).
With it (static/js/upload.js) the page makes the batch first and sends the files one by one,
each with its own progress bar and up to QA_MAX_CALL_BYTES, then opens the batch page, which
polls the batch's progress as JSON (static/js/batch.js).
"""

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from trainer.auth.roles import calls_required
from trainer.errors import ServiceError
from trainer.extensions import csrf
from trainer.sessions import call_batches, calls
from trainer.sessions.recordings import limit_upload, save_uploads

from . import bp
from .forms import UploadForm


def _limit() -> int:
    return int(current_app.config["QA_MAX_CALL_BYTES"])


def _options(form: UploadForm):
    """The batch's pipeline options and metadata from the form; a ServiceError when invalid."""
    return calls.upload_options(form.agent_channel.data or None, form.started_at.data or None,
                                form.consumer_timezone.data or None, form.agent.data or None)


def _json_error(exc: ServiceError):
    return jsonify({"error": {"code": exc.code, "message": exc.message}}), exc.status


@bp.route("/upload", methods=["GET", "POST"])
@calls_required
def upload():
    """The upload form (GET); every file of the form in one batch (POST, without JS).

    Exempt from the app-wide CSRF check, which would read the body before its size limit is
    raised for calls; the form checks its own CSRF token once the limit is set.
    """
    too_large = None
    if request.method == "POST":
        try:
            limit_upload(request, int(current_app.config["QA_MAX_UPLOAD_BYTES"]))
        except ServiceError as exc:
            too_large = exc.message
    form = UploadForm(formdata=None) if too_large else UploadForm()  # never read a refused body
    status = 200
    if too_large:
        form.form_errors.append(too_large)
    elif form.validate_on_submit():
        try:
            options, metadata = _options(form)
            files = save_uploads(request, "files", current_user.id)
        except ServiceError as exc:
            form.form_errors.append(exc.message)
        else:
            if not files:
                form.form_errors.append("Choose one or more call files, or a folder.")
            else:
                batch = call_batches.upload_batch(files, current_user.id, label=form.label.data,
                                                  options=options, metadata=metadata)
                return redirect(url_for("qa.batch_page", batch_id=batch.id))
    if form.errors or form.form_errors:
        status = 400
    return render_template("qa/upload.html", form=form, limit=_limit(),
                           batches=call_batches.recent_batches()), status


@bp.post("/batches")
@calls_required
def create_batch():
    """Start a batch for files sent one by one (JSON): its id and where to send the files."""
    form = UploadForm()
    if not form.validate_on_submit():
        message = next(iter(e for errs in form.errors.values() for e in errs), "bad form")
        return jsonify({"error": {"code": "bad_form", "message": message}}), 400
    try:
        options, metadata = _options(form)
    except ServiceError as exc:
        return _json_error(exc)
    batch = calls.create_batch(current_user.id, form.label.data, {
        **options, **{k: v for k, v in metadata.to_dict().items() if v}})
    return jsonify({"id": batch.id, "files": url_for("qa.add_file", batch_id=batch.id),
                    "page": url_for("qa.batch_page", batch_id=batch.id)}), 201


@bp.post("/batches/<int:batch_id>/files")
@calls_required
def add_file(batch_id):
    """One file of a batch (multipart `file`): the call as the batch lists it (JSON). A refused
    file is listed as failed with its reason; the batch goes on."""
    try:
        limit_upload(request, _limit())
        csrf.protect()  # exempt from the app-wide check: it would read the body first
        batch = calls.visible_batch(batch_id, current_user)
        saved = save_uploads(request, "file", current_user.id)
    except ServiceError as exc:
        return _json_error(exc)
    except CSRFError as exc:
        return jsonify({"error": {"code": "csrf", "message": exc.description}}), 400
    if len(saved) != 1:
        for _name, path in saved:
            path.unlink(missing_ok=True)
        return jsonify({"error": {"code": "missing_file", "message": "send one call file as "
                                  "the multipart field 'file'"}}), 400
    options = {k: v for k, v in (batch.options or {}).items() if k == "agent_channel"}
    _, metadata = calls.upload_options(None, **{
        k: batch.options.get(k) for k in ("started_at", "consumer_timezone", "agent")})
    name, path = saved[0]
    call = call_batches.add_to_batch(batch.id, name, path, current_user.id, options=options,
                                     metadata=metadata)
    progress = call_batches.call_progress(call, calls.latest_job(call.id))
    return jsonify(progress), 201 if call.status != "failed" else 200


@bp.route("/batches/<int:batch_id>")
@calls_required
def batch_page(batch_id):
    """A batch: each file's status and progress, the batch's, failures with their reasons."""
    try:
        progress = call_batches.batch_progress(batch_id, current_user)
    except ServiceError as exc:
        abort(exc.status, description=exc.message)
    return render_template("qa/batch.html", batch=progress)


@bp.get("/batches/<int:batch_id>/progress")
@calls_required
def batch_progress(batch_id):
    """The batch page's data as JSON, polled while files are scored."""
    try:
        return jsonify(call_batches.batch_progress(batch_id, current_user))
    except ServiceError as exc:
        return _json_error(exc)
