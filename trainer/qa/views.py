"""QA pages: the score-a-line tool."""

from flask import render_template

from trainer.auth.roles import scorer_required
from trainer.scoring.types import DIMENSIONS

from . import bp
from .forms import ScoreLineForm


@bp.route("/score", methods=["GET", "POST"])
@scorer_required
def score_line():
    """Score one agent line (with an optional debtor line) and explain the result."""
    from trainer.scoring import ScoringInputError, score_utterance

    form = ScoreLineForm()
    card, status = None, 200
    if form.validate_on_submit():
        try:
            card = score_utterance(form.text.data, form.debtor.data or None).to_dict()
        except ScoringInputError as exc:
            form.text.errors = [exc.message]
    if form.errors:
        status = 400
    return render_template("qa/score_line.html", form=form, card=card,
                           dimensions=DIMENSIONS), status
