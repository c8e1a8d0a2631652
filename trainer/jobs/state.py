"""Job rows and their transitions. Every change is a compare-and-set on (status, attempts).

A worker claims a queued job by moving it to running and bumping `attempts` in one UPDATE;
only the worker holding that attempt number may report progress or finish it. So two
workers that get the same job (a duplicate message, or a worker that was thought dead) can
never both score it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import Job, User
from trainer.models.clock import as_utc, iso, utcnow


class LostClaim(Exception):
    """The job was taken over (requeued after a stall, or finished by another worker)."""


class JobBusy(ServiceError):
    """Another job with the same `active_key` (e.g. for the same debtor line) is in flight."""

    status, code = 409, "job_in_progress"


class JobNotFound(ServiceError):
    """No such job, or one the caller may not see (the two look the same)."""

    status, code = 404, "job_not_found"


def create(job: Job, busy_message: str) -> Job:
    """Insert a queued job; JobBusy(busy_message) if its `active_key` is already in flight."""
    job.status, job.stage, job.progress = "queued", "queued", 0.0
    db.session.add(job)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise JobBusy(busy_message) from exc
    return job


def forget(job_id: str) -> None:
    """Delete a job that never reached the queue."""
    db.session.rollback()
    db.session.execute(db.delete(Job).where(Job.id == job_id, Job.status == "queued"))
    db.session.commit()


def _cas(job_id: str, attempt: int | None, expect: str, **values) -> bool:
    """UPDATE the job only if it is still in status `expect` (and at `attempt`); commit."""
    query = update(Job).where(Job.id == job_id, Job.status == expect)
    if attempt is not None:
        query = query.where(Job.attempts == attempt)
    result = db.session.execute(query.values(updated_at=utcnow(), **values))
    db.session.commit()
    return result.rowcount == 1


def claim(job_id: str) -> int | None:
    """queued -> running; returns this run's attempt number, or None if not ours to run."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        db.session.rollback()
        return None
    attempt = job.attempts + 1
    now = utcnow()
    db.session.expire(job)
    won = _cas(job_id, attempt - 1, "queued", status="running", attempts=attempt,
               started_at=now, heartbeat_at=now, stage="starting", error=None,
               error_code=None)
    return attempt if won else None


def report(job_id: str, attempt: int, stage: str, progress: float) -> bool:
    """Progress of a running job (also a heartbeat); False when the job is no longer ours."""
    return _cas(job_id, attempt, "running", stage=stage, progress=round(progress, 3),
                heartbeat_at=utcnow())


def beat(job_id: str, attempt: int) -> bool:
    """Touch the heartbeat of a running job; False when the job is no longer ours."""
    return _cas(job_id, attempt, "running", heartbeat_at=utcnow())


def done_statement(job_id: str, attempt: int | None, result: dict, turn_id: int | None):
    """The UPDATE that marks a job done; run it inside the transaction that saves the turn."""
    query = update(Job).where(Job.id == job_id, Job.status == "running")
    if attempt is not None:
        query = query.where(Job.attempts == attempt)
    now = utcnow()
    return query.values(status="done", stage="done", progress=1.0, result=result,
                        turn_id=turn_id, active_key=None, finished_at=now, updated_at=now,
                        error=None, error_code=None)


def fail(job_id: str, attempt: int | None, code: str, message: str,
         from_status: str = "running") -> bool:
    """Mark the job failed with a plain message; the line is free for a new answer."""
    now = utcnow()
    return _cas(job_id, attempt, from_status, status="failed", stage="failed",
                error_code=code, error=message, active_key=None, finished_at=now)


def requeue(job_id: str, attempt: int, message: str) -> bool:
    """running -> queued after a transient error, so the retry can claim it again."""
    return _cas(job_id, attempt, "running", status="queued", stage="retrying",
                error=message, heartbeat_at=None)


