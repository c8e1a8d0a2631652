"""Worker processes that `trainer serve` runs beside itself for a queue of heavy jobs.

Call jobs must not run in the web process (the speaker model alone peaks past a gigabyte,
and the web process stays under 600 MB), so on a single machine `trainer serve` starts
`trainer worker --queue calls` children and keeps them running: a child that dies (an
out-of-memory kill on a huge call) is started again. Each child builds its own app from
the same instance folder and environment, and leaves when its parent is gone.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

logger = logging.getLogger(__name__)
PARENT_ENV = "CALL_WORKER_PARENT_PID"  # not TRAINER_*: it is no app setting
RESTART_DELAY_S = 5.0
STOP_TIMEOUT_S = 30.0


class WorkerProcesses:
    """`count` child processes of `trainer worker --queue NAME`, restarted when they die."""

    def __init__(self, app, queue: str, count: int, threads: int = 1):
        self.app, self.queue, self.count, self.threads = app, queue, count, threads
        self.children: list[subprocess.Popen | None] = [None] * count
        self.stopping = threading.Event()
        self.monitor = threading.Thread(target=self._watch, name=f"{queue}-workers",
                                        daemon=True)

    def command(self) -> list[str]:
        """The child's command line (`python -m trainer worker ...`, the same interpreter)."""
        return [sys.executable, "-m", "trainer", "worker", "--queue", self.queue,
                "--workers", str(self.threads)]

    def environment(self) -> dict[str, str]:
        """The parent's environment, its instance folder, and its pid for the watchdog."""
        return dict(os.environ, TRAINER_INSTANCE_PATH=self.app.instance_path,
                    **{PARENT_ENV: str(os.getpid())})

    def _spawn(self, slot: int) -> None:
        self.children[slot] = subprocess.Popen(self.command(), env=self.environment(),
                                               stdin=subprocess.DEVNULL)
        logger.info("started %s worker process %s", self.queue, self.children[slot].pid)

    def start(self) -> WorkerProcesses:
        """Start every child and the thread that restarts them."""
        for slot in range(self.count):
            self._spawn(slot)
        self.monitor.start()
        return self

    def _watch(self) -> None:
        while not self.stopping.wait(1.0):
            for slot, child in enumerate(self.children):
                if child is None or child.poll() is None:
                    continue
                logger.warning("%s worker process %s exited with %s; starting another in "
                               "%.0f s", self.queue, child.pid, child.returncode,
                               RESTART_DELAY_S)
                if self.stopping.wait(RESTART_DELAY_S):
                    return
                self._spawn(slot)

    def pids(self) -> list[int]:
        """The process ids of the running children."""
        return [c.pid for c in self.children if c is not None and c.poll() is None]

    def stop(self) -> None:
        """SIGINT the children (Huey's graceful stop: running jobs finish), then wait."""
        self.stopping.set()
        if self.monitor.is_alive():
            self.monitor.join(timeout=5)
        live = [c for c in self.children if c is not None and c.poll() is None]
        for child in live:
            child.send_signal(signal.SIGINT)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for child in live:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def start_worker_processes(app, queue: str, count: int):
    """Start `count` worker processes for `queue`; returns their stop(), or None for none."""
    if count <= 0 or app.config.get("HUEY_IMMEDIATE"):
        return None
    return WorkerProcesses(app, queue, count).start().stop


def exit_with_parent() -> None:
    """In a child started above: stop gracefully (SIGINT to itself) once the parent is gone,
    so a killed `trainer serve` leaves no worker behind."""
    expected = os.environ.get(PARENT_ENV)
    if not expected or not expected.isdigit():
        return

    def watch() -> None:
        while True:
            time.sleep(2.0)
            if os.getppid() != int(expected):
                logger.warning("parent process %s is gone; stopping", expected)
                os.kill(os.getpid(), signal.SIGINT)
                return

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
