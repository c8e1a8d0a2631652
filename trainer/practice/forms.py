"""Practice forms: start a scenario, answer the debtor."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

MAX_ANSWER_CHARS = 2000


class StartForm(FlaskForm):
    """Start (or restart) a scenario."""

    scenario = HiddenField(validators=[DataRequired(), Length(max=80)])
    submit = SubmitField("Start")


class AnswerForm(FlaskForm):
    """The trainee's typed answer to the debtor's line."""

    text = TextAreaField(
        "Your answer",
        validators=[DataRequired(message="Type what you would say to the debtor."),
                    Length(max=MAX_ANSWER_CHARS,
                           message=f"Keep the answer under {MAX_ANSWER_CHARS} characters.")])
    submit = SubmitField("Send answer")


class BaselineUploadForm(FlaskForm):
    """Upload a calm read-aloud recorded elsewhere (the page's no-JavaScript path)."""

    submit = SubmitField("Upload and measure")


class BaselineDeleteForm(FlaskForm):
    """Forget the calm baseline."""

    submit = SubmitField("Delete my baseline")
