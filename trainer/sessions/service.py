"""The practice session service: start, answer, finish and read sessions.

Shared by the pages, the API and (later) the audio jobs, so it takes ids and plain values,
never request objects, and raises PracticeError subclasses that callers map to 4xx.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from trainer.extensions import db
from trainer.models import PracticeSession, Turn, User
from trainer.models.clock import iso, utcnow
from trainer.scoring.types import DIMENSIONS

from .cards import public_card, stored_card
from .errors import (
    Conflict,
    InvalidAnswer,
    ScenarioChanged,
    SessionFinished,
    SessionNotFound,
    UnknownScenario,
)
from .library import find_scenario, record_version, scenario_of
from .results import flag_decisions, judgement_dict, needs_review, person, standing, store_result
from .verdict import fail_reasons, summarise

SOURCES = ("typed", "spoken")


def start_session(user_id: int, scenario_id: str) -> PracticeSession:
    """Open a new session of `scenario_id` for the user; the debtor speaks first."""
    from trainer.scenarios.runner import start

    scenario = find_scenario(scenario_id)
    if scenario is None:
        raise UnknownScenario(f"no scenario with id {scenario_id!r}")
    if db.session.get(User, user_id) is None:
        raise SessionNotFound("no such user")
    state, line = start(scenario)
    session = PracticeSession(user_id=user_id, scenario_id=scenario.id,
                              scenario_title=scenario.title, state=state, debtor_line=line,
                              scenario_version=record_version(scenario))
    db.session.add(session)
    db.session.commit()
    return session


def check_answer_text(text: Any) -> str:
    """The answer stripped, or InvalidAnswer when it is missing, empty or too long."""
    if not isinstance(text, str):
        raise InvalidAnswer("the answer must be text", code="missing_text")
    text = text.strip()
    if not text:
        raise InvalidAnswer("the answer is empty: type what you would say", code="empty_text")
    limit = current_app.config["MAX_ANSWER_CHARS"]
    if len(text) > limit:
        raise InvalidAnswer(f"the answer is {len(text)} characters; the limit is {limit}",
                            code="text_too_long")
    return text


def owned_session(session_id: int, user_id: int) -> PracticeSession:
    """The session when it exists and belongs to the user, else SessionNotFound."""
    session = db.session.get(PracticeSession, session_id) if isinstance(session_id, int) else None
    if session is None or session.user_id != user_id:
        raise SessionNotFound(f"no session {session_id} of yours")
    return session


def submit_answer(session_id: int, user_id: int, text: str, source: str = "typed",
                  delivery: dict | None = None, transcript: dict | None = None,
                  audio_path: str | None = None,
                  before_commit: Callable[[Turn, Any], None] | None = None):
    """Score the answer in the runner's context, advance the debtor, store the turn.

    Returns (turn, step). On the last turn the session scorecard is computed and stored.
    A spoken answer (with `delivery`) is judged against the user's calm baseline if any.
    `before_commit(turn, step)` runs inside the same transaction (a job marks itself done
    there, so the turn and the job's result are saved together or not at all).
    """
    from trainer.scenarios import ScenarioError
    from trainer.scenarios.runner import advance, context_for
    from trainer.scoring import ScoringInputError, score_utterance

    if source not in SOURCES:
        raise InvalidAnswer(f"source must be one of {', '.join(SOURCES)}", code="bad_source")
    session = owned_session(session_id, user_id)
    if session.finished:
        raise SessionFinished("this session is finished; start a new one to practise again")
    text = check_answer_text(text)
    scenario = scenario_of(session)  # the version it started on, even if the file changed
    if scenario is None:
        raise UnknownScenario(f"scenario {session.scenario_id!r} is no longer in the library")

    try:
        context = dict(context_for(scenario, session.state))
    except ScenarioError as exc:
        raise ScenarioChanged("this scenario was edited since the session started, so it "
                              f"cannot go on ({exc.message}); start it again") from exc
    if source == "spoken":
        context["source"] = "transcribed"
    if delivery:
        context["delivery"] = delivery
        if session.user.calm_baseline:
            context["baseline"] = session.user.calm_baseline
    try:
        card = score_utterance(text, context)
    except ScoringInputError as exc:
        raise InvalidAnswer(exc.message, code=exc.code) from exc

    try:
        step = advance(scenario, session.state, card.tags)
    except ScenarioError as exc:
        raise ScenarioChanged(f"the scenario cannot go on: {exc.message}") from exc
    mood = (step.state or {}).get("mood")
    turn = Turn(index=session.turn_count,
                debtor_line=session.debtor_line or "", text=text, source=source,
                scorecard=stored_card(card), mood=mood,
                delivery=delivery, transcript=transcript, audio_path=audio_path)
    session.turns.append(turn)
    session.state = step.state
    session.debtor_line = step.debtor_line
    session.turn_count += 1
    if step.finished:
        _finish(session, scenario, step)
    else:
        review = [f for f in turn.scorecard.get("flags") or [] if needs_review(f)]
        session.flags_to_review += len(review)
        session.critical_flags += sum(f["severity"] == "critical" for f in review)
    if before_commit is not None:
        before_commit(turn, step)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict("another answer to this line was saved first; reload the page") from exc
    return turn, step


def conversation_summary(session: PracticeSession, scenario) -> dict[str, Any]:
    """The session's conversation score so far, with one status per step and per rule."""
    cards = [t.scorecard for t in sorted(session.turns, key=lambda t: t.index)]
    return summarise(cards, scenario,
                     finished=bool((session.state or {}).get("finished")) or session.finished)


def _finish(session: PracticeSession, scenario, step) -> None:
    """Compute the session scorecard and the verdict: no critical flag, mark reached, steps hit."""
    summary = conversation_summary(session, scenario)
    answers = [t.scorecard for t in sorted(session.turns, key=lambda t: t.index)]
    reasons = fail_reasons(summary, scenario.pass_mark, answers)
    summary.update(pass_mark=scenario.pass_mark, outcome=step.outcome, reason=step.reason,
                   good_ending=step.success, fail_reasons=reasons)
    session.summary = summary
    session.passed = not reasons
    session.outcome = step.outcome
    session.finished_at = utcnow()
    store_result(session)


def session_scorecard(session_id: int) -> dict[str, Any]:
    """The session scorecard: per-dimension scores, steps, flags, verdict and every turn.

    `scores`, `overall`, `passed` and `critical_fail` are the result as it stands; `engine`
    keeps the engine's own, `coach_changed` says what a coach changed and `review` how.
    A session still running gets its scorecard so far, with `passed` null.
    """
    session = db.session.get(PracticeSession, session_id)
    if session is None:
        raise SessionNotFound(f"no session {session_id}")
    turns = list(session.turns)
    st = standing(session.id)
    if session.summary is not None:
        summary = dict(session.summary)
    elif turns:
        scenario = scenario_of(session)
        summary = conversation_summary(session, scenario)
        summary["pass_mark"] = scenario.pass_mark if scenario else None
    else:
        summary = {"scores": None, "overall": None, "steps_hit": [], "steps_missed": [],
                   "flags": [], "critical_fail": False, "compliance": []}
    summary["engine"] = {"scores": summary["scores"], "overall": summary["overall"],
                         "passed": session.passed, "critical_fail": summary["critical_fail"]}
    if session.result is not None:
        summary.update({k: session.result[k] for k in
                        ("scores", "overall", "critical_fail", "fail_reasons")})
    version = session.scenario_version
    summary.update(
        id=session.id, scenario=session.scenario_id, title=session.scenario_title,
        scenario_version=version.content_hash if version else None,
        trainee={"id": session.user.id, "email": session.user.email, "name": session.user.name},
        started_at=iso(session.started_at), finished_at=iso(session.finished_at),
        finished=session.finished, outcome=session.outcome, passed=session.verdict,
        coach_changed=session.coach_changed,
        review={"scores": {d: judgement_dict(j) for d, j in st.judgements.get(None, {}).items()},
                "flags": flag_decisions(st, None), "reviewed_at": iso(session.reviewed_at),
                "reviewed_by": person(session.reviewer)},
        debtor={"text": session.debtor_line} if session.debtor_line else None,
        turns=[turn_dict(t, st) for t in turns],
    )
    return summary


def turn_result(turn: Turn) -> dict[str, Any]:
    """The answer to `POST .../turns` for a stored turn: its scorecard, the debtor's reply.

    Built from stored rows only, so a job re-run after a crash returns the same result.
    Spoken turns add "transcript" and "delivery" to the scorecard.
    """
    session = turn.session
    following = [t for t in session.turns if t.index == turn.index + 1]
    reply = following[0].debtor_line if following else session.debtor_line
    card = public_card(turn.scorecard)
    if turn.transcript is not None:
        card["transcript"] = turn.transcript
    if turn.delivery is not None:
        card["delivery"] = turn.delivery
    finished = session.finished and turn.index == session.turn_count - 1
    out = {"turn": card, "debtor": {"text": reply} if reply else None,
           "finished": finished, "index": turn.index, "mood": turn.mood,
           # turns stored before moments were kept were judged on every dimension
           "called_for": card.get("called_for") or list(DIMENSIONS)}
    if finished:
        out.update(outcome=session.outcome, passed=session.passed,
                   overall=(session.summary or {}).get("overall"))
    return out


def turn_dict(turn: Turn, st=None) -> dict[str, Any]:
    """One stored turn as JSON: the engine's scorecard, and the scores as they stand."""
    st = st if st is not None else standing(turn.session_id)
    engine = turn.scorecard.get("scores") or {}
    out = {"index": turn.index, "debtor": turn.debtor_line, "text": turn.text,
           "source": turn.source, "mood": turn.mood, "scorecard": public_card(turn.scorecard),
           "scores": st.turn_scores(turn), "coach_changed": st.changed(turn.id, engine),
           "review": {"scores": {d: judgement_dict(j)
                                 for d, j in st.judgements.get(turn.id, {}).items()},
                      "flags": flag_decisions(st, turn.id)}}
    if turn.delivery is not None:
        out["delivery"] = turn.delivery
    if turn.transcript is not None:
        out["transcript"] = turn.transcript
    if turn.audio_path:
        out["has_audio"] = True
    return out


def can_view_session(viewer: User, session: PracticeSession) -> bool:
    """Owners see their sessions, coaches those of the teams they lead, admins all."""
    return viewer.can_view_user(session.user)


def visible_session(session_id: int, viewer: User) -> PracticeSession:
    """The session if the viewer may see it; otherwise SessionNotFound (no leak)."""
    session = db.session.get(PracticeSession, session_id)
    if session is None or not can_view_session(viewer, session):
        raise SessionNotFound(f"no session {session_id}")
    return session


def visible_sessions_query(viewer: User):
    """A select of the sessions the viewer may see (coaches: of the teams they lead), newest
    first."""
    query = db.select(PracticeSession).join(PracticeSession.user)
    if viewer.role != "admin":
        mine = PracticeSession.user_id == viewer.id
        teams = viewer.led_team_ids()
        query = query.where(or_(User.team_id.in_(teams), mine) if teams else mine)
    return query.order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
