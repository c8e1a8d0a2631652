"""trainer: practice and scoring for debt-collection calls."""

import os
from importlib import import_module
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from . import config, extensions

BLUEPRINTS = ("auth", "practice", "coach", "qa", "admin", "api")


def create_app(test_config=None):
    """Build the Flask app: defaults, instance config, TRAINER_* env, then test overrides."""
    # The instance folder can be moved (tests, benchmarks) before Flask reads from it.
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "TRAINER_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.path.abspath(instance_path) if instance_path else None)
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TRAINER")
    if test_config:
        app.config.from_mapping(test_config)

    os.makedirs(app.instance_path, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = config.resolve_database_uri(app)
    app.config["SECRET_KEY"] = config.resolve_secret_key(app)
    app.config.setdefault("MIGRATIONS_DIR", Path(__file__).with_name("migrations"))
    if not app.config.get("RECORDINGS_DIR"):
        app.config["RECORDINGS_DIR"] = str(Path(app.instance_path).parent / "recordings")

    extensions.init_app(app)
    from . import (
        display,
        models,  # noqa: F401  (registers the tables on db.metadata)
        sessions,
    )

    sessions.init_app(app)
    for name in BLUEPRINTS:
        import_module(f"{__name__}.{name}").init_app(app)
    display.init_app(app)
    register_error_handlers(app)

    from .cli import register_commands

    register_commands(app)
    return app


def register_error_handlers(app):
    """JSON errors under /api/, HTML error pages elsewhere; never a traceback to the user."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        if request.path.startswith("/api/"):
            body = {"error": {"code": code, "message": exc.description or exc.name}}
            response = jsonify(body)
        else:
            response = app.make_response(render_template("error.html", error=exc))
        response.status_code = exc.code or 500
        if exc.code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    if app.testing:
        return  # tests see real tracebacks

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        extensions.db.session.rollback()
        return http_error(InternalServerError())
