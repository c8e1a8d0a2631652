"""The OpenAPI 3 description of what /api/v1 serves (kept next to the routes it describes)."""

from __future__ import annotations

from typing import Any

from trainer.scoring.moment import kinds

from .openapi_calls import add_calls
from .openapi_coach import add_coach
from .openapi_voice import add_voice

MOMENT_KINDS = kinds()

DIMENSION_SCORES = {
    "type": "object",
    "properties": {d: {"type": "number", "minimum": 0, "maximum": 100}
                   for d in ("empathy", "positive_language", "assertiveness", "calmness")},
}

CALLED_FOR = {"type": "array", "items": {"type": "string"},
              "description": "the dimensions, then the required steps, the debtor's line "
                             "called for (see Moment); the other dimensions are shown greyed "
                             "and do not count towards the overall"}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"],
                                 "properties": {"code": {"type": "string"},
                                                "message": {"type": "string"}}}},
    },
    "Evidence": {
        "type": "object", "required": ["dimension", "effect", "signal", "why"],
        "properties": {
            "dimension": {"type": "string"}, "start": {"type": "integer"},
            "end": {"type": "integer"}, "text": {"type": "string"},
            "start_s": {"type": "number"}, "end_s": {"type": "number"},
            "effect": {"type": "number", "description": "signed points on the dimension; "
                       "an item moves its dimension by at least 2 points, or it is left out of "
                       "the list and of the score (a cap is always listed, first)"},
            "signal": {"type": "string"}, "why": {"type": "string"},
            "words": {"type": "array", "description": "for the language model's one 'overall "
                      "wording' item (signal 'reading'): the words that weighed most",
                      "items": {"type": "object", "properties": {
                          "text": {"type": "string"}, "start": {"type": "integer"},
                          "end": {"type": "integer"}, "effect": {"type": "number"}}}}},
    },
    "Step": {
        "type": "object", "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "string"}, "name": {"type": "string"},
            "title": {"type": "string"}, "hit": {"type": "boolean"},
            "turn": {"type": ["integer", "null"], "description": "the answer that did it"},
            "status": {"type": "string",
                       "enum": ["done", "missed", "not_applicable", "not_reached"],
                       "description": "not_reached: the call is still going; "
                                      "not_applicable: the call never came to what the step "
                                      "answers (the rules table says the same)"}},
    },
    "Flag": {
        "type": "object", "required": ["code", "severity", "rule", "why"],
        "properties": {
            "code": {"type": "string"},
            "severity": {"type": "string", "enum": ["critical", "major", "review", "minor"],
                         "description": "review: an uncertain match, a reviewer should check it"},
            "start": {"type": ["integer", "null"]}, "end": {"type": ["integer", "null"]},
            "text": {"type": ["string", "null"]}, "rule": {"type": "string"},
            "why": {"type": "string"}, "review": {"type": "boolean"},
            "state": {"type": "string", "description": "the conversation state the flag "
                      "relied on, e.g. 'third party on the line since turn 2 (her roommate)'"}},
    },
    "Moment": {
        "type": "object", "required": ["kind", "why", "dimensions", "steps", "not_called_for"],
        "description": "What the debtor's line called for: an opening calls for identification "
                       "and verification, distress for empathy, an objection for calm and "
                       "assertive, a stall for a specific ask, a settlement for a plan with "
                       "amount, date and method. Named by the scenario node or read from the "
                       "debtor's line and the call so far.",
        "properties": {
            "kind": {"type": "string", "enum": list(MOMENT_KINDS)},
            "why": {"type": "string"},
            "dimensions": {"type": "array", "items": {"type": "string"}},
            "steps": {"type": "array", "items": {"type": "string"},
                      "description": "required steps this moment is the time for, not done yet"},
            "not_called_for": {"type": "object", "additionalProperties": {"type": "string"},
                               "description": "dimension -> one line saying why it does not "
                                              "count here"}},
    },
    "Scorecard": {
        "type": "object", "required": ["text", "scores", "overall", "evidence", "flags"],
        "properties": {
            "id": {}, "text": {"type": "string"},
            "scores": DIMENSION_SCORES,
            "overall": {"type": "number", "description": "the mean of the dimensions the "
                        "moment called for (all four when no debtor line or call state is "
                        "known)"},
            "called_for": CALLED_FOR,
            "moment": {"$ref": "#/components/schemas/Moment"},
            "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}},
            "flags": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}},
            "negotiation": {"type": "object"},
            "suggestions": {"type": "array", "items": {"type": "object"}},
            "tags": {"type": "array", "items": {"type": "string"}}},
    },
    "DebtorLine": {"type": ["object", "null"], "properties": {"text": {"type": "string"}}},
    "Scenario": {
        "type": "object", "required": ["id", "title", "difficulty", "persona"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                       "difficulty": {}, "persona": {"type": "object"},
                       "summary": {"type": "string"},
                       "steps": {"type": "array", "items": {"type": "string"}},
                       "pass_mark": {"type": "number"}},
    },
    "SessionStarted": {
        "type": "object", "required": ["id", "scenario", "debtor", "finished"],
        "properties": {"id": {"type": "integer"}, "scenario": {"type": "string"},
                       "debtor": {"$ref": "#/components/schemas/DebtorLine"},
                       "finished": {"type": "boolean"}},
    },
    "TurnResult": {
        "type": "object", "required": ["turn", "debtor", "finished"],
        "properties": {"turn": {"$ref": "#/components/schemas/Scorecard"},
                       "debtor": {"$ref": "#/components/schemas/DebtorLine"},
                       "finished": {"type": "boolean"}, "index": {"type": "integer"},
                       "called_for": CALLED_FOR,
                       "mood": {"type": ["integer", "null"],
                                "description": "the debtor's anger after this answer"},
                       "outcome": {"type": ["string", "null"]},
                       "passed": {"type": ["boolean", "null"]},
                       "overall": {"type": ["number", "null"]}},
    },
    "SessionSummary": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "scenario": {"type": "string"},
                       "title": {"type": "string"}, "trainee": {"type": "object"},
                       "started_at": {"type": "string", "format": "date-time"},
                       "finished_at": {"type": ["string", "null"], "format": "date-time"},
                       "finished": {"type": "boolean"}, "outcome": {"type": ["string", "null"]},
                       "turns": {"type": "integer"}, "overall": {"type": ["number", "null"]},
                       "passed": {"type": ["boolean", "null"]}},
    },
    "SessionScorecard": {
        "type": "object",
        "required": ["id", "scenario", "scores", "overall", "steps_hit", "steps_missed",
                     "flags", "passed", "turns"],
        "properties": {
            "id": {"type": "integer"}, "scenario": {"type": "string"},
            "scores": {"oneOf": [DIMENSION_SCORES, {"type": "null"}],
                       "description": "each dimension averaged over the answers whose moment "
                                      "called for it (blended with the worst of them)"},
            "overall": {"type": ["number", "null"],
                        "description": "the mean of the dimensions the call called for"},
            "called_for": {"type": "array", "items": {"type": "string"},
                           "description": "the dimensions at least one answer's moment called "
                                          "for; each turn's scorecard has its own called_for"},
            "steps_hit": {"type": "array", "items": {"type": "string"}},
            "steps_missed": {"type": "array", "items": {"type": "string"}},
            "steps": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}},
            "fail_reasons": {"type": "array", "items": {"type": "string"},
                             "description": "why a finished session did not pass, in words"},
            "flags": {"type": "array", "items": {"type": "object"}},
            "critical_fail": {"type": "boolean"},
            "compliance": {"type": "array", "items": {"type": "object"}},
            "pass_mark": {"type": ["number", "null"]},
            "passed": {"type": ["boolean", "null"],
                       "description": "null while the session is still running"},
            "finished": {"type": "boolean"}, "outcome": {"type": ["string", "null"]},
            "turns": {"type": "array", "items": {"type": "object"}}},
    },
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(description: str, schema: dict, status: str = "200") -> dict:
    return {status: {"description": description,
                     "content": {"application/json": {"schema": schema}}}}


