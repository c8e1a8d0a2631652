"""Trainee pages: library, conversation, answer, session scorecard, history."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.models import PracticeSession
from trainer.review.assignments import certification
from trainer.review.charts import trainee_chart
from trainer.review.disputes import open_dispute
from trainer.review.errors import BadReview
from trainer.review.sheet import review_sheet
from trainer.review.trends import Filters
from trainer.scenarios.model import DIFFICULTIES
from trainer.scoring.types import DIMENSIONS
from trainer.sessions import progress, service
from trainer.sessions.errors import PracticeError
from trainer.sessions.library import get_library, scenario_of
from trainer.sessions.voice import active_job

from . import bp
from .filters import filter_scenarios
from .forms import AnswerForm, StartForm


def _fail(exc: PracticeError):
    """Show a service refusal as an HTML error page with its status."""
    abort(exc.status, description=exc.message)


@bp.route("/")
@login_required
def library():
    """The scenario library with difficulty and free-text filters."""
    lib = get_library()
    query = request.args.get("q", "").strip()[:200]
    difficulty = request.args.get("difficulty", "").strip()
    all_scenarios = list(lib.scenarios.values())  # already in library order
    difficulties = [d for d in DIFFICULTIES if any(s.difficulty == d for s in all_scenarios)]
    notice = None
    if difficulty and difficulty not in difficulties:
        notice = f"There is no difficulty called “{difficulty}”; showing every difficulty."
        difficulty = ""
    shown = filter_scenarios(all_scenarios, query, difficulty)
    return render_template("practice/library.html", scenarios=shown, total=len(all_scenarios),
                           difficulties=difficulties, query=query, difficulty=difficulty,
                           notice=notice, start_form=StartForm(), library=lib.scenarios,
                           cert=certification([current_user])[current_user.id],
                           marks=progress.scenario_marks(current_user.id),
                           next_up=progress.next_scenario(current_user.id, all_scenarios))


@bp.route("/sessions", methods=["POST"])
@login_required
def start():
    """Start a session of the chosen scenario, then show the conversation."""
    form = StartForm()
    if not form.validate_on_submit():
        abort(400, description="Choose a scenario to start.")
    try:
        session = service.start_session(current_user.id, form.scenario.data)
    except PracticeError as exc:
        _fail(exc)
    return redirect(url_for("practice.conversation", session_id=session.id))


def _own_session(session_id: int) -> PracticeSession:
    """The current user's session, or a 404 (also for other people's sessions)."""
    try:
        return service.owned_session(session_id, current_user.id)
    except PracticeError as exc:
        _fail(exc)


@bp.route("/sessions/<int:session_id>")
@login_required
def conversation(session_id):
    """The call: account screen, conversation so far, latest feedback, answer box."""
    session = db.session.get(PracticeSession, session_id)
    if session is not None and session.user_id != current_user.id:
        try:  # a coach following a link lands on the read-only scorecard
            service.visible_session(session_id, current_user)
        except PracticeError as exc:
            _fail(exc)
        return redirect(url_for("practice.scorecard", session_id=session_id))
    session = _own_session(session_id)
    if session.finished:
        return redirect(url_for("practice.scorecard", session_id=session_id))
    return _render_conversation(session, AnswerForm())


def _render_conversation(session, form, status=200):
    scenario = scenario_of(session)  # the version it started on
    if scenario is None:
        abort(404, description=f"Scenario {session.scenario_id!r} is no longer in the library.")
    turns = list(session.turns)
    mood_delta = None
    if turns and turns[-1].mood is not None:
        before = turns[-2].mood if len(turns) > 1 else scenario.mood.start
        mood_delta = turns[-1].mood - (before if before is not None else scenario.mood.start)
    pending = active_job(session.id)
    return render_template("practice/conversation.html", session=session, scenario=scenario,
                           turns=turns, form=form, mood_delta=mood_delta,
                           pending_job=pending if pending and pending.turn_index ==
                           session.turn_count else None), status


@bp.route("/sessions/<int:session_id>/turns", methods=["POST"])
@login_required
def answer(session_id):
    """Score a typed answer, advance the debtor, and show the feedback."""
    session = _own_session(session_id)
    if session.finished:
        abort(409, description="This session is finished. Start the scenario again to practise.")
    form = AnswerForm()
    if not form.validate_on_submit():
        return _render_conversation(session, form, status=400)
    try:
        _turn, step = service.submit_answer(session_id, current_user.id, form.text.data)
    except PracticeError as exc:
        if exc.status == 400:
            form.text.errors = [exc.message]
            db.session.rollback()
            return _render_conversation(session, form, status=400)
        _fail(exc)
    if step.finished:
        flash("The call is over. Here is your scorecard.", "info")
        return redirect(url_for("practice.scorecard", session_id=session_id))
    return redirect(url_for("practice.conversation", session_id=session_id) + "#feedback")


@bp.route("/sessions/<int:session_id>/scorecard")
@login_required
def scorecard(session_id):
    """The session scorecard (read-only for coaches and admins)."""
    try:
        session = service.visible_session(session_id, current_user)
    except PracticeError as exc:
        _fail(exc)
    return _render_scorecard(session)


def _render_scorecard(session, failed=None, status=200):
    card = service.session_scorecard(session.id)
    return render_template("practice/scorecard.html", session=session, card=card,
                           dimensions=DIMENSIONS, owner=session.user_id == current_user.id,
                           start_form=StartForm(scenario=session.scenario_id),
                           sheet=review_sheet(session), failed=failed or {}), status


@bp.route("/sessions/<int:session_id>/disputes", methods=["POST"])
@login_required
def dispute(session_id):
    """The trainee disputes one score of their finished session, with a reason."""
    session = _own_session(session_id)
    form = request.form
    try:
        open_dispute(session.id, current_user, form.get("dimension"), form.get("reason"),
                     form.get("turn"))
    except BadReview as exc:
        db.session.rollback()
        return _render_scorecard(session, {"turn": form.get("turn", ""), "message": exc.message,
                                           "values": form}, 400)
    except ServiceError as exc:
        db.session.rollback()
        abort(exc.status, description=exc.message)
    flash("Your dispute is sent to your coach.", "success")
    turn = form.get("turn", "")
    return redirect(url_for("practice.scorecard", session_id=session.id)
                    + (f"#turn-{turn}" if turn.isdigit() else "#review"))


@bp.route("/history")
@login_required
def history():
    """The current user's own sessions, newest first, and each dimension per finished one."""
    sessions = db.session.scalars(
        db.select(PracticeSession).filter_by(user_id=current_user.id)
        .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())).all()
    finished = progress.finished_sessions(current_user.id)
    return render_template("practice/history.html", sessions=sessions,
                           by_dimension=[(s, progress.dimension_scores(s)) for s in finished],
                           chart=trainee_chart(current_user, Filters()) if finished else None)
