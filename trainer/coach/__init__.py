"""Coach pages: the team dashboard, trainees, the review queue and session review,
assignments, calibration and exports."""

from flask import Blueprint

bp = Blueprint("coach", __name__)


def init_app(app):
    """Register the blueprint."""
    from . import (  # noqa: F401  (attach routes to bp)
        assign_views,
        calibration_views,
        export_views,
        review_views,
        views,
    )

    app.register_blueprint(bp)
