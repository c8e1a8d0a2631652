"""The JSON API, /api/v1 (contract: shared INTERFACES.md)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app):
    """Register the blueprint; CSRF is checked in auth.py only for cookie-authenticated calls."""
    from trainer.extensions import csrf

    from . import auth, coach, views, voice  # noqa: F401  (attach hooks and routes to bp)

    csrf.exempt(bp)
    app.register_blueprint(bp)
