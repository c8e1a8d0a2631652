"""/api/v1 QA call routes: upload a call (202 and a job), read its scorecard, list calls.

QA analysts and admins only (real calls hold consumers' data). Errors keep the one JSON shape:
a refused file answers 400/413 with the pipeline's code (not_audio, corrupt, too_long,
unknown_speaker, missing_text, empty_call ...) and nothing is stored.
"""

from flask import current_app, jsonify, request, url_for
from flask_login import current_user

from trainer.errors import ServiceError
from trainer.sessions import call_batches, call_list, calls
from trainer.sessions.recordings import limit_upload, save_uploads

from . import bp
from .auth import require_role
from .errors import ApiError

CALL_ROLES = calls.CALL_ROLES


@bp.post("/calls")
def post_call():
    """Upload one call (multipart `file`: audio or transcript; optional fields agent_channel,
    started_at, consumer_timezone, agent): stored, queued, 202 {"id", "job"}."""
    require_role(*CALL_ROLES)
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", "send the call as multipart/form-data "
                       "with a file field named 'file'")
    limit_upload(request, int(current_app.config["QA_MAX_CALL_BYTES"]))
    saved = save_uploads(request, "file", current_user.id)
    if len(saved) != 1:
        for _name, path in saved:
            path.unlink(missing_ok=True)
        raise ApiError(400, "missing_file", "send exactly one call file as the multipart field "
                       "'file'")
    form = request.form
    try:
        options, metadata = calls.upload_options(
            form.get("agent_channel") or None, form.get("started_at") or None,
            form.get("consumer_timezone") or None, form.get("agent") or None)
    except ServiceError:
        saved[0][1].unlink(missing_ok=True)
        raise
    name, path = saved[0]
    call = calls.accept_call(path, name, current_user.id, options=options, metadata=metadata)
    job = calls.latest_job(call.id)
    location = url_for("api.get_call", call_id=call.id)
    response = jsonify({"id": call.id, "job": job.id, "status": call.status, "url": location,
                        "job_url": url_for("api.get_job", job_id=job.id)})
    response.status_code = 202
    response.headers["Location"] = location
    return response


@bp.get("/calls/<int:call_id>")
def get_call(call_id):
    """The call scorecard once scored (corrections applied, the engine's values under
    "engine"); before that, the call's status and progress."""
    require_role(*CALL_ROLES)
    call = calls.visible_call(call_id, current_user)
    card = call.effective_scorecard()
    if card is not None and call.status == "done":
        return jsonify({**card, "call": call.id, "status": call.status})
    progress = call_batches.call_progress(call, calls.latest_job(call.id))
    return jsonify({"call": call.id, "file": call.file_name, "status": call.status,
                    "stage": progress["stage"], "progress": progress["progress"],
                    "job": progress["job"], "error": progress["error"]})


@bp.get("/calls")
def list_calls():
    """Calls, newest first, with the call list page's filters; paged."""
    require_role(*CALL_ROLES)
    filters, problems = call_list.parse_filters(request.args)
    if problems:
        raise ApiError(400, "bad_filter", "; ".join(problems))
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", call_list.PER_PAGE))
    except ValueError as exc:
        raise ApiError(400, "bad_page", "page and per_page must be whole numbers") from exc
    if page < 1 or not 1 <= per_page <= call_list.MAX_PER_PAGE:
        raise ApiError(400, "bad_page", f"page starts at 1; per_page is 1 to "
                       f"{call_list.MAX_PER_PAGE}")
    result = call_list.page_of_calls(filters, page, per_page)
    return jsonify({"calls": [c.to_summary() for c in result.items], "page": result.page,
                    "per_page": result.per_page, "total": result.total, "pages": result.pages,
                    "filters": filters.active()})
