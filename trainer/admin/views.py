"""Admin pages: the users list with a create form, the scenario library's health, the audit log."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.auth.roles import admin_required
from trainer.extensions import db
from trainer.models import User
from trainer.sessions.library import get_library

from . import bp
from .forms import CreateUserForm
from .users import UserInputError, create_user


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
