"""The trainee's practice pages: scenario library, conversation, scorecards, history."""

from flask import Blueprint

bp = Blueprint("practice", __name__, url_prefix="/practice")


def init_app(app):
    """Register the blueprint."""
    from . import views, voice_views  # noqa: F401  (attach routes to bp)

    app.register_blueprint(bp)
