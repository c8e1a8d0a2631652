"""Admin pages: the users list with a create form, and the scenario library's health."""

from flask import flash, redirect, render_template, url_for

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
                               form.name.data, form.team.data)
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
