"""Coach pages: calibration figures, the answers behind them, and blind calibration sessions."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.auth.roles import coach_required
from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import User
from trainer.review import blind
from trainer.review.access import trainees
from trainer.review.calibration import behind, calibrate, latest_judgements
from trainer.review.errors import BadReview
from trainer.scoring.types import DIMENSIONS

from . import bp
from .views import fail

BEHIND_SHOWN = 100


def scope(viewer: User) -> list[int] | None:
    """Whose sessions count: an admin's, everyone's; a coach's, their teams' trainees'."""
    return None if viewer.role == "admin" else [u.id for u in trainees(viewer)]


@bp.route("/coach/calibration")
@coach_required
def calibration():
    """Engine against coach and coach against coach, per dimension and per coach."""
    figures = calibrate(latest_judgements(scope(current_user)))
    return render_template("coach/calibration.html", figures=figures)


@bp.route("/coach/calibration/answers")
@coach_required
def calibration_answers():
    """The judgements behind one figure, biggest disagreement first."""
    args = request.args
    notices = []
    dimension = args.get("dimension") or None
    if dimension is not None and dimension not in DIMENSIONS:
        notices.append(f"There is no dimension “{dimension[:40]}”; showing all four.")
        dimension = None
    against = args.get("against", "engine")
    if against not in ("engine", "coaches"):
        notices.append("Compare with the engine or with the other coaches; showing the engine.")
        against = "engine"
    coach_id = args.get("coach", type=int)
    rows, total = behind(latest_judgements(scope(current_user)), dimension, coach_id,
                         against, limit=BEHIND_SHOWN)
    coach = db.session.get(User, coach_id) if coach_id else None
    return render_template("coach/calibration_answers.html", rows=rows, total=total,
                           dimension=dimension, against=against, coach=coach, notices=notices)


def _sessions_page(error=None, values=None, status=200):
    coaches = db.session.scalars(db.select(User).where(User.role == "coach",
                                                       User.active.is_(True))
                                 .order_by(User.name, User.email)).all()
    return render_template("coach/calibration_sessions.html",
                           calibrations=blind.calibrations_of(current_user), coaches=coaches,
                           error=error, values=values or {},
                           chosen=values.getlist("coaches") if values else []), status


@bp.route("/coach/calibration/sessions", methods=["GET", "POST"])
@coach_required
def calibration_sessions():
    """Blind calibration sessions: start one, see those one takes part in."""
    if request.method == "GET":
        return _sessions_page()
    form = request.form
    session_id = form.get("session", "").strip()
    try:
        created = blind.create_calibration(
            current_user, int(session_id) if session_id.isdigit() else session_id,
            form.getlist("coaches"), form.get("note", ""))
    except BadReview as exc:
        db.session.rollback()
        return _sessions_page(exc.message, form, 400)
    except ServiceError as exc:
        if exc.status in (403, 404):  # a session number typed into the form: say so here
            db.session.rollback()
            return _sessions_page(exc.message, form, exc.status)
        fail(exc)
    flash(f"Calibration session {created.id} started; each coach reviews it blind.", "success")
    return redirect(url_for("coach.calibration_sessions"))
