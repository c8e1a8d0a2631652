"""Job consumers: threads inside `trainer serve`, or a standalone `trainer worker` process.

Each consumer takes one queue: the web process the default one (answers), worker processes
any (`trainer worker --queue calls`). Both warm the kinds of their queues before the first
job (the speech model, for answers), recover orphaned jobs when they start and every
JOBS_RECOVER_EVERY_S after, and run the same task code.
"""

from __future__ import annotations

import logging
import threading

from huey.consumer import Consumer, Worker

from . import state
from .kinds import DEFAULT_QUEUE
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


def warm_kinds(app, queues: list[str] | None = None) -> None:
    """Run the warm-up of every registered kind (of these queues) once, so no first job
    waits for a model to load."""
    from .kinds import registered

    for kind in registered(app).values():
        if kind.warm is None or (queues is not None and kind.queue not in queues):
            continue
        try:
            kind.warm(app)
        except Exception:
            logger.exception("warming job kind %r failed", kind.name)


def make_consumer(app, workers: int, *, embedded: bool,
                  queue_name: str = DEFAULT_QUEUE) -> TrainerConsumer:
    """A consumer of one of the app's queues with `workers` threads."""
    queue = get_queue(app)
    poll = float(app.config["JOBS_POLL_MAX_S"])
    return TrainerConsumer(queue.huey_for(queue_name), wake=queue.wake_for(queue_name),
                           embedded=embedded, workers=workers,
                           periodic=False, initial_delay=min(0.05, poll), backoff=1.5,
                           max_delay=poll, check_worker_health=True,
                           shutdown_timeout=float(app.config["JOBS_STALE_AFTER_S"]))


class EmbeddedConsumer:
    """Consumer threads of one queue inside a process that does something else (the web
    server, or a worker's other queues); `stop()` lets running jobs finish."""

    def __init__(self, app, workers: int, warm: bool = True, queue: str = DEFAULT_QUEUE,
                 recover: bool = True):
        self.app, self.queue = app, queue
        self.consumer = make_consumer(app, workers, embedded=True, queue_name=queue)
        self.recoverer = Recoverer(app) if recover else None
        self.warm = warm

    def start(self) -> EmbeddedConsumer:
        """Start the workers, the recovery checks and (in the background) the warm-up."""
        if self.warm:
            threading.Thread(target=warm_kinds, args=(self.app, [self.queue]),
                             name="jobs-warm-up", daemon=True).start()
        self.consumer.start()
        if self.recoverer is not None:
            self.recoverer.start()
        return self

    def stop(self) -> None:
        """Stop taking jobs and wait for the running ones (up to JOBS_STALE_AFTER_S)."""
        if self.recoverer is not None:
            self.recoverer.stop()
        self.consumer.stop(graceful=True)


def start_embedded(app):
    """BACKGROUND_SERVICES hook of `trainer serve`: returns stop(), or None when disabled.

    The web process consumes the default queue only: call jobs (the speaker model alone
    peaks past a gigabyte) run in worker processes (calls_worker.py).
    """
    workers = int(app.config.get("JOBS_WORKERS") or 0)
    if workers <= 0 or app.config.get("HUEY_IMMEDIATE"):
        return None
    return EmbeddedConsumer(app, workers).start().stop


def run_worker(app, workers: int, queues: list[str] | None = None) -> None:
    """`trainer worker`: warm up, recover, then consume until SIGINT/SIGTERM.

    The first queue's consumer runs in the foreground (it handles the signals); the others
    run as threads beside it, `workers` threads each.
    """
    from trainer.scoring import warm_up

    queues = queues or [DEFAULT_QUEUE]
    consumer = make_consumer(app, workers, embedded=False, queue_name=queues[0])
    warm_up()
    warm_kinds(app, queues)
    recoverer = Recoverer(app).start()
    others = [EmbeddedConsumer(app, workers, warm=False, queue=name, recover=False).start()
              for name in queues[1:]]
    try:
        consumer.run()
    finally:
        for other in others:
            other.stop()
        recoverer.stop()
