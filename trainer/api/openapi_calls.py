"""The OpenAPI description of the QA call routes (upload, scorecard, list)."""

from __future__ import annotations

from typing import Any

from trainer.sessions.call_list import MAX_PER_PAGE

DIMENSIONS = {"type": "object", "properties": {
    d: {"type": "number", "minimum": 0, "maximum": 100}
    for d in ("empathy", "positive_language", "assertiveness", "calmness")}}
CALL_UPLOAD = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary",
             "description": "call audio (wav, mp3, m4a, ogg, flac, webm; stereo or mono) or a "
                            "transcript (JSON of INTERFACES.md, WebVTT, SRT, or text with "
                            "Agent: / Customer: lines); up to QA_MAX_CALL_BYTES and "
                            "QA_MAX_CALL_SECONDS (500 MB, 2 h by default)"},
    "agent_channel": {"type": "string", "enum": ["left", "right"],
                      "description": "stereo calls: the agent's channel (default left)"},
    "started_at": {"type": "string", "format": "date-time",
                   "description": "ISO 8601 with a UTC offset; overrides the transcript's"},
    "consumer_timezone": {"type": "string", "description": "IANA time zone"},
    "agent": {"type": "string", "maxLength": 80, "description": "the agent's id"}}}

SCHEMAS: dict[str, Any] = {
    "CallQueued": {
        "type": "object", "required": ["id", "job"],
        "properties": {"id": {"type": "integer"}, "job": {"type": "string"},
                       "status": {"type": "string"}, "url": {"type": "string"},
                       "job_url": {"type": "string"}}},
    "ChecklistItem": {
        "type": "object", "required": ["rule", "status", "severity", "evidence"],
        "properties": {
            "rule": {"type": "string"}, "title": {"type": "string"},
            "citation": {"type": "string"},
            "status": {"type": "string", "enum": ["pass", "fail", "not_applicable"]},
            "severity": {"type": "string"},
            "evidence": {"type": "array", "items": {"type": "object", "properties": {
                "turn": {"type": "integer", "description": "index into turns"},
                "agent_turn": {"type": "integer"}, "text": {"type": "string"}}}},
            "engine_status": {"type": "string", "description": "present when QA corrected "
                                                                "it: the engine's status"},
            "corrected": {"type": "object", "description": "who corrected it, when and why",
                          "properties": {"by": {"type": "string"}, "at": {"type": "string"},
                                         "reason": {"type": "string"}}}}},
    "Correction": {
        "type": "object", "properties": {
            "target": {"type": "string", "enum": ["compliance", "score"]},
            "name": {"type": "string"}, "value": {}, "engine": {},
            "by": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
            "reason": {"type": "string"}}},
    "CallScorecard": {
        "type": "object",
        "required": ["call", "status", "turns", "agent_scores", "overall", "critical_fail",
                     "compliance", "metrics", "customer_sentiment", "promise_to_pay"],
        "properties": {
            "call": {"type": "integer"}, "status": {"type": "string", "enum": ["done"]},
            "file": {"type": ["string", "null"]}, "id": {"type": ["string", "null"]},
            "duration": {"type": ["number", "null"]},
            "turns": {"type": "array", "items": {"type": "object", "properties": {
                "speaker": {"type": "string", "enum": ["agent", "customer"]},
                "text": {"type": "string"}, "start": {"type": ["number", "null"]},
                "end": {"type": ["number", "null"]}, "scores": DIMENSIONS,
                "overall": {"type": "number"},
                "flags": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}},
                "evidence": {"type": "array",
                             "items": {"$ref": "#/components/schemas/Evidence"}},
                "words": {"type": "array", "items": {"type": "object"}}}}},
            "agent_scores": DIMENSIONS, "overall": {"type": "number"},
            "critical_fail": {"type": "boolean"},
            "compliance": {"type": "array",
                           "items": {"$ref": "#/components/schemas/ChecklistItem"}},
            "metrics": {"type": ["object", "null"], "properties": {
                "agent_talk_ratio": {"type": "number"}, "silence_ratio": {"type": "number"},
                "overtalk_count": {"type": "integer"},
                "longest_monologue_s": {"type": "number"},
                "agent_words_per_minute": {"type": ["number", "null"]}}},
            "customer_sentiment": {"type": "object", "properties": {
                "start": {"type": ["number", "null"]}, "end": {"type": ["number", "null"]},
                "series": {"type": "array", "items": {"type": "object"}}}},
            "promise_to_pay": {"type": ["object", "null"], "properties": {
                "amount": {"type": ["number", "null"]}, "currency": {"type": "string"},
                "date": {"type": ["string", "null"]}, "method": {"type": ["string", "null"]}}},
            "redactions": {"type": "object"}, "speaker_assignment": {"type": "object"},
            "corrected": {"type": "boolean", "description": "true when QA changed a value"},
            "corrections": {"type": "array",
                            "items": {"$ref": "#/components/schemas/Correction"}},
            "engine": {"type": "object", "description": "the engine's own overall, "
                                                        "critical_fail, agent_scores and "
                                                        "checklist statuses, kept whatever "
                                                        "QA corrected"}}},
    "CallPending": {
        "type": "object", "required": ["call", "status"],
        "properties": {"call": {"type": "integer"}, "file": {"type": "string"},
                       "status": {"type": "string", "enum": ["queued", "running", "failed"]},
                       "stage": {"type": "string"}, "progress": {"type": "number"},
                       "job": {"type": ["string", "null"]},
                       "error": {"type": ["object", "null"], "properties": {
                           "code": {"type": "string"}, "message": {"type": "string"}}}}},
    "CallSummary": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "file": {"type": "string"},
                       "status": {"type": "string"}, "batch": {"type": ["integer", "null"]},
                       "agent": {"type": ["string", "null"]},
                       "started_at": {"type": ["string", "null"], "format": "date-time"},
                       "created_at": {"type": "string", "format": "date-time"},
                       "duration": {"type": ["number", "null"]},
                       "overall": {"type": ["number", "null"]},
                       "critical_fail": {"type": ["boolean", "null"]},
                       "corrected": {"type": "boolean"},
                       "error": {"type": ["object", "null"]}}},
}

