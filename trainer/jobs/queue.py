"""The Huey queues, built from the app config on first use: SqliteHuey or RedisHuey.

Nothing is created at import: `get_queue(app)` makes the queues the first time a job is sent
or a consumer starts, from that app's config. A message carries only a job id; the job row
in the database is the truth, so a lost or duplicated message is harmless. Each job kind
names its queue (the default one, or `calls`), and each queue has its own consumers.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import current_app

from .kinds import DEFAULT_QUEUE

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
    """One app's queues: a Huey instance per named queue (made on first use), the task on
    each, and an event per queue that wakes this process's consumer of it.

    Each job kind names its queue (kinds.py); `send` puts a job's message on its kind's
    queue, so a consumer of the default queue never receives a call job.
    """

    def __init__(self, app):
        self.app = app
        self.backend = "redis" if redis_url(app) else "sqlite"
        self._lanes: dict[str, tuple] = {}  # queue name -> (huey, task, wake event)
        self._lock = threading.Lock()
        self.huey_for(DEFAULT_QUEUE)  # bad settings show at once, not on the first job

    def _lane(self, name: str) -> tuple:
        lane = self._lanes.get(name)
        if lane is None:
            with self._lock:
                lane = self._lanes.get(name)
                if lane is None:
                    huey = _make_huey(self.app, huey_name(self.app, name))
                    lane = self._lanes[name] = (huey, self._register(huey), threading.Event())
        return lane

    def huey_for(self, name: str = DEFAULT_QUEUE):
        """The Huey instance of a named queue."""
        return self._lane(name)[0]

    def wake_for(self, name: str = DEFAULT_QUEUE) -> threading.Event:
        """The event set when this process sends a job to that queue."""
        return self._lane(name)[2]

    @property
    def huey(self):
        """The default queue's Huey instance."""
        return self.huey_for(DEFAULT_QUEUE)

    @property
    def wake(self) -> threading.Event:
        """The default queue's wake event."""
        return self.wake_for(DEFAULT_QUEUE)

    def _register(self, huey):
        app = self.app

        @huey.task(name=TASK_NAME)
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

    def send(self, job_id: str, queue: str | None = None) -> None:
        """Put a message for the job on its kind's queue (runs it at once when
        HUEY_IMMEDIATE). Without `queue`, the job row says which kind it is."""
        name = queue or queue_of(job_id, self.app)
        _huey, task, wake = self._lane(name)
        try:
            task(job_id)
        except Exception as exc:  # the Redis or SQLite errors differ; the caller needs one
            raise QueueUnavailable(self._unreachable(exc)) from exc
        wake.set()

    def check(self) -> None:
        """Reach the queue's storage once; QueueUnavailable with the reason if it cannot."""
        try:
            self.huey.pending_count()
        except Exception as exc:
            raise QueueUnavailable(self._unreachable(exc)) from exc

    def _unreachable(self, exc: Exception) -> str:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"the job queue ({self.backend}) is not reachable: {reason}"

    def pending(self, name: str = DEFAULT_QUEUE) -> int:
        """Messages waiting in a queue (diagnostics)."""
        return self.huey_for(name).pending_count()


def huey_name(app, queue: str) -> str:
    """The Huey (Redis key / SQLite queue) name of a named queue of this deployment."""
    base = app.config["JOBS_QUEUE_NAME"]
    return base if queue == DEFAULT_QUEUE else f"{base}-{queue}"


def queue_of(job_id: str, app=None) -> str:
    """The queue a job's kind sends to (the default queue for unknown jobs and kinds)."""
    from trainer.extensions import db
    from trainer.models import Job

    from .kinds import kind_of

    kind_name = db.session.scalar(db.select(Job.kind).where(Job.id == job_id))
    kind = kind_of(kind_name, app) if kind_name else None
    return kind.queue if kind is not None else DEFAULT_QUEUE


def _make_huey(app, name: str):
    from huey import RedisHuey, SqliteHuey
    from huey.exceptions import ConfigurationError

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


def send_job(job_id: str, queue: str | None = None) -> None:
    """Queue a job of the current app on its kind's queue (`queue` saves a look-up)."""
    get_queue().send(job_id, queue)
