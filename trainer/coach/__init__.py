"""Coach pages: the team and each trainee's progress."""

from flask import Blueprint

bp = Blueprint("coach", __name__)


def init_app(app):
    """Register the blueprint."""
    from . import views  # noqa: F401  (attaches routes to bp)

    app.register_blueprint(bp)
