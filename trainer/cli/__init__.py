"""The `trainer` command line. Every command is also `flask --app trainer <command>`."""

from flask.cli import FlaskGroup

# One module per area; each exposes `commands`, a list of click commands or groups.
MODULES = ("score", "speech", "scenarios", "admin", "review", "serve", "qa")


def register_commands(app):
    """Attach every command of every CLI module to app.cli (called by create_app)."""
    from importlib import import_module

    for name in MODULES:
        for command in import_module(f"{__name__}.{name}").commands:
            app.cli.add_command(command)


def _create_app():
    from trainer import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="Practice and scoring for debt-collection calls.")
