"""Admin pages: users, the scenario library's load errors, the audit log, and the review of
scenarios drafted from real calls."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


def init_app(app):
    """Register the blueprint."""
    from . import draft_views, views  # noqa: F401  (attach routes to bp)

    app.register_blueprint(bp)
