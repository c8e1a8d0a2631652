"""The create-user form."""

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional

from trainer.auth.forms import EMAIL_SHAPE, strip
from trainer.models import ROLES


class CreateUserForm(FlaskForm):
    """A new user with a role, an optional team and an initial password."""

    email = EmailField("Email", filters=[strip],
                       validators=[DataRequired(), EMAIL_SHAPE, Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=list(ROLES), default="trainee")
    team = StringField("Team", validators=[Optional(), Length(max=80)])
    password = PasswordField("Initial password", validators=[
        DataRequired(), Length(min=8, max=200, message="Use 8 to 200 characters.")])
    submit = SubmitField("Create user")


class EditUserForm(FlaskForm):
    """Name, role, team and (for coaches) the teams they lead."""

    name = StringField("Name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=list(ROLES))
    team = StringField("Team", validators=[Optional(), Length(max=80)])
    leads = SelectMultipleField("Leads the teams", coerce=int, validate_choice=False)
    submit = SubmitField("Save changes")


class PasswordForm(FlaskForm):
    """A new password set by an admin."""

    password = PasswordField("New password", validators=[
        DataRequired(), Length(min=8, max=200, message="Use 8 to 200 characters.")])
    submit = SubmitField("Reset password")


class ActiveForm(FlaskForm):
    """Deactivate or reactivate a user."""

    submit = SubmitField("Deactivate")


class TeamForm(FlaskForm):
    """A new team."""

    name = StringField("Team name", filters=[strip],
                       validators=[DataRequired(), Length(max=80)])
    submit = SubmitField("Create team")
