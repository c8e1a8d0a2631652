"""Spoken answers: check the upload, store it, open an `answer` job and queue it.

Takes ids and bytes (no request objects), like service.py. Every refusal happens before
anything is written, and a refusal after the file is written removes it again.
"""

from __future__ import annotations

from flask import current_app

from trainer.extensions import db
from trainer.jobs import JobBusy, QueueUnavailable, send_job, state
from trainer.models import Job
from trainer.models.jobs import new_job_id

from .errors import PracticeError, SessionFinished
from .recordings import (
    RecordingTooLarge,
    check_recording,
    delete_recording,
    make_seekable,
    size_limit_message,
    store_recording,
)
from .service import owned_session


class QueueDown(PracticeError):
    """The job queue cannot take the answer right now."""

    status, code = 503, "queue_unavailable"


BUSY = "your previous recording of this answer is still being scored; wait for it to finish"


def active_key(session_id: int, turn_index: int) -> str:
    """The job key that lets one debtor line have one upload in flight at a time."""
    return f"{session_id}:{turn_index}"


def active_job(session_id: int) -> Job | None:
    """The queued or running answer job of a session, if any."""
    return db.session.scalar(db.select(Job).where(
        Job.session_id == session_id, Job.status.in_(("queued", "running")))
        .order_by(Job.created_at.desc()).limit(1))


def check_size(size: int | None) -> None:
    """RecordingTooLarge when an upload is over ANSWER_MAX_BYTES."""
    limit = int(current_app.config["ANSWER_MAX_BYTES"])
    if size is not None and size > limit:
        raise RecordingTooLarge(size_limit_message(size, limit))


def accept_spoken_answer(session_id: int, user_id: int, data: bytes) -> Job:
    """Queue a recording as the answer to the session's current line; returns the job."""
    session = owned_session(session_id, user_id)
    if session.finished:
        raise SessionFinished("this session is finished; start a new one to practise again")
    check_size(len(data))
    busy = active_job(session.id)
    if busy is not None and busy.turn_index == session.turn_count:
        raise JobBusy(BUSY)
    max_seconds = float(current_app.config["ANSWER_MAX_SECONDS"])
    ext = check_recording(data, max_seconds)
    data = make_seekable(data, ext, max_seconds)
    job_id = new_job_id()
    relative = store_recording(data, user_id, job_id, ext)
    try:
        job = state.create(Job(id=job_id, kind="answer", user_id=user_id, session_id=session.id,
                               turn_index=session.turn_count, audio_path=relative,
                               active_key=active_key(session.id, session.turn_count)), BUSY)
    except BaseException:
        delete_recording(relative)
        raise
    try:
        send_job(job_id)
    except QueueUnavailable as exc:
        state.forget(job_id)  # nothing was queued: leave no trace
        delete_recording(relative)
        raise QueueDown(f"{exc}; type your answer, or try again later") from exc
    return job
