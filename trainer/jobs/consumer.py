"""Job consumers: threads inside `trainer serve`, or a standalone `trainer worker` process.

Both warm every registered job kind before the first job (the speech model, for answers),
recover orphaned jobs when they start and every JOBS_RECOVER_EVERY_S after, and run the
same task code.
"""

from __future__ import annotations

import logging
import threading

from huey.consumer import Consumer, Worker

from . import state
from .queue import get_queue

logger = logging.getLogger(__name__)


class _WakeableWorker(Worker):
    """A Huey worker that also wakes when this process queues a job (no polling delay)."""

    wake: threading.Event | None = None

    def sleep(self):
        """Wait for the poll delay, or less when a job was queued in-process."""
        self.delay = min(self.delay, self.max_delay)
        if self.wake is not None:
            if self.wake.wait(self.delay):
                self.wake.clear()
        else:
            self.stop_flag.wait(self.delay)
        self.delay *= self.backoff


class TrainerConsumer(Consumer):
    """Huey's consumer with wakeable workers; embedded ones leave signals to the web server."""

    worker_class = _WakeableWorker

    def __init__(self, huey, *, wake: threading.Event, embedded: bool, **options):
        self._wake, self._embedded = wake, embedded
        super().__init__(huey, **options)

    def _create_worker(self):
        worker = super()._create_worker()
        worker.wake = self._wake
        return worker

    def _set_signal_handlers(self):
        if not self._embedded:  # signal handlers belong to the main thread's owner
            super()._set_signal_handlers()


class Recoverer:
    """Requeue jobs whose worker died: once at start, then every JOBS_RECOVER_EVERY_S."""

    def __init__(self, app):
        self.app = app
        self.interval = float(app.config["JOBS_RECOVER_EVERY_S"])
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="job-recovery", daemon=True)

    def run_once(self) -> dict:
        """One recovery round; errors are logged, never raised (the next round retries)."""
        try:
            with self.app.app_context():
                from .runner import cleanup_failed

                queue = get_queue(self.app)
                done = state.recover(queue.send, on_failed=cleanup_failed)
        except Exception:
            logger.exception("job recovery round failed")
            return {}
        if any(done.values()):
            logger.warning("job recovery: %s", {k: v for k, v in done.items() if v})
        return done

    def _loop(self) -> None:
        while not self.stop_event.wait(self.interval):
            self.run_once()

    def start(self) -> Recoverer:
        """Recover now, then keep checking in a side thread."""
        self.run_once()
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop the periodic checks."""
        self.stop_event.set()
        self.thread.join(timeout=5)


def warm_kinds(app) -> None:
    """Run every registered kind's warm-up once, so no first job waits for a model to load."""
    from .kinds import registered

    for kind in registered(app).values():
        if kind.warm is None:
            continue
        try:
            kind.warm(app)
        except Exception:
            logger.exception("warming job kind %r failed", kind.name)


def make_consumer(app, workers: int, *, embedded: bool) -> TrainerConsumer:
    """A consumer for the app's queue with `workers` threads."""
    queue = get_queue(app)
    poll = float(app.config["JOBS_POLL_MAX_S"])
    return TrainerConsumer(queue.huey, wake=queue.wake, embedded=embedded, workers=workers,
                           periodic=False, initial_delay=min(0.05, poll), backoff=1.5,
                           max_delay=poll, check_worker_health=True,
                           shutdown_timeout=float(app.config["JOBS_STALE_AFTER_S"]))


class EmbeddedConsumer:
    """Consumer threads inside the web process; `stop()` lets running jobs finish."""

    def __init__(self, app, workers: int, warm: bool = True):
        self.app = app
        self.consumer = make_consumer(app, workers, embedded=True)
        self.recoverer = Recoverer(app)
        self.warm = warm

    def start(self) -> EmbeddedConsumer:
        """Start the workers, the recovery checks and (in the background) the warm-up."""
        if self.warm:
            threading.Thread(target=warm_kinds, args=(self.app,), name="jobs-warm-up",
                             daemon=True).start()
        self.consumer.start()
        self.recoverer.start()
        return self

    def stop(self) -> None:
        """Stop taking jobs and wait for the running ones (up to JOBS_STALE_AFTER_S)."""
        self.recoverer.stop()
        self.consumer.stop(graceful=True)


def start_embedded(app):
    """BACKGROUND_SERVICES hook of `trainer serve`: returns stop(), or None when disabled."""
    workers = int(app.config.get("JOBS_WORKERS") or 0)
    if workers <= 0 or app.config.get("HUEY_IMMEDIATE"):
        return None
    return EmbeddedConsumer(app, workers).start().stop


def run_worker(app, workers: int) -> None:
    """`trainer worker`: warm up, recover, then consume until SIGINT/SIGTERM."""
    from trainer.scoring import warm_up

    consumer = make_consumer(app, workers, embedded=False)
    warm_up()
    warm_kinds(app)
    recoverer = Recoverer(app).start()
    try:
        consumer.run()
    finally:
        recoverer.stop()
