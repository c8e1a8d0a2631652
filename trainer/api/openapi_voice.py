"""The OpenAPI description of the voice routes (spoken turns, jobs, recordings, baseline)."""

from __future__ import annotations

from typing import Any

AUDIO_UPLOAD = {"type": "object", "required": ["audio"], "properties": {
    "audio": {"type": "string", "format": "binary",
              "description": "webm/opus (what browsers record), ogg, wav, mp3, m4a or flac; "
                             "at most 120 s and 10 MB"}}}

SCHEMAS: dict[str, Any] = {
    "JobQueued": {
        "type": "object", "required": ["job"],
        "properties": {"job": {"type": "string"}, "status": {"type": "string"},
                       "url": {"type": "string"}},
    },
    "Job": {
        "type": "object", "required": ["status", "progress", "error", "result"],
        "properties": {
            "id": {"type": "string"}, "kind": {"type": "string"},
            "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "stage": {"type": "string",
                      "description": "queued, decoding, transcribing, scoring, done, failed"},
            "error": {"type": ["string", "null"], "description": "plain words, when failed"},
            "error_code": {"type": ["string", "null"]},
            "result": {"oneOf": [{"$ref": "#/components/schemas/TurnResult"},
                                 {"type": "null"}],
                       "description": "when done: the same body as a typed turn; the "
                                      "scorecard adds transcript and delivery, and `audio` "
                                      "is the recording's URL"},
            "session": {"type": ["integer", "null"]}, "turn": {"type": ["integer", "null"]},
            "attempts": {"type": "integer"}},
    },
    "Baseline": {
        "type": "object", "required": ["baseline", "recorded_at", "passage"],
        "properties": {"baseline": {"type": ["object", "null"]},
                       "recorded_at": {"type": ["string", "null"], "format": "date-time"},
                       "passage": {"type": "string"}},
    },
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(description: str, schema: dict | None = None) -> dict:
    if schema is None:
        return {"description": description}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(**reasons: str) -> dict:
    return {status.lstrip("_"): _answer(reason, _ref("Error"))
            for status, reason in reasons.items()}


def add_voice(paths: dict, schemas: dict) -> None:
    """Add the voice routes and schemas to the document being built."""
    schemas.update(SCHEMAS)
    turns = paths["/sessions/{session_id}/turns"]["post"]
    turns["summary"] = "Answer the debtor's current line (typed, or spoken: a job)"
    turns["requestBody"]["content"]["multipart/form-data"] = {"schema": AUDIO_UPLOAD}
    turns["responses"]["202"] = _answer("spoken answer queued", _ref("JobQueued"))
    turns["responses"].update(_errors(
        _409="session finished, or a recording of this line is still being scored",
        _413="recording over 10 MB", _503="the job queue is down"))
    session_id = {"name": "session_id", "in": "path", "required": True,
                  "schema": {"type": "integer"}}
    paths["/jobs/{job_id}"] = {"get": {
        "summary": "A background job: status, progress, error, result",
        "parameters": [{"name": "job_id", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": _answer("the job", _ref("Job")),
                      **_errors(_401="no or bad credentials", _404="unknown or not yours")}}}
    paths["/sessions/{session_id}/turns/{index}/audio"] = {"get": {
        "summary": "The recording of a spoken answer (same access as the session)",
        "parameters": [session_id, {"name": "index", "in": "path", "required": True,
                                    "schema": {"type": "integer", "minimum": 0}}],
        "responses": {"200": {"description": "the audio as uploaded",
                              "content": {"audio/*": {}}},
                      **_errors(_401="no or bad credentials",
                                _404="no such answer, no recording, or not yours")}}}
    upload = {"required": True, "content": {"multipart/form-data": {"schema": AUDIO_UPLOAD}}}
    paths["/me/baseline"] = {
        "get": {"summary": "Your calm baseline and the passage to read",
                "responses": {"200": _answer("baseline", _ref("Baseline")),
                              **_errors(_401="no or bad credentials")}},
        "post": {"summary": "Record your calm baseline: a read-aloud of the passage",
                 "requestBody": upload,
                 "responses": {"201": _answer("stored", _ref("Baseline")),
                               **_errors(_400="not audio, damaged, or too little speech",
                                         _401="no or bad credentials",
                                         _413="recording over 10 MB")}},
        "delete": {"summary": "Forget your calm baseline",
                   "responses": {"200": _answer("removed", _ref("Baseline")),
                                 **_errors(_401="no or bad credentials")}}}
