"""Admin pages: users (create, edit, deactivate, reset a password), teams, the scenario
library's health, and the audit log."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.auth.roles import admin_required
from trainer.extensions import db
from trainer.models import Team, User
from trainer.sessions.library import get_library

from . import bp
from .forms import ActiveForm, CreateUserForm, EditUserForm, PasswordForm, TeamForm
from .users import (
    UserInputError,
    create_team,
    create_user,
    reset_password,
    set_active,
    update_user,
)


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """Every user, and a form to create one."""
    form = CreateUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.role.data, form.password.data,
                               form.name.data, form.team.data, actor=current_user)
        except UserInputError as exc:
            form.email.errors.append(str(exc))
        else:
            flash(f"Created {user.email} ({user.role}).", "success")
            return redirect(url_for("admin.users"))
    if form.errors:
        status = 400
    everyone = db.session.scalars(db.select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", form=form, users=everyone), status


def _edit_page(user, form=None, password_form=None, status=200):
    teams = db.session.scalars(db.select(Team).order_by(Team.name)).all()
    if form is None:
        form = EditUserForm(name=user.name, role=user.role, team=user.team or "",
                            leads=[t.id for t in user.led_teams])
    form.leads.choices = [(t.id, t.name) for t in teams]
    return render_template("admin/user_edit.html", user=user, form=form, teams=teams,
                           password_form=password_form or PasswordForm(),
                           active_form=ActiveForm()), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id):
    """Change a user's name, role, team and the teams they lead."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404, description="No such user.")
    if request.method == "GET":
        return _edit_page(user)
    form = EditUserForm()
    form.leads.choices = [(t.id, t.name) for t in db.session.scalars(db.select(Team))]
    if form.validate_on_submit():
        try:
            update_user(user.id, current_user, form.name.data, form.role.data, form.team.data,
                        form.leads.data)
        except UserInputError as exc:
            db.session.rollback()
            form.role.errors.append(str(exc))
        else:
            flash(f"Saved {user.email}.", "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return _edit_page(user, form, status=400)


@bp.post("/users/<int:user_id>/password")
@admin_required
def user_password(user_id):
    """Set a new password for a user (they should change it... when they can)."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404, description="No such user.")
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(user.id, current_user, form.password.data)
        except UserInputError as exc:
            form.password.errors.append(str(exc))
        else:
            flash(f"The password of {user.email} is reset; tell them the new one privately.",
                  "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return _edit_page(user, password_form=form, status=400)


@bp.post("/users/<int:user_id>/<any(deactivate, reactivate):change>")
@admin_required
def user_active(user_id, change):
    """Deactivate (history kept, login and tokens refused) or reactivate a user."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404, description="No such user.")
    try:
        set_active(user.id, current_user, change == "reactivate")
    except UserInputError as exc:
        abort(400, description=str(exc))
    flash(f"{user.email} is {change}d.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/teams", methods=["GET", "POST"])
@admin_required
def teams():
    """Every team with its coaches and members, and a form to create one."""
    form = TeamForm()
    status = 200
    if form.validate_on_submit():
        try:
            team = create_team(form.name.data, current_user)
        except UserInputError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(f"Created team {team.name}. Make a coach its lead on the coach's page.",
                  "success")
            return redirect(url_for("admin.teams"))
    if form.errors:
        status = 400
    rows = db.session.execute(
        db.select(Team, db.func.count(User.id)).outerjoin(User, User.team_id == Team.id)
        .group_by(Team.id).order_by(Team.name)).all()
    return render_template("admin/teams.html", rows=rows, form=form), status


@bp.route("/scenarios")
@admin_required
def scenarios():
    """The loaded scenarios and every file that failed to load, with its line and reason."""
    lib = get_library()
    return render_template("admin/scenarios.html", scenarios=list(lib.scenarios.values()),
                           errors=list(lib.errors))


AUDIT_PER_PAGE = 100


@bp.route("/audit")
@admin_required
def audit_log():
    """Every audited change, newest first, filtered by action and actor."""
    from trainer import audit

    action = request.args.get("action", "").strip()[:64]
    actor = request.args.get("actor", "").strip()[:20]
    actions, actors = audit.recorded_actions(), audit.recorded_actors()
    notices = []
    if action and action not in actions:
        notices.append(f"Nothing was recorded as “{action}”; showing every action.")
        action = ""
    actor_id = None
    if actor and actor != "cli":
        actor_id = int(actor) if actor.isdigit() else None
        if actor_id not in {u.id for u in actors}:
            notices.append("That actor has no records; showing everyone's.")
            actor, actor_id = "", None
    query = audit.records_query(action=action or None, actor_id=actor_id,
                                command_line=actor == "cli")
    page = db.paginate(query, page=request.args.get("page", 1, type=int) or 1,
                       per_page=AUDIT_PER_PAGE, error_out=False)
    return render_template("admin/audit.html", page=page, actions=actions, actors=actors,
                           action=action, actor=actor, labels=audit.ACTIONS, notices=notices,
                           command_line=audit.COMMAND_LINE)
