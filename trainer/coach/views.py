"""Coach pages: the team dashboard and each trainee's trends and sessions."""

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy.orm import defer

from trainer.auth.roles import coach_required
from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import PracticeSession
from trainer.review.access import coached_trainee, trainees
from trainer.review.assignments import certification
from trainer.review.blind import open_calibrations
from trainer.review.charts import team_chart, trainee_chart
from trainer.review.queue import queue_counts
from trainer.review.trends import trainee_trends
from trainer.sessions.library import get_library

from . import bp
from .filters import read_filters

SESSIONS_SHOWN = 200


def fail(exc: ServiceError):
    """A service refusal as an HTML error page with its status."""
    db.session.rollback()
    abort(exc.status, description=exc.message)


@bp.route("/coach/")
@coach_required
def team():
    """The dashboard: queue counts, certification, each trainee's trends, the team chart."""
    pf = read_filters(request.args, current_user)
    members = trainees(current_user, pf.team)
    trends = trainee_trends(members, pf.filters)
    team = pf.team or (pf.teams[0] if len(pf.teams) == 1 else None)
    name = f"Team {team.name}" if team else ("Everyone" if current_user.role == "admin"
                                             else "Your teams")
    return render_template(
        "coach/team.html", pf=pf, trends=trends, certs=certification(members),
        counts=queue_counts([m.id for m in members]), title=name,
        chart=team_chart(members, pf.filters, name) if members else None,
        waiting=open_calibrations(current_user), scenarios=get_library().scenarios.values())


@bp.route("/coach/trainees/<int:user_id>")
@coach_required
def trainee(user_id):
    """One trainee: trends, chart, certification and sessions."""
    try:
        member = coached_trainee(user_id, current_user)
    except ServiceError as exc:
        fail(exc)
    pf = read_filters(request.args, current_user)
    [trend] = trainee_trends([member], pf.filters)
    query = (db.select(PracticeSession).filter_by(user_id=member.id)
             .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
             .options(defer(PracticeSession.summary), defer(PracticeSession.state),
                      defer(PracticeSession.result)))  # the list reads the indexed columns
    if pf.filters.scenario:
        query = query.where(PracticeSession.scenario_id == pf.filters.scenario)
    if pf.filters.since is not None:
        query = query.where(PracticeSession.started_at >= pf.filters.since)
    if pf.filters.until is not None:
        query = query.where(PracticeSession.started_at <= pf.filters.until)
    sessions = db.session.scalars(query.limit(SESSIONS_SHOWN)).all()
    return render_template(
        "coach/trainee.html", member=member, trend=trend, pf=pf, sessions=sessions,
        cert=certification([member])[member.id], chart=trainee_chart(member, pf.filters),
        scenarios=get_library().scenarios.values(), review_links=True)
