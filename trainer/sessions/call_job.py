"""The `call` job kind: score one stored call upload with the QA pipeline and store the card.

The web side (upload pages, `POST /api/v1/calls`) stores the file under RECORDINGS_DIR first
(`recordings.store_recording`), inserts a Call (status queued) and a Job(kind="call",
call_id=...), then sends the job. This body reads the Call, runs `trainer.calls.score_call`
with options from the config and the Call, and saves the scorecard and the job's `done` in
one transaction. A failed job marks its Call failed with the reason and keeps the upload, so
the call can be retried.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app

from trainer.extensions import db
from trainer.jobs import state
from trainer.jobs.kinds import JobKind
from trainer.jobs.state import LostClaim
from trainer.models import Call, Job
from trainer.models.clock import utcnow

from .errors import PracticeError
from .recordings import recording_path


class CallMissing(PracticeError):
    """The job's call, or its stored upload, is gone."""

    status, code = 404, "call_missing"


def call_options(call: Call):
    """CallOptions from the app config, the call's own options and its metadata."""
    from trainer.calls.pipeline import CallOptions
    from trainer.calls.transcript import Metadata

    options: dict[str, Any] = call.options or {}
    return CallOptions.from_config(
        current_app.config, current_app.instance_path,
        agent_channel=options.get("agent_channel"), model=options.get("model"),
        metadata=Metadata(agent=call.agent, started_at=call.started_at,
                          consumer_timezone=call.consumer_timezone))


def process_call(job: Job, attempt: int, progress) -> None:
    """The body of a `call` job (see the module docstring)."""
    from trainer.calls.pipeline import score_call

    job_id, call_id = job.id, job.call_id
    call = db.session.get(Call, call_id) if call_id is not None else None
    if call is None:
        raise CallMissing("the call was deleted before it was scored")
    path = recording_path(call.upload_path)
    if path is None:
        raise CallMissing("the uploaded call is missing from the recordings folder; upload it "
                          "again")
    options, name = call_options(call), call.file_name or path.name
    call.status, call.error, call.error_code = "running", None, None
    db.session.commit()  # no transaction held open through the slow part
    card = score_call(path, options, name=name, progress=progress)
    call = db.session.get(Call, call_id)
    call.set_scorecard(card)
    call.status = "done"
    if call.started_at is None and card.get("started_at"):  # from the transcript's metadata
        call.started_at = datetime.fromisoformat(card["started_at"])
    call.consumer_timezone = call.consumer_timezone or card.get("consumer_timezone")
    result = {"call": call.id, "overall": card["overall"], "critical_fail": card["critical_fail"]}
    if db.session.execute(state.done_statement(job_id, attempt, result, None)).rowcount != 1:
        db.session.rollback()
        raise LostClaim(job_id)
    db.session.commit()


def mark_call_failed(job_id: str) -> None:
    """A failed call job leaves its Call failed with the reason; the upload stays for a retry."""
    job = db.session.get(Job, job_id)
    call = db.session.get(Call, job.call_id) if job is not None and job.call_id else None
    if call is None or job.status != "failed":
        return
    call.status, call.error_code, call.error = "failed", job.error_code, job.error
    call.updated_at = utcnow()
    db.session.commit()


# No warm-up: the speaker model (1.7 GB) loads on the first mono call of a process only.
KIND = JobKind("call", run=process_call, cleanup=mark_call_failed)