def _errors(*statuses: int) -> dict:
    reasons = {400: "bad input", 401: "no or bad credentials", 403: "wrong role",
               404: "unknown or not yours", 409: "session finished", 415: "not JSON"}
    return {str(s): {"description": reasons[s],
                     "content": {"application/json": {"schema": _ref("Error")}}}
            for s in statuses}


def _json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


SESSION_ID = {"name": "session_id", "in": "path", "required": True,
              "schema": {"type": "integer"}}


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    paths = {
        "/scenarios": {"get": {
            "summary": "List the scenarios",
            "responses": {**_ok("scenarios", {"type": "array", "items": _ref("Scenario")}),
                          **_errors(401)}}},
        "/sessions": {
            "post": {
                "summary": "Start a practice session",
                "requestBody": _json_body({"type": "object", "required": ["scenario"],
                                           "properties": {"scenario": {"type": "string"}}}),
                "responses": {**_ok("started", _ref("SessionStarted"), "201"),
                              **_errors(400, 401, 404, 415)}},
            "get": {
                "summary": "Session summaries the caller may see",
                "parameters": [
                    {"name": "trainee", "in": "query", "schema": {"type": "integer"}},
                    {"name": "scenario", "in": "query", "schema": {"type": "string"}},
                    {"name": "since", "in": "query",
                     "schema": {"type": "string", "format": "date-time"}},
                    {"name": "limit", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
                "responses": {**_ok("summaries", {"type": "array",
                                                  "items": _ref("SessionSummary")}),
                              **_errors(400, 401)}}},
        "/sessions/{session_id}": {"get": {
            "summary": "The session scorecard",
            "parameters": [SESSION_ID],
            "responses": {**_ok("scorecard", _ref("SessionScorecard")), **_errors(401, 404)}}},
        "/sessions/{session_id}/turns": {"post": {
            "summary": "Answer the debtor's current line (typed)",
            "parameters": [SESSION_ID],
            "requestBody": _json_body({"type": "object", "required": ["text"],
                                       "properties": {"text": {"type": "string",
                                                               "maxLength": 2000}}}),
            "responses": {**_ok("the turn's scorecard and the debtor's next line",
                                _ref("TurnResult")),
                          **_errors(400, 401, 404, 409, 415)}}},
        "/score": {"post": {
            "summary": "Score one agent line (qa, coach, admin)",
            "requestBody": _json_body({"type": "object", "required": ["text"], "properties": {
                "text": {"type": "string", "maxLength": 2000}, "id": {},
                "context": {"oneOf": [{"type": "string"}, {"type": "object"}],
                            "description": "the debtor's line, or an object of Context fields "
                            "(debtor_line, facts, listener, right_party_verified, dispute_open, "
                            "cease_requested, attorney, started_at, consumer_timezone, state); "
                            "the compliance state is inferred from debtor_line, and a field "
                            "given explicitly wins"}}}),
            "responses": {**_ok("scorecard", _ref("Scorecard")),
                          **_errors(400, 401, 403, 415)}}},
        "/openapi.json": {"get": {
            "summary": "This document", "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    }
    schemas = dict(SCHEMAS)
    add_voice(paths, schemas)
    add_calls(paths, schemas)
    add_coach(paths, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "trainer API", "version": "1",
                 "description": "Practice sessions and explainable scoring of "
                                "debt-collection calls. Errors are "
                                '{"error": {"code", "message"}} with a 4xx status.'},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"cookie": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "`trainer users token EMAIL` or the settings page"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session",
                           "description": "browser session; writes need the X-CSRFToken header"},
            },
        },
    }
