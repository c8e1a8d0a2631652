"""QA pages: the score-a-line tool (one agent line, or a pasted call scored as a call)."""

from flask import render_template

from trainer.auth.roles import scorer_required
from trainer.calls.checklist import qa_checklist
from trainer.scoring.types import DIMENSIONS

from . import bp
from .forms import MAX_CHARS, ScoreLineForm


@bp.route("/score", methods=["GET", "POST"])
@scorer_required
def score_line():
    """Score one agent line (with an optional debtor line) and explain the result; text with
    `Agent:` / `Customer:` lines is scored as a call, checklist and all."""
    from trainer.calls import CallInputError, score_call
    from trainer.calls.formats import has_speaker_labels
    from trainer.scoring import ScoringInputError, score_utterance

    form = ScoreLineForm()
    card = call_card = None
    if form.validate_on_submit():
        text = form.text.data
        if has_speaker_labels(text):
            try:
                call_card = score_call(text.encode("utf-8"), name="pasted call.txt")
            except CallInputError as exc:
                form.text.errors = [exc.message.removeprefix("pasted call.txt: ")]
        elif len(text) > MAX_CHARS:
            form.text.errors = [f"Keep the line under {MAX_CHARS} characters (or paste a "
                                "call as Agent: / Customer: lines)."]
        else:
            try:
                card = score_utterance(text, form.debtor.data or None).to_dict()
            except ScoringInputError as exc:
                form.text.errors = [exc.message]
    status = 400 if form.errors else 200
    items = qa_checklist(call_card["compliance"]) if call_card else []
    return render_template("qa/score_line.html", form=form, card=card, call=call_card,
                           checklist_items=items, dimensions=DIMENSIONS), status
