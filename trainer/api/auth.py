"""API authentication: a Bearer token, or the browser session plus its CSRF token."""

from flask import g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from trainer.auth.loader import bearer_token, use_token_user
from trainer.extensions import csrf
from trainer.models import User

from . import bp
from .errors import ApiError, error_response

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PUBLIC = {"api.openapi"}


@bp.before_request
def authenticate():
    """A token wins over the cookie; cookie-authenticated writes must carry X-CSRFToken."""
    token = bearer_token()
    if token is not None:
        user = User.by_token(token)
        if user is None:
            return error_response(401, "bad_token", "the API token is not valid; make a new one "
                                  "on the settings page or with `trainer users token EMAIL`")
        use_token_user(user)
        return None
    g.bearer_auth = False
    if request.endpoint in PUBLIC:
        return None
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized",
                              "log in, or send 'Authorization: Bearer <token>'")
    if request.method in UNSAFE:
        try:
            csrf.protect()
        except CSRFError as exc:
            return error_response(400, "csrf", f"{exc.description} Send the page's CSRF token "
                                  "in the X-CSRFToken header, or use a Bearer token.")
    return None


@bp.errorhandler(ApiError)
def api_error(exc: ApiError):
    """ApiError -> the JSON error shape."""
    return error_response(exc.status, exc.code, exc.message)


def require_role(*roles: str) -> None:
    """403 unless the current user has one of the roles."""
    if current_user.role not in roles:
        raise ApiError(403, "forbidden", f"this needs the role {' or '.join(roles)}; "
                       f"you are {current_user.role}")
