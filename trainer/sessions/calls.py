"""QA calls in the application layer: accept uploads, queue them, retry, swap speakers, audio.

Takes ids, bytes and plain values (never request objects), shared by the QA pages and the
API. An accepted upload is stored before anything else happens, and its `call` job runs in a
call worker process (call_job.py). A refused upload changes nothing on its own; inside a batch
it is listed as a failed call with its reason, so one bad file never hides the others.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app

from trainer import audit
from trainer.calls import CallInputError, Metadata, parse_metadata
from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.jobs import QueueUnavailable, send_job, state
from trainer.models import Call, CallBatch, Job, User
from trainer.models.clock import utcnow

from .call_job import CALL_QUEUE
from .recordings import adopt_recording, mime_type, recording_path, store_recording

CALL_ROLES = ("qa", "admin")  # real calls hold consumers' data: QA and admins only
CHANNELS = ("left", "right")
MAX_NAME = 255


class CallNotFound(ServiceError):
    """No such call (or batch), or one the caller may not see (the two look the same)."""

    status, code = 404, "call_not_found"


class CallNotReady(ServiceError):
    """The call cannot do that in its current state (not scored yet, not failed...)."""

    status, code = 409, "call_not_ready"


class CallQueueDown(ServiceError):
    """The job queue cannot take the call right now; it is stored and can be retried."""

    status, code = 503, "queue_unavailable"

    def __init__(self, message: str, call_id: int):
        super().__init__(message)
        self.call_id = call_id


def may_see_calls(user: User | None) -> bool:
    """QA analysts and admins see real calls; nobody else does."""
    return user is not None and user.role in CALL_ROLES


def visible_call(call_id: Any, viewer: User) -> Call:
    """The call if the viewer may see it; CallNotFound otherwise (no leak either way)."""
    call = db.session.get(Call, call_id) if isinstance(call_id, int) else None
    if call is None or not may_see_calls(viewer):
        raise CallNotFound(f"no call {call_id}")
    return call


def visible_batch(batch_id: Any, viewer: User) -> CallBatch:
    """The batch if the viewer may see calls; CallNotFound otherwise."""
    batch = db.session.get(CallBatch, batch_id) if isinstance(batch_id, int) else None
    if batch is None or not may_see_calls(viewer):
        raise CallNotFound(f"no batch {batch_id}")
    return batch


def upload_options(agent_channel: str | None = None, started_at: str | None = None,
                   consumer_timezone: str | None = None,
                   agent: str | None = None) -> tuple[dict[str, Any], Metadata]:
    """The pipeline options and metadata an upload form or API call gives, checked."""
    if agent_channel not in (None, "", *CHANNELS):
        raise CallInputError("bad_option", f"agent channel must be left or right, not "
                             f"{agent_channel!r}")
    metadata = parse_metadata({"started_at": started_at, "consumer_timezone": consumer_timezone,
                               "agent": (agent or "").strip() or None})
    return ({"agent_channel": agent_channel} if agent_channel else {}), metadata


def create_batch(user_id: int, label: str, options: dict[str, Any]) -> CallBatch:
    """A new batch for calls uploaded together."""
    batch = CallBatch(created_by=user_id, label=(label or "").strip()[:200], options=options)
    db.session.add(batch)
    db.session.commit()
    return batch


def accept_call(source: bytes | Path, name: str, user_id: int, *, batch_id: int | None = None,
                options: dict[str, Any] | None = None,
                metadata: Metadata | None = None) -> Call:
    """Check, store and queue one call upload; CallInputError (nothing stored) if refused.

    `source` is the bytes, or a file streamed to `recordings.incoming_path` (moved into place
    when accepted, removed when refused), so a long recording never sits in memory.
    """
    from trainer.calls.intake import inspect_upload

    config = current_app.config
    name = _display_name(name)
    try:
        intake = inspect_upload(source, name, max_bytes=int(config["QA_MAX_CALL_BYTES"]),
                                max_seconds=float(config["QA_MAX_CALL_SECONDS"]),
                                metadata=metadata)
    except ServiceError:
        if isinstance(source, Path):
            source.unlink(missing_ok=True)
        raise
    meta = intake.transcript.metadata if intake.transcript is not None else metadata
    meta = meta or Metadata()
    options = dict(options or {})
    given = {k: v for k, v in (metadata or Metadata()).to_dict().items() if v}
    if given:  # as given (with its UTC offset): the job passes it to the pipeline
        options["metadata"] = given
    call = Call(batch_id=batch_id, uploaded_by=user_id, file_name=name, source=intake.source,
                size_bytes=intake.size, options=options, status="queued",
                agent=meta.agent, started_at=_utc(meta.started_at),
                consumer_timezone=meta.consumer_timezone, duration_s=intake.seconds)
    db.session.add(call)
    db.session.flush()
    stem = f"call-{call.id}"
    call.upload_path = adopt_recording(source, user_id, stem, intake.ext) \
        if isinstance(source, Path) else store_recording(source, user_id, stem, intake.ext)
    db.session.commit()  # stored before it is processed: nothing is lost from here on
    queue_call(call)
    return call


def record_refusal(name: str, size: int | None, user_id: int, batch_id: int,
                   error: ServiceError) -> Call:
    """A refused file of a batch, kept as a failed call with its reason (nothing stored)."""
    call = Call(batch_id=batch_id, uploaded_by=user_id, file_name=_display_name(name),
                source="audio", size_bytes=size, status="failed", error_code=error.code,
                error=error.message)
    db.session.add(call)
    db.session.commit()
    return call


def queue_call(call: Call) -> Job:
    """A `call` job for a stored call, sent to the call workers' queue."""
    job = state.create(Job(kind="call", user_id=call.uploaded_by, call_id=call.id), "busy")
    try:
        send_job(job.id, CALL_QUEUE)
    except QueueUnavailable as exc:
        message = f"{exc}; the file is stored: retry it from the call's page"
        state.fail(job.id, None, "queue_unavailable", message, from_status="queued")
        call.status, call.error_code, call.error = "failed", "queue_unavailable", message
        db.session.commit()
        raise CallQueueDown(message, call.id) from exc
    return job


