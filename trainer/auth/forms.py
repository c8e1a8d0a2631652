"""Login and settings forms (CSRF-protected through Flask-WTF)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

# A shape check only: deliverability is not ours to judge, and it avoids a dependency.
EMAIL_SHAPE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                     message="Enter an email address like name@example.com.")


def strip(value):
    """Field filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", filters=[strip],
                       validators=[DataRequired(), EMAIL_SHAPE, Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me logged in on this computer")
    submit = SubmitField("Log in")


class TokenForm(FlaskForm):
    """Generate (or replace) the user's API token."""

    submit = SubmitField("Generate a new API token")


class LogoutForm(FlaskForm):
    """Logging out is a POST so another site cannot log the user out."""

    submit = SubmitField("Log out")
