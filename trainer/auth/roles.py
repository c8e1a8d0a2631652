"""Role checks for views, modelled on flask_login.login_required."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from trainer.extensions import login_manager


def role_required(*roles: str):
    """Only logged-in users with one of `roles` get through; others get 401/redirect or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403, description="Your role cannot open this page.")
            return view(*args, **kwargs)

        return wrapped

    return decorator


coach_required = role_required("coach", "admin")
admin_required = role_required("admin")
scorer_required = role_required("qa", "coach", "admin")
calls_required = role_required("qa", "admin")  # real calls hold consumers' personal data

__all__ = ["admin_required", "calls_required", "coach_required", "login_required",
           "role_required", "scorer_required"]
