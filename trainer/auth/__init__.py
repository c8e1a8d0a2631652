"""Logging in and out, roles, API tokens and the settings page."""

from flask import Blueprint

bp = Blueprint("auth", __name__)


def init_app(app):
    """Register the blueprint and teach Flask-Login how to find users."""
    from . import loader, views  # noqa: F401  (views attach routes to bp)

    loader.init_app(app)
    app.register_blueprint(bp)
