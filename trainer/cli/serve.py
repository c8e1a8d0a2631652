"""`trainer serve` (the web app under waitress, with job consumer threads) and `trainer worker`."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext


def _embedded_consumer(app):
    from trainer.jobs.consumer import start_embedded

    return start_embedded(app)


def _call_workers(app):
    """Call jobs run in `trainer worker --queue calls` children, never in the web process."""
    from trainer.jobs.processes import start_worker_processes
    from trainer.sessions.call_job import CALL_QUEUE

    return start_worker_processes(app, CALL_QUEUE, int(app.config.get("JOBS_CALL_WORKERS") or 0))


# Callables app -> stop() (or None) started next to the web server.
BACKGROUND_SERVICES = [_embedded_consumer, _call_workers]


def serve_app(app, host: str, port: int, threads: int = 8) -> None:
    """Run waitress in the foreground with every background service alongside."""
    from waitress import serve

    stops = [start(app) for start in BACKGROUND_SERVICES]
    try:
        serve(app, host=host, port=port, threads=threads, ident="trainer")
    finally:
        for stop in stops:
            if stop:
                stop()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default="5000", show_default=True, help="TCP port.")
@click.option("--threads", default="8", show_default=True, help="Worker threads.")
@with_appcontext
def serve_command(host, port, threads):
    """Serve the web app and the API with waitress."""
    try:
        port, threads = int(port), int(threads)
    except ValueError:
        click.echo("error: --port and --threads must be whole numbers", err=True)
        sys.exit(1)
    if not 0 < port < 65536 or threads < 1:
        click.echo("error: --port must be 1-65535 and --threads at least 1", err=True)
        sys.exit(1)
    app = current_app._get_current_object()
    from trainer.scoring import warm_up

    warm_up()  # load the rule files now, not on the first answer
    click.echo(f"serving on http://{host}:{port}", err=True)
    try:
        serve_app(app, host, port, threads)
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)


@click.command("worker")
@click.option("--workers", default="1", show_default=True,
              help="Jobs run at the same time per queue (threads; each uses the CPU).")
@click.option("--queue", "queues", multiple=True, metavar="NAME",
              help="A queue to take jobs from: default (spoken answers) or calls (QA call "
                   "scoring); repeat for several. Default: every queue.")
@with_appcontext
def worker_command(workers, queues):
    """Run a standalone job consumer (spoken answers, QA calls) until interrupted."""
    import logging

    from trainer.jobs import QueueUnavailable
    from trainer.jobs.consumer import run_worker
    from trainer.jobs.kinds import queue_names
    from trainer.jobs.processes import exit_with_parent

    try:
        workers = int(workers)
    except ValueError:
        workers = 0
    if workers < 1:
        click.echo("error: --workers must be a whole number, at least 1", err=True)
        sys.exit(1)
    app = current_app._get_current_object()
    known = queue_names(app)
    unknown = [q for q in queues if q not in known]
    if unknown:
        click.echo(f"error: no queue called {unknown[0]!r}; the queues are "
                   f"{', '.join(known)}", err=True)
        sys.exit(1)
    if app.config.get("HUEY_IMMEDIATE"):
        click.echo("error: HUEY_IMMEDIATE is set: jobs run inside requests, a worker has "
                   "nothing to do", err=True)
        sys.exit(1)
    queues = list(dict.fromkeys(queues)) or known
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        from trainer.jobs import get_queue

        queue = get_queue(app)
        queue.check()
        click.echo(f"worker: {workers} thread(s) per queue on the {queue.backend} queue(s) "
                   f"{', '.join(queues)} of {app.config['JOBS_QUEUE_NAME']!r}", err=True)
        exit_with_parent()
        run_worker(app, workers, queues)
    except QueueUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


commands = [serve_command, worker_command]
