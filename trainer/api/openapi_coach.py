"""The OpenAPI description of the coach routes: trainees, reviews, calibration, and what the
session scorecard gains (scores as they stand, the engine's own, comments and disputes)."""

from __future__ import annotations

from typing import Any

DIMENSIONS = ("empathy", "positive_language", "assertiveness", "calmness")
SCORE = {"type": "number", "minimum": 0, "maximum": 100}
SCORES = {"type": "object", "properties": dict.fromkeys(DIMENSIONS, SCORE)}
NULLABLE_SCORES = {"type": "object", "properties": {d: {"type": ["number", "null"]}
                                                    for d in DIMENSIONS}}
PERSON = {"type": ["object", "null"], "properties": {"id": {"type": "integer"},
                                                     "name": {"type": "string"}}}

AGREEMENT = {
    "type": "object",
    "properties": {
        "n": {"type": "integer", "description": "pairs of scores compared"},
        "mean_abs_diff": {"type": ["number", "null"], "description": "points on 0-100"},
        "spearman": {"type": ["number", "null"], "description": "rank correlation"},
        "within_one_label": {"type": ["number", "null"],
                             "description": "share within one point on the gold set's 1-5 "
                                            "scale"},
        "bias": {"type": ["number", "null"],
                 "description": "mean of (second - first): a coach above the engine is > 0"}},
}

