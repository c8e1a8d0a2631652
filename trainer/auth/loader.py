"""How Flask-Login finds the current user: the session cookie, or a Bearer token on /api/."""

from flask import g, jsonify, redirect, request, url_for

from trainer.extensions import db, login_manager
from trainer.models import User


def bearer_token() -> str | None:
    """The token from `Authorization: Bearer ...`, '' when the header is malformed, else None."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def use_token_user(user: User) -> None:
    """Make `user` current for this request only: no session cookie is written for it."""
    # Flask-Login's current_user reads g._login_user; login_user() would also set a cookie.
    g._login_user = user
    g.bearer_auth = True


def wants_json() -> bool:
    """API requests get JSON errors; pages get HTML."""
    return request.path.startswith("/api/")


def init_app(app):
    """Attach the user loader and the not-logged-in handler."""

    @login_manager.user_loader
    def load_user(user_id):
        try:
            user = db.session.get(User, int(user_id))
        except (TypeError, ValueError):
            return None
        # A deactivated user's open browser session ends with their next request.
        return user if user is not None and user.active else None

    @login_manager.unauthorized_handler
    def unauthorized():
        if wants_json():
            body = {"error": {"code": "unauthorized",
                              "message": "log in, or send 'Authorization: Bearer <token>'"}}
            return jsonify(body), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
