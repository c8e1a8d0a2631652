"""The score-a-line form."""

from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

MAX_CHARS = 2000


class ScoreLineForm(FlaskForm):
    """An agent line, and optionally the debtor line it answers."""

    debtor = TextAreaField("Debtor's line (optional)", validators=[Optional(),
                                                                   Length(max=MAX_CHARS)])
    text = TextAreaField("Agent's line", validators=[
        DataRequired(message="Type the agent's line to score."),
        Length(max=MAX_CHARS, message=f"Keep the line under {MAX_CHARS} characters.")])
    submit = SubmitField("Score it")
