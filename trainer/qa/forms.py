"""QA forms: score a line (or a pasted call), upload calls, correct a call, one-click actions."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

MAX_CHARS = 2000  # one agent line
MAX_TRANSCRIPT_CHARS = 50_000  # a pasted call (Agent: / Customer: lines)
MAX_REASON = 1000


class ScoreLineForm(FlaskForm):
    """An agent line, and optionally the debtor line it answers; or a whole pasted call."""

    debtor = TextAreaField("Debtor's line (optional)", validators=[Optional(),
                                                                   Length(max=MAX_CHARS)])
    text = TextAreaField("Agent's line, or a call pasted as Agent: / Customer: lines", validators=[
        DataRequired(message="Type the agent's line to score."),
        Length(max=MAX_TRANSCRIPT_CHARS,
               message=f"Keep a pasted call under {MAX_TRANSCRIPT_CHARS:,} characters.")])
    submit = SubmitField("Score it")


class UploadForm(FlaskForm):
    """The options of a batch upload (the files themselves are read from the request)."""

    label = StringField("Batch name (optional)", validators=[Optional(), Length(max=200)])
    agent_channel = SelectField("Agent's channel on stereo calls", choices=[
        SelectChoice("", "As configured (left unless changed)"), SelectChoice("left", "Left"),
        SelectChoice("right", "Right")], validators=[Optional()])
    agent = StringField("Agent id (optional)", validators=[Optional(), Length(max=80)])
    started_at = StringField("Call started at (optional)", validators=[Optional(),
                                                                       Length(max=40)])
    consumer_timezone = StringField("Consumer's time zone (optional)",
                                    validators=[Optional(), Length(max=64)])
    submit = SubmitField("Upload and score")


class CheckCorrectionForm(FlaskForm):
    """Set one checklist rule's status, with a reason."""

    rule = StringField(validators=[DataRequired(), Length(max=64)])
    status = SelectField("Status", choices=["pass", "fail", "not_applicable"])
    reason = TextAreaField("Reason", validators=[
        DataRequired(message="Give a reason: it goes into the audit log."),
        Length(max=MAX_REASON)])


class ScoreCorrectionForm(FlaskForm):
    """Set the overall score or one dimension, with a reason."""

    name = SelectField("Score", choices=[SelectChoice(name, label) for name, label in (
        ("overall", "Overall"), ("empathy", "Empathy"), ("positive_language", "Positive language"),
        ("assertiveness", "Assertiveness"), ("calmness", "Calmness"))])
    value = IntegerField("New score (0-100)", validators=[
        InputRequired(message="Give the new score."),
        NumberRange(0, 100, message="A score is from 0 to 100.")])
    reason = TextAreaField("Reason", validators=[
        DataRequired(message="Give a reason: it goes into the audit log."),
        Length(max=MAX_REASON)])


class ActionForm(FlaskForm):
    """A one-click action (swap speakers, retry, draft a scenario): the CSRF token only."""