def latest_job(call_id: int) -> Job | None:
    """The call's most recent job."""
    return db.session.scalar(db.select(Job).where(Job.call_id == call_id)
                             .order_by(Job.created_at.desc(), Job.id.desc()).limit(1))


def retry_call(call_id: int, viewer: User) -> Job:
    """Queue a failed call again from its stored upload."""
    call = visible_call(call_id, viewer)
    if call.status != "failed":
        raise CallNotReady(f"call {call.id} is {call.status}; only a failed call is retried")
    if recording_path(call.upload_path) is None:
        raise CallNotReady(f"{call.file_name} was refused before it was stored ({call.error}); "
                           "upload a fixed file instead")
    call.status, call.error_code, call.error = "queued", None, None
    call.updated_at = utcnow()
    audit.record("call.retried", "call", call.id, actor=viewer)
    db.session.commit()
    return queue_call(call)


def swap_call(call_id: int, viewer: User) -> Call:
    """Re-score a call with agent and customer exchanged (QA's one-click fix), audited."""
    from trainer.calls import swap_speakers

    call = visible_call(call_id, viewer)
    if call.status != "done" or call.scorecard is None:
        raise CallNotReady(f"call {call.id} is {call.status}; swap the speakers once it is "
                           "scored")
    card = swap_speakers(call.scorecard)
    swapped = not (call.options or {}).get("swapped", False)
    call.options = {**(call.options or {}), "swapped": swapped}  # a retry keeps the choice
    call.set_scorecard(card)
    audit.record("call.speakers_swapped", "call", call.id, actor=viewer,
                 old={"swapped": not swapped}, new={"swapped": swapped})
    db.session.commit()
    return call


def call_audio(call_id: int, viewer: User) -> tuple[Any, str]:
    """(path, mime type) of a call's stored audio; CallNotFound for transcripts or gone files."""
    call = visible_call(call_id, viewer)
    path = recording_path(call.upload_path) if call.source == "audio" else None
    if path is None:
        raise CallNotFound(f"call {call_id} has no audio")
    return path, mime_type(call.upload_path)


def _utc(when: datetime | None) -> datetime | None:
    """Stored times are UTC (SQLite keeps no offset: a local time would read back wrong)."""
    return when.astimezone(UTC) if when is not None else None


def _display_name(name: str | None) -> str:
    """The uploaded name as shown (a folder upload keeps its relative path), never trusted as
    a path: files are stored under generated names."""
    cleaned = " ".join((name or "").replace("\\", "/").split())
    return cleaned[-MAX_NAME:] or "upload"
