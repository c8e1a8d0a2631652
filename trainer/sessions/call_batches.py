"""Upload many calls at once and follow them: per-file and per-batch progress as plain data.

The batch page polls `batch_progress` (as JSON) while the call workers score the files; the
API's job view says the same for one call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import defer

from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import Call, CallBatch, Job, User
from trainer.models.clock import iso

from .calls import CallQueueDown, accept_call, create_batch, record_refusal, visible_batch

STAGES = {"queued": "waiting for a call worker", "starting": "starting", "reading": "reading",
          "decoding": "decoding", "scoring": "scoring", "done": "scored", "failed": "failed",
          "retrying": "retrying", "requeued": "waiting again (a worker stopped)"}


def upload_batch(files: list[tuple[str, bytes | Path]], user_id: int, *, label: str = "",
                 options: dict[str, Any] | None = None, metadata=None) -> CallBatch:
    """One batch for many files: each accepted one is stored and queued, each refused one is
    listed as failed with its reason. One bad file never stops the others."""
    batch = create_batch(user_id, label, options or {})
    for name, data in files:
        add_to_batch(batch.id, name, data, user_id, options=options, metadata=metadata)
    return batch


def add_to_batch(batch_id: int, name: str, data: bytes | Path, user_id: int, *,
                 options: dict[str, Any] | None = None, metadata=None) -> Call:
    """Add one file to a batch: queued when accepted, failed with the reason when refused."""
    size = len(data) if isinstance(data, bytes) else data.stat().st_size
    try:
        return accept_call(data, name, user_id, batch_id=batch_id, options=options,
                           metadata=metadata)
    except CallQueueDown as exc:  # stored and marked failed: a retry queues it again
        return db.session.get(Call, exc.call_id)
    except ServiceError as exc:
        db.session.rollback()
        return record_refusal(name, size, user_id, batch_id, exc)


def _jobs_by_call(call_ids: list[int]) -> dict[int, Job]:
    """Each call's latest job."""
    if not call_ids:
        return {}
    jobs = db.session.scalars(db.select(Job).where(Job.call_id.in_(call_ids))
                              .order_by(Job.created_at, Job.id)).all()
    return {job.call_id: job for job in jobs}  # later jobs (retries) win


def call_progress(call: Call, job: Job | None) -> dict[str, Any]:
    """One file's state for the progress view: status, stage, 0-1, error, result."""
    if call.status in ("done", "failed"):
        fraction, stage = 1.0, call.status
    elif job is not None and job.status == "running":
        fraction, stage = float(job.progress or 0.0), job.stage
    else:
        fraction, stage = 0.0, (job.stage if job is not None else "queued")
    return {"id": call.id, "file": call.file_name, "status": call.status,
            "stage": STAGES.get(stage, stage), "progress": round(fraction, 3),
            "source": call.source, "overall": call.overall, "critical_fail": call.critical_fail,
            "error": {"code": call.error_code, "message": call.error}
            if call.status == "failed" else None,
            "job": job.id if job is not None else None}


def batch_progress(batch_id: int, viewer: User) -> dict[str, Any]:
    """The batch's files with their progress, the counts by status and the batch's 0-1."""
    batch = visible_batch(batch_id, viewer)
    calls = db.session.scalars(db.select(Call).where(Call.batch_id == batch.id)
                               .options(defer(Call.scorecard)).order_by(Call.id)).all()
    jobs = _jobs_by_call([c.id for c in calls])
    files = [call_progress(c, jobs.get(c.id)) for c in calls]
    counts = {s: sum(1 for f in files if f["status"] == s)
              for s in ("queued", "running", "done", "failed")}
    total = len(files)
    return {"id": batch.id, "label": batch.label, "created_at": iso(batch.created_at),
            "total": total, "counts": counts,
            "progress": round(sum(f["progress"] for f in files) / total, 3) if total else 1.0,
            "finished": counts["queued"] + counts["running"] == 0, "files": files}


def recent_batches(limit: int = 10) -> list[CallBatch]:
    """The latest batches, newest first."""
    return list(db.session.scalars(db.select(CallBatch).order_by(CallBatch.created_at.desc(),
                                                                 CallBatch.id.desc())
                                   .limit(limit)))