FILTERS = [
    ("agent", {"type": "string"}, "the agent's id"),
    ("since", {"type": "string", "format": "date"}, "calls on or after this date"),
    ("until", {"type": "string", "format": "date"}, "calls on or before this date"),
    ("critical", {"type": "string", "enum": ["yes", "no"]}, "critical fail or not"),
    ("min_score", {"type": "number", "minimum": 0, "maximum": 100}, "overall at least"),
    ("max_score", {"type": "number", "minimum": 0, "maximum": 100}, "overall at most"),
    ("check", {"type": "string"}, "a checklist rule code, e.g. missing_mini_miranda"),
    ("check_status", {"type": "string", "enum": ["pass", "fail", "not_applicable"]},
     "the status that rule must have (default fail)"),
    ("status", {"type": "string", "enum": ["queued", "running", "done", "failed"]}, ""),
    ("batch", {"type": "integer"}, "calls uploaded together"),
    ("page", {"type": "integer", "minimum": 1}, ""),
    ("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "default 50"),
]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(description: str, schema: dict | None = None) -> dict:
    if schema is None:
        return {"description": description}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(**reasons: str) -> dict:
    return {status.lstrip("_"): _answer(reason, _ref("Error"))
            for status, reason in reasons.items()}


def add_calls(paths: dict, schemas: dict) -> None:
    """Add the call routes and schemas to the document being built."""
    schemas.update(SCHEMAS)
    auth = {"_401": "no or bad credentials", "_403": "not qa or admin"}
    paths["/calls"] = {
        "post": {
            "summary": "Upload a call to score (qa, admin): stored, then scored by a call worker",
            "requestBody": {"required": True,
                            "content": {"multipart/form-data": {"schema": CALL_UPLOAD}}},
            "responses": {"202": _answer("stored and queued; poll the job or the call",
                                         _ref("CallQueued")),
                          **_errors(_400="refused: not_audio, corrupt, empty, too_long, "
                                         "unknown_speaker, missing_text, empty_call, "
                                         "bad_metadata, bad_option, missing_file (nothing is "
                                         "stored)",
                                    _413="over the size limit",
                                    _415="not multipart/form-data",
                                    _503="the job queue is down (the call is stored: retry it "
                                         "from its page)", **auth)}},
        "get": {
            "summary": "Calls, newest first, with the call list's filters (qa, admin)",
            "parameters": [{"name": n, "in": "query", "schema": s, "description": d}
                           for n, s, d in FILTERS],
            "responses": {"200": _answer("a page of calls", {
                "type": "object", "required": ["calls", "page", "total"],
                "properties": {"calls": {"type": "array", "items": _ref("CallSummary")},
                               "page": {"type": "integer"}, "per_page": {"type": "integer"},
                               "total": {"type": "integer"}, "pages": {"type": "integer"},
                               "filters": {"type": "object"}}}),
                          **_errors(_400="a filter or page value that cannot be used", **auth)}},
    }
    paths["/calls/{call_id}"] = {"get": {
        "summary": "The call scorecard (qa, admin); before it is scored, its status",
        "parameters": [{"name": "call_id", "in": "path", "required": True,
                        "schema": {"type": "integer"}}],
        "responses": {"200": _answer("the call scorecard (status done), or the call's status "
                                     "and progress (queued, running, failed with its error)",
                                     {"oneOf": [_ref("CallScorecard"), _ref("CallPending")]}),
                      **_errors(_404="no such call", **auth)}}}
