"""Admin pages: users, and the scenario library's load errors."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


def init_app(app):
    """Register the blueprint."""
    from . import views  # noqa: F401  (attaches routes to bp)

    app.register_blueprint(bp)
