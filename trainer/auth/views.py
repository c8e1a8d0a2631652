"""Login, logout, the home redirect and the settings page (API token)."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from trainer.extensions import db
from trainer.models import User

from . import bp
from .forms import LoginForm, LogoutForm, TokenForm

HOME_BY_ROLE = {"trainee": "practice.library", "coach": "coach.team", "qa": "qa.score_line",
                "admin": "admin.users"}


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
def home():
    """Send each role to its start page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME_BY_ROLE.get(current_user.role, "practice.library")))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Email and password login."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = User.by_email(form.email.data)
        if user is None or not user.check_password(form.password.data):
            form.password.errors.append("Wrong email or password.")
        elif not user.active:
            form.email.errors.append("This account is deactivated; ask an admin to "
                                     "reactivate it.")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("auth.home"))
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (POST with a CSRF token)."""
    form = LogoutForm()
    if form.validate_on_submit():
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Account details and the API token (shown once, when generated)."""
    form = TokenForm()
    token = None
    if form.validate_on_submit():
        token = current_user.new_api_token()
        db.session.commit()
    return render_template("auth/settings.html", form=form, token=token)
