"""QA pages: score a line (qa, coaches, admins); real calls (qa and admins): upload, batches,
the call list, the call view with corrections, speaker swap and retry, agent trends."""

from flask import Blueprint, redirect, url_for

bp = Blueprint("qa", __name__, url_prefix="/qa")


def _old_score_url():
    """/score moved to /qa/score; 308 keeps the method and body of a posted form."""
    return redirect(url_for("qa.score_line"), code=308)


def init_app(app):
    """Register the blueprint, and the old score-a-line URL as a redirect."""
    from trainer.extensions import csrf

    from . import agent_views, call_views, upload_views, views  # noqa: F401  (attach routes)

    # Call uploads raise their body limit before checking CSRF themselves (upload_views.py).
    csrf.exempt(upload_views.upload)
    csrf.exempt(upload_views.add_file)
    app.register_blueprint(bp)
    csrf.exempt(_old_score_url)  # it changes nothing; the page it redirects to checks the token
    app.add_url_rule("/score", "score_line_moved", _old_score_url, methods=["GET", "POST"])
