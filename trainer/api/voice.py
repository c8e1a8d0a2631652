"""/api/v1 voice routes: spoken turns (202 + job), jobs, recordings, the calm baseline."""

from flask import jsonify, request, send_file, url_for
from flask_login import current_user

from trainer.errors import ServiceError
from trainer.jobs import job_view, visible_job
from trainer.models import Turn
from trainer.models.clock import iso
from trainer.sessions import service
from trainer.sessions.baseline import PASSAGE, delete_baseline, record_baseline
from trainer.sessions.recordings import mime_type, read_upload, recording_path
from trainer.sessions.voice import accept_spoken_answer

from . import bp


class RecordingNotFound(ServiceError):
    """No recording for that turn (typed, deleted, or not the caller's to hear)."""

    status, code = 404, "recording_not_found"


def post_audio_turn(session_id: int):
    """Queue a spoken answer (multipart field `audio`): 202 {"job": ID}."""
    service.owned_session(session_id, current_user.id)  # 404 before reading the body
    data = read_upload(request, "audio")
    job = accept_spoken_answer(session_id, current_user.id, data)
    response = jsonify({"job": job.id, "status": job.status,
                        "url": url_for("api.get_job", job_id=job.id)})
    response.status_code = 202
    response.headers["Location"] = url_for("api.get_job", job_id=job.id)
    return response


@bp.get("/jobs/<job_id>")
def get_job(job_id):
    """A job's status, progress, error and result (owner, their coach, admins)."""
    view = job_view(visible_job(job_id, current_user))
    result = view.get("result")
    if result and view.get("session") is not None and result.get("index") is not None:
        view["result"] = {**result, "audio": url_for("api.turn_audio", session_id=view["session"],
                                                     index=result["index"])}
    return jsonify(view)


def turn_recording(session_id: int, index: int, viewer):
    """The recording of a turn the viewer may see, as a file response (ranges supported)."""
    session = service.visible_session(session_id, viewer)
    turn = next((t for t in session.turns if t.index == index), None) \
        if isinstance(index, int) else None
    path = recording_path(turn.audio_path) if isinstance(turn, Turn) else None
    if path is None:
        raise RecordingNotFound(f"answer {index + 1} of session {session_id} has no recording")
    response = send_file(path, mimetype=mime_type(turn.audio_path), conditional=True,
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/sessions/<int:session_id>/turns/<int:index>/audio")
def turn_audio(session_id, index):
    """Play back a spoken answer (same access rules as the session)."""
    return turn_recording(session_id, index, current_user)


def _baseline_view(user) -> dict:
    return {"baseline": user.calm_baseline, "recorded_at": iso(user.baseline_at),
            "passage": PASSAGE}


@bp.get("/me/baseline")
def get_baseline():
    """The caller's calm baseline (null when none) and the passage to read."""
    return jsonify(_baseline_view(current_user))


@bp.post("/me/baseline")
def post_baseline():
    """Measure a calm read-aloud (multipart field `audio`) and keep it as the baseline."""
    data = read_upload(request, "audio")
    record_baseline(current_user.id, data)
    return jsonify(_baseline_view(current_user)), 201


@bp.delete("/me/baseline")
def remove_baseline():
    """Forget the caller's baseline."""
    delete_baseline(current_user.id)
    return jsonify(_baseline_view(current_user))
