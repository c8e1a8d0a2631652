"""`trainer serve`: the web app under waitress, plus any background services."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

# Callables app -> stop() started next to the web server; the job queue adds its consumer here.
BACKGROUND_SERVICES = []


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
    click.echo(f"serving on http://{host}:{port}", err=True)
    try:
        serve_app(app, host, port, threads)
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)


commands = [serve_command]
