"""Run one job by id: claim it, keep its heartbeat, and sort failures into retry or fail.

- Transient errors (a locked or dropped database, a network hiccup) put the job back in
  the queue, up to JOBS_MAX_ATTEMPTS runs in all, with a growing delay.
- Permanent errors (a ServiceError: the audio is damaged or silent, the session moved on)
  fail the job at once with the plain message; nothing is retried.
- Anything unexpected is logged with its traceback and fails the job with a generic message.
"""

from __future__ import annotations

import logging
import threading

from flask import current_app
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import Job

from . import state
from .kinds import kind_of
from .state import LostClaim

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, DisconnectionError, TimeoutError, ConnectionError)


class Retry(Exception):
    """Ask the queue to run the job again after `delay` seconds."""

    def __init__(self, delay: float):
        super().__init__(f"retry in {delay:.0f} s")
        self.delay = delay


class Heartbeat:
    """Touch the job row every JOBS_HEARTBEAT_S from a side thread while the job runs."""

    def __init__(self, app, job_id: str, attempt: int):
        self.app, self.job_id, self.attempt = app, job_id, attempt
        self.interval = float(app.config["JOBS_HEARTBEAT_S"])
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id[:8]}",
                                       daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.interval):
            try:
                with self.app.app_context():
                    if not state.beat(self.job_id, self.attempt):
                        return  # finished, or taken over: nothing left to keep alive
            except TRANSIENT:
                logger.warning("heartbeat of job %s skipped: database busy", self.job_id)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=self.interval + 5)


class Progress:
    """What a job's body calls to report its stage; raises LostClaim if it lost the job."""

    def __init__(self, job_id: str, attempt: int):
        self.job_id, self.attempt = job_id, attempt

    def __call__(self, stage: str, fraction: float) -> None:
        """Record the stage and progress (0-1) and touch the heartbeat."""
        if not state.report(self.job_id, self.attempt, stage, fraction):
            raise LostClaim(self.job_id)


def run_job(job_id: str) -> str:
    """Run the job if it is queued; returns what happened (for logs and tests).

    Raises Retry for the queue to schedule another run after a transient failure.
    """
    app = current_app._get_current_object()
    try:
        attempt = state.claim(job_id)
    except TRANSIENT as exc:
        db.session.rollback()
        logger.warning("job %s: cannot claim it yet (%s)", job_id, _first_line(exc))
        raise Retry(2.0) from exc
    if attempt is None:
        return "skipped"  # unknown, finished, or being run by someone else
    job = db.session.get(Job, job_id)
    kind = kind_of(job.kind, app)
    if kind is None:
        return fail(job_id, attempt, "unknown_kind", f"no worker knows job kind {job.kind!r}")
    try:
        with Heartbeat(app, job_id, attempt):
            kind.run(job, attempt, Progress(job_id, attempt))
    except LostClaim:
        db.session.rollback()
        logger.info("job %s attempt %s was taken over; leaving it", job_id, attempt)
        return "lost"
    except TRANSIENT as exc:
        db.session.rollback()
        return _transient(job_id, attempt, exc)
    except ServiceError as exc:
        db.session.rollback()
        return fail(job_id, attempt, exc.code, exc.message)
    except Exception:
        db.session.rollback()
        logger.exception("job %s failed unexpectedly", job_id)
        return fail(job_id, attempt, "internal_error", "an internal error stopped this job; "
                    "the team has the details in the log. Try again in a moment.")
    return "done"


def fail(job_id: str, attempt: int | None, code: str, message: str) -> str:
    """Fail a running job for good and let its kind clean up after it."""
    if state.fail(job_id, attempt, code, message):
        cleanup_failed(job_id)
    return "failed"


def cleanup_failed(job_id: str) -> None:
    """Run the failed job's kind cleanup; a cleanup problem never hides the failure."""
    try:
        job = db.session.get(Job, job_id)
        kind = kind_of(job.kind) if job is not None else None
        if kind is not None and kind.cleanup is not None:
            kind.cleanup(job_id)
    except Exception:
        db.session.rollback()
        logger.exception("could not clean up after failed job %s", job_id)


def _transient(job_id: str, attempt: int, exc: Exception) -> str:
    limit = int(current_app.config["JOBS_MAX_ATTEMPTS"])
    reason = _first_line(exc)
    if attempt >= limit:
        return fail(job_id, attempt, "temporary_error",
                    f"gave up after {attempt} attempts: {reason}. Try again in a moment.")
    logger.warning("job %s attempt %s hit a temporary error (%s); retrying", job_id, attempt,
                   reason)
    state.requeue(job_id, attempt, f"attempt {attempt} hit a temporary error; retrying")
    raise Retry(min(2.0 ** attempt, 30.0)) from exc


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