SCHEMAS: dict[str, Any] = {
    "Trainee": {
        "type": "object",
        "required": ["id", "email", "name", "team", "certified", "sessions", "pass_rate",
                     "latest"],
        "properties": {
            "id": {"type": "integer"}, "email": {"type": "string"}, "name": {"type": "string"},
            "team": {"type": ["string", "null"]}, "role": {"type": "string"},
            "active": {"type": "boolean"}, "certified": {"type": "boolean"},
            "certification": {"type": "string",
                              "enum": ["certified", "overdue", "close", "in progress",
                                       "no assignments"]},
            "sessions": {"type": "integer"}, "finished": {"type": "integer"},
            "pass_rate": {"type": ["number", "null"]},
            "critical_flags": {"type": "integer"}, "weakest": {"type": ["string", "null"]},
            "latest": {**NULLABLE_SCORES,
                       "description": "each dimension in the latest finished session"},
            "trend": {**NULLABLE_SCORES,
                      "description": "mean of the last five sessions minus the five before"}},
    },
    "Judgement": {
        "type": "object",
        "properties": {"dimension": {"type": "string", "enum": list(DIMENSIONS)},
                       "kind": {"type": "string", "enum": ["override", "confirm"]},
                       "score": SCORE, "engine": SCORE, "reason": {"type": ["string", "null"]},
                       "by": PERSON, "at": {"type": "string", "format": "date-time"}},
    },
    "ReviewRequest": {
        "type": "object",
        "properties": {
            "comment": {"type": "string", "maxLength": 4000},
            "turn": {"type": ["integer", "null"], "minimum": 0,
                     "description": "the answer (0 for the first); absent: the whole session"},
            "overrides": {**SCORES, "description": "new scores, 0-100; need a reason"},
            "reason": {"type": "string", "maxLength": 2000},
            "confirm": {"type": "array", "items": {"type": "string", "enum": list(DIMENSIONS)},
                        "description": "engine scores the coach confirms as right"},
            "flags": {"type": "array", "items": {
                "type": "object", "required": ["index", "decision", "reason"],
                "properties": {"index": {"type": "integer"},
                               "decision": {"type": "string", "enum": ["confirm", "dismiss"]},
                               "reason": {"type": "string"}}}},
            "reviewed": {"type": "boolean", "description": "mark the session reviewed"}},
    },
    "Review": {
        "type": "object",
        "required": ["session", "turn", "overrides", "scores", "coach_changed"],
        "properties": {
            "session": {"type": "integer"}, "turn": {"type": ["integer", "null"]},
            "comment": {"type": ["object", "null"]},
            "overrides": {"type": "array", "items": {"$ref": "#/components/schemas/Judgement"}},
            "confirmed": {"type": "array", "items": {"$ref": "#/components/schemas/Judgement"}},
            "flags": {"type": "array", "items": {"type": "object"}},
            "reviewed": {"type": ["object", "null"]},
            "scores": {**SCORES, "description": "the scores as they stand after this review"},
            "coach_changed": {"type": "array", "items": {"type": "string"}}},
    },
    "Calibration": {
        "type": "object",
        "required": ["engine_vs_coach", "coaches", "coach_pairs"],
        "properties": {
            "engine_vs_coach": {"type": "object",
                                "properties": dict.fromkeys(DIMENSIONS, AGREEMENT)},
            "coaches": {"type": "array", "items": {"type": "object", "properties": {
                "coach": PERSON, "vs_engine": AGREEMENT, "vs_other_coaches": AGREEMENT}}},
            "coach_pairs": {"type": "array", "items": {"type": "object"}}},
    },
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(**reasons: str) -> dict:
    return {status.lstrip("_"): _json(reason, {"$ref": "#/components/schemas/Error"})
            for status, reason in reasons.items()}


def _extend(schemas: dict, name: str, properties: dict) -> None:
    """Add properties to a schema of the document being built (a copy, not the constant)."""
    schemas[name] = {**schemas[name], "properties": {**schemas[name]["properties"],
                                                     **properties}}


def add_coach(paths: dict, schemas: dict) -> None:
    """Add the coach routes and schemas, and describe the reviewed session scorecard."""
    schemas.update(SCHEMAS)
    _extend(schemas, "SessionScorecard", {
        "engine": {"type": "object", "description": "the engine's own scores, overall, "
                   "passed and critical_fail, never changed by a review"},
        "coach_changed": {"type": "array", "items": {"type": "string"},
                          "description": "what coaches changed: dimensions, overall, "
                                         "passed, flags (empty: the engine's result stands)"},
        "review": {"type": "object", "description": "session-level judgements, whole-call "
                   "flag decisions, reviewed_at and reviewed_by"},
        "scenario_version": {"type": ["string", "null"],
                             "description": "content hash of the scenario as played"},
        "comments": {"type": "array", "items": {"type": "object"}},
        "disputes": {"type": "array", "items": {"type": "object"}}})
    _extend(schemas, "SessionSummary", {
        "engine": {"type": "object", "description": "the engine's overall and passed"},
        "coach_changed": {"type": "array", "items": {"type": "string"}},
        "reviewed_at": {"type": ["string", "null"], "format": "date-time"}})
    paths["/trainees"] = {"get": {
        "summary": "A coach's trainees with trends and certification (an admin: everyone; "
                   "anyone else: themself)",
        "responses": {"200": _json("trainees", {"type": "array", "items": {
            "$ref": "#/components/schemas/Trainee"}}),
            **_errors(_401="no or bad credentials")}}}
    paths["/sessions/{session_id}/reviews"] = {"post": {
        "summary": "Review a session or one answer: comment, override (with a reason), "
                   "confirm, decide flags, mark reviewed; all or nothing",
        "parameters": [{"name": "session_id", "in": "path", "required": True,
                        "schema": {"type": "integer"}}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ReviewRequest"}}}},
        "responses": {"201": _json("the stored review", {"$ref": "#/components/schemas/Review"}),
                      **_errors(_400="bad input (a score outside 0-100, no reason...); "
                                     "nothing was stored",
                                _401="no or bad credentials",
                                _403="not a coach or admin, or not a trainee of your teams",
                                _404="no such session",
                                _409="a session-level score of a running session",
                                _415="not JSON")}}}
    paths["/calibration"] = {"get": {
        "summary": "Engine against coach agreement per dimension, per coach and per pair "
                   "of coaches (coaches: their teams; admins: all)",
        "responses": {"200": _json("calibration", {"$ref": "#/components/schemas/Calibration"}),
                      **_errors(_401="no or bad credentials", _403="not a coach or admin")}}}
