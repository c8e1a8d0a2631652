"""Coach pages: the team, one trainee's sessions."""

from flask import abort, render_template
from flask_login import current_user

from trainer.auth.roles import coach_required
from trainer.extensions import db
from trainer.models import PracticeSession, User

from . import bp
from .stats import team_stats


@bp.route("/coach/")
@coach_required
def team():
    """The coach's team (everyone for an admin) with sessions and pass rates."""
    return render_template("coach/team.html", rows=team_stats(current_user))


@bp.route("/coach/trainees/<int:user_id>")
@coach_required
def trainee(user_id):
    """One team member's sessions."""
    member = db.session.get(User, user_id)
    if member is None or not current_user.can_view_user(member):
        abort(404, description="No such trainee in your team.")
    sessions = db.session.scalars(
        db.select(PracticeSession).filter_by(user_id=member.id)
        .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())).all()
    return render_template("coach/trainee.html", member=member, sessions=sessions)
