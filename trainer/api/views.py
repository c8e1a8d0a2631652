"""/api/v1 routes: scenarios, sessions, turns, session scorecards, score, openapi."""

from datetime import UTC, datetime

from flask import current_app, jsonify, request
from flask_login import current_user

from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.sessions import service
from trainer.sessions.library import get_library

from . import bp
from .auth import require_role
from .errors import ApiError, error_response
from .openapi import openapi_document

MAX_LIST = 1000


@bp.errorhandler(ServiceError)
def service_error(exc: ServiceError):
    """Service refusals keep their status and code."""
    db.session.rollback()
    return error_response(exc.status, exc.code, exc.message)


def json_body() -> dict:
    """The request's JSON object, or a clear 415/400."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "send a JSON body with 'Content-Type: application/json'")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "malformed_json", "the body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", "the body must be a JSON object")
    return body


def text_field(body: dict, name: str = "text") -> str:
    """A required string field, with the missing/wrong-type cases told apart."""
    if name not in body:
        raise ApiError(400, "missing_text", f"the body needs a {name!r} field")
    if not isinstance(body[name], str):
        raise ApiError(400, "invalid_text", f"{name!r} must be a string")
    return body[name]


@bp.get("/scenarios")
def scenarios():
    """Every loadable scenario."""
    lib = get_library()
    return jsonify([
        {"id": s.id, "title": s.title, "difficulty": s.difficulty, "persona": s.persona,
         "summary": s.summary, "steps": list(s.steps), "pass_mark": s.pass_mark}
        for s in sorted(lib.scenarios.values(), key=lambda s: s.id)])


@bp.post("/sessions")
def create_session():
    """Start a session; the debtor's opening line comes back."""
    body = json_body()
    scenario = body.get("scenario")
    if not isinstance(scenario, str) or not scenario:
        raise ApiError(400, "missing_scenario", "the body needs a 'scenario' id (a string)")
    session = service.start_session(current_user.id, scenario)
    return jsonify({"id": session.id, "scenario": session.scenario_id,
                    "debtor": {"text": session.debtor_line}, "finished": False}), 201


@bp.post("/sessions/<int:session_id>/turns")
def post_turn(session_id):
    """Answer the debtor: JSON text (scored now) or multipart `audio` (202 and a job)."""
    if request.mimetype == "multipart/form-data":
        from .voice import post_audio_turn

        return post_audio_turn(session_id)
    body = json_body()
    text = text_field(body)
    turn, _step = service.submit_answer(session_id, current_user.id, text)
    return jsonify(service.turn_result(turn))


@bp.get("/sessions/<int:session_id>")
def get_session(session_id):
    """The session scorecard, if the caller may see the session."""
    from .coach import discussion

    service.visible_session(session_id, current_user)
    return jsonify({**service.session_scorecard(session_id), **discussion(session_id)})


def _parse_since(value: str) -> datetime:
    """An ISO date or datetime; naive means UTC."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(400, "bad_since",
                       "since must be an ISO date or datetime, like 2026-03-01") from exc
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


@bp.get("/sessions")
def list_sessions():
    """Summaries of the sessions the caller may see, filtered by trainee, scenario, since."""
    from trainer.models import PracticeSession

    query = service.visible_sessions_query(current_user)
    args = request.args
    if args.get("trainee"):
        try:
            query = query.where(PracticeSession.user_id == int(args["trainee"]))
        except ValueError as exc:
            raise ApiError(400, "bad_trainee", "trainee must be a user id (a number)") from exc
    if args.get("scenario"):
        query = query.where(PracticeSession.scenario_id == args["scenario"])
    if args.get("since"):
        query = query.where(PracticeSession.started_at >= _parse_since(args["since"]))
    try:
        limit = int(args.get("limit", 100))
    except ValueError as exc:
        raise ApiError(400, "bad_limit", "limit must be a number") from exc
    if not 1 <= limit <= MAX_LIST:
        raise ApiError(400, "bad_limit", f"limit must be between 1 and {MAX_LIST}")
    sessions = db.session.scalars(query.limit(limit)).all()
    return jsonify([s.to_summary() for s in sessions])


@bp.post("/score")
def score():
    """Score one line with the engine (QA, coaches, admins)."""
    from trainer.scoring import ScoringInputError, score_utterance

    require_role("qa", "coach", "admin")
    body = json_body()
    text = text_field(body)
    context = body.get("context")
    if context is not None and not isinstance(context, str | dict):
        raise ApiError(400, "bad_context", "context must be the debtor's line or an object")
    limit = current_app.config["MAX_ANSWER_CHARS"]
    if len(text) > limit:
        raise ApiError(400, "text_too_long", f"the text is {len(text)} characters; "
                       f"the limit is {limit}")
    try:
        card = score_utterance(text, context)
    except ScoringInputError as exc:
        raise ApiError(400, exc.code, exc.message) from exc
    if "id" in body:
        card.id = body["id"]
    return jsonify(card.to_dict())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document())
