"""The Huey queue, built from the app config on first use: SqliteHuey or RedisHuey.

Nothing is created at import: `get_queue(app)` makes the queue the first time a job is sent
or a consumer starts, from that app's config. A message carries only a job id; the job row
in the database is the truth, so a lost or duplicated message is harmless.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import current_app

logger = logging.getLogger(__name__)
TASK_NAME = "run_job"
EXTENSION_KEY = "trainer.jobs"
_CREATE_LOCK = threading.Lock()


class QueueUnavailable(RuntimeError):
    """The queue cannot be built or reached (bad Redis URL, redis package missing...)."""


def redis_url(app) -> str | None:
    """TRAINER_REDIS_URL (config REDIS_URL) wins; then the REDIS_URL environment variable."""
    return app.config.get("REDIS_URL") or os.environ.get("REDIS_URL") or None


class JobQueue:
    """One app's Huey instance, its task, and an event that wakes in-process workers."""

    def __init__(self, app):
        self.app = app
        self.huey = _make_huey(app)
        self.backend = "redis" if redis_url(app) else "sqlite"
        self.wake = threading.Event()
        self.task = self._register()

    def _register(self):
        app = self.app

        @self.huey.task(name=TASK_NAME)
        def run_job(job_id: str) -> str:
            """Run one job inside an app context (the consumer thread has none)."""
            from huey.exceptions import RetryTask

            from .runner import Retry
            from .runner import run_job as run

            with app.app_context():
                try:
                    return run(job_id)
                except Retry as exc:
                    raise RetryTask(delay=exc.delay) from exc

        return run_job

    def send(self, job_id: str) -> None:
        """Put a message for the job on the queue (runs it at once when HUEY_IMMEDIATE)."""
        try:
            self.task(job_id)
        except Exception as exc:  # the Redis or SQLite errors differ; the caller needs one
            raise QueueUnavailable(self._unreachable(exc)) from exc
        self.wake.set()

    def check(self) -> None:
        """Reach the queue's storage once; QueueUnavailable with the reason if it cannot."""
        try:
            self.huey.pending_count()
        except Exception as exc:
            raise QueueUnavailable(self._unreachable(exc)) from exc

    def _unreachable(self, exc: Exception) -> str:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"the job queue ({self.backend}) is not reachable: {reason}"

    def pending(self) -> int:
        """Messages waiting in the queue (diagnostics)."""
        return self.huey.pending_count()


def _make_huey(app):
    from huey import RedisHuey, SqliteHuey
    from huey.exceptions import ConfigurationError

    name = app.config["JOBS_QUEUE_NAME"]
    immediate = bool(app.config.get("HUEY_IMMEDIATE"))
    url = redis_url(app)
    try:
        if url:
            return RedisHuey(name, url=url, results=False, immediate=immediate)
        path = app.config.get("JOBS_QUEUE_FILE") or os.path.join(app.instance_path,
                                                                 "jobs.sqlite")
        return SqliteHuey(name, filename=path, results=False, immediate=immediate)
    except (ConfigurationError, ValueError, OSError) as exc:
        raise QueueUnavailable(f"cannot set up the job queue: {exc}") from exc


def get_queue(app=None) -> JobQueue:
    """The app's queue, made on first use."""
    app = app or current_app._get_current_object()
    queue = app.extensions.get(EXTENSION_KEY)
    if queue is None:
        with _CREATE_LOCK:
            queue = app.extensions.get(EXTENSION_KEY)
            if queue is None:
                queue = app.extensions[EXTENSION_KEY] = JobQueue(app)
    return queue


def send_job(job_id: str) -> None:
    """Queue a job of the current app."""
    get_queue().send(job_id)
