"""Coach forms. They carry the CSRF token and the raw values; the review services check the
values (one place for the rules and their messages, shared with the API)."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)

from trainer.scoring.types import DIMENSIONS

DIMENSION_CHOICES = [(d, d.replace("_", " ").capitalize()) for d in DIMENSIONS]


class CommentForm(FlaskForm):
    """A comment on an answer (turn) or on the session (turn empty)."""

    turn = HiddenField()
    body = TextAreaField("Comment")
    submit = SubmitField("Add comment")


class EditCommentForm(FlaskForm):
    """New wording of one's own comment."""

    body = TextAreaField("Comment")
    submit = SubmitField("Save")


class OverrideForm(FlaskForm):
    """A new score for one dimension of an answer (or of the session), with a reason."""

    turn = HiddenField()
    dimension = SelectField("Dimension", choices=DIMENSION_CHOICES, validate_choice=False)
    score = StringField("New score (0-100)")
    reason = TextAreaField("Why")
    submit = SubmitField("Override")


class ConfirmForm(FlaskForm):
    """Confirm the engine's four scores of an answer (or of the session)."""

    turn = HiddenField()
    submit = SubmitField("Confirm these scores")


class FlagForm(FlaskForm):
    """Confirm or dismiss one flag, with a reason."""

    turn = HiddenField()
    flag = HiddenField()
    decision = SelectField("Decision", choices=[("confirm", "Confirm"), ("dismiss", "Dismiss")],
                           validate_choice=False)
    reason = StringField("Why")
    submit = SubmitField("Decide")


class ReviewedForm(FlaskForm):
    """Mark the session reviewed."""

    submit = SubmitField("Mark reviewed")


class ResolveForm(FlaskForm):
    """Uphold or reject a trainee's dispute."""

    decision = SelectField("Decision", choices=[("uphold", "Uphold"), ("reject", "Reject")],
                           validate_choice=False)
    score = StringField("New score (optional, when upheld)")
    reason = TextAreaField("Why")
    submit = SubmitField("Resolve")


class AssignmentForm(FlaskForm):
    """Assign a scenario to a trainee or a team."""

    scenario = SelectField("Scenario", validate_choice=False)
    assignee = SelectField("Assign to", validate_choice=False)
    due = StringField("Due date", render_kw={"type": "date"})
    pass_mark = StringField("Pass mark (empty: the scenario's own)")
    note = StringField("Note (optional)")
    submit = SubmitField("Assign")


class DeleteForm(FlaskForm):
    """Withdraw something (a POST with a CSRF token)."""

    submit = SubmitField("Withdraw")


class CalibrationForm(FlaskForm):
    """Assign a session to several coaches, blind."""

    session = StringField("Session number")
    coaches = SelectMultipleField("Coaches", coerce=str, validate_choice=False)
    note = StringField("Note (optional)")
    submit = SubmitField("Start calibration session")


class SubmitBlindForm(FlaskForm):
    """Close one's blind review."""

    submit = SubmitField("Submit my review")
