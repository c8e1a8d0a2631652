"""The registry of job kinds: each kind owns its body, its cleanup and its warm-up.

The runner and the consumers look a job's kind up here and know no kind by name. The
packages that own a kind register it from their `init_app` (the app factory calls them), so
every process that builds the app (web server, `trainer worker`, tests) knows the same kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

EXTENSION_KEY = "trainer.job_kinds"
DEFAULT_QUEUE = "default"


@dataclass(frozen=True)
class JobKind:
    """One kind of background work.

    - `run(job, attempt, progress)` does the work; `progress(stage, fraction)` reports it.
    - `cleanup(job_id)` removes what a failed job leaves behind (never raises on purpose).
    - `warm(app)` loads what the first job would otherwise wait for; consumers call it once.
    - `queue` names the queue its jobs go to: consumers take one or more queues, so heavy
      kinds (calls) run in their own processes, never in the web process's consumer.

    A ServiceError raised by `run` (bad audio, a session that moved on...) fails the job at
    once with its code and message; anything else unexpected is logged as an internal error.
    """

    name: str
    run: Callable
    cleanup: Callable[[str], None] | None = None
    warm: Callable | None = None
    queue: str = DEFAULT_QUEUE


def register(app, kind: JobKind) -> None:
    """Make `kind` known to this app's runner and consumers (registering again replaces it)."""
    app.extensions.setdefault(EXTENSION_KEY, {})[kind.name] = kind


def registered(app=None) -> dict[str, JobKind]:
    """The kinds this app knows, by name."""
    app = app or current_app._get_current_object()
    return dict(app.extensions.get(EXTENSION_KEY, {}))


def kind_of(name: str, app=None) -> JobKind | None:
    """The registered kind called `name`, or None."""
    return registered(app).get(name)


def queue_names(app=None) -> list[str]:
    """Every queue some registered kind sends to, the default queue first."""
    names = {kind.queue for kind in registered(app).values()} | {DEFAULT_QUEUE}
    return sorted(names, key=lambda name: (name != DEFAULT_QUEUE, name))
