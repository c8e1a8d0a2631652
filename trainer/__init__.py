"""trainer: practice and scoring for debt-collection calls."""

import os
from pathlib import Path

from flask import Flask

from . import config, extensions


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

    from .cli import register_commands

    register_commands(app)
    return app