def stale_jobs(now: datetime | None = None) -> list[Job]:
    """Running jobs whose worker has been silent past JOBS_STALE_AFTER_S."""
    now = now or utcnow()
    cutoff = now - timedelta(seconds=float(current_app.config["JOBS_STALE_AFTER_S"]))
    return list(db.session.scalars(db.select(Job).where(
        Job.status == "running",
        or_(Job.heartbeat_at < cutoff, Job.heartbeat_at.is_(None)))))


def lost_jobs(now: datetime | None = None) -> list[Job]:
    """Queued jobs untouched for long (their queue message may be lost): re-send them."""
    now = now or utcnow()
    patience = 10 * float(current_app.config["JOBS_STALE_AFTER_S"])
    cutoff = now - timedelta(seconds=patience)
    return list(db.session.scalars(db.select(Job).where(
        Job.status == "queued", Job.updated_at < cutoff)))


def recover(send, now: datetime | None = None, on_failed=None) -> dict[str, list[str]]:
    """Requeue (and re-send) orphaned jobs, fail those out of attempts; returns what it did.

    `send(job_id)` puts a message on the queue; `on_failed(job_id)` cleans up after a job
    failed here. Safe to run from many consumers at once: each change is a compare-and-set,
    and a duplicate message finds nothing to claim.
    """
    limit = int(current_app.config["JOBS_MAX_ATTEMPTS"])
    out: dict[str, list[str]] = {"requeued": [], "failed": [], "resent": []}
    for job in stale_jobs(now):
        job_id, attempts, beat_at = job.id, job.attempts, job.heartbeat_at
        if attempts >= limit:
            if fail(job_id, attempts, "worker_lost",
                    f"processing stopped {attempts} times before it finished (the worker "
                    "died); send it again"):
                out["failed"].append(job_id)
                if on_failed is not None:
                    on_failed(job_id)
            continue
        query = update(Job).where(Job.id == job_id, Job.status == "running",
                                  Job.attempts == attempts)
        query = query.where(Job.heartbeat_at.is_(None) if beat_at is None
                            else Job.heartbeat_at == beat_at)
        moved = db.session.execute(query.values(
            status="queued", stage="requeued", heartbeat_at=None, updated_at=utcnow(),
            error="the worker stopped; trying again")).rowcount == 1
        db.session.commit()
        if moved:
            send(job_id)
            out["requeued"].append(job_id)
    for job in lost_jobs(now):
        job_id = job.id
        if _cas(job_id, job.attempts, "queued"):  # touch updated_at: one re-send per round
            send(job_id)
            out["resent"].append(job_id)
    db.session.rollback()
    return out


def visible_job(job_id: str, viewer: User) -> Job:
    """The job if the viewer may see it (its owner, their coach, an admin); else JobNotFound."""
    job = db.session.get(Job, job_id) if isinstance(job_id, str) and len(job_id) <= 64 else None
    if job is None or not viewer.can_view_user(job.user):
        raise JobNotFound(f"no job {job_id}")
    return job


def job_view(job: Job) -> dict[str, Any]:
    """The `GET /api/v1/jobs/ID` body: status, progress, error, result, and a few details."""
    return {"id": job.id, "kind": job.kind, "status": job.status,
            "progress": 1.0 if job.status == "done" else round(job.progress or 0.0, 3),
            "stage": job.stage, "error": job.error if job.status == "failed" else None,
            "error_code": job.error_code if job.status == "failed" else None,
            "result": job.result if job.status == "done" else None,
            "session": job.session_id, "turn": job.turn_index,
            "attempts": job.attempts, "created_at": iso(job.created_at),
            "started_at": iso(job.started_at), "finished_at": iso(job.finished_at)}


def heartbeat_age(job: Job, now: datetime | None = None) -> float | None:
    """Seconds since the job's last heartbeat (diagnostics and tests)."""
    if job.heartbeat_at is None:
        return None
    return ((now or utcnow()) - as_utc(job.heartbeat_at)).total_seconds()
