"""The QA call API: POST /api/v1/calls (202 and a job), GET /api/v1/calls/ID (the call
scorecard of INTERFACES.md, corrections shown), GET /api/v1/calls (the page's filters); every
refusal in the one error shape, with nothing stored."""

import io
import json

import pytest
from qa_helpers import CALLS, run_call_jobs

from trainer.extensions import db
from trainer.models import Call

INTERFACE_KEYS = {"file", "id", "duration", "turns", "agent_scores", "overall", "critical_fail",
                  "compliance", "metrics", "customer_sentiment", "promise_to_pay"}


def _post(client, headers, name, data, **fields):
    return client.post("/api/v1/calls", headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name), **fields})


def test_a_call_is_stored_queued_and_its_scorecard_read_back(app, client, bearer):
    headers = bearer("qa")
    response = _post(client, headers, "call.json", (CALLS / "call.json").read_bytes())
    assert response.status_code == 202
    body = response.get_json()
    assert set(body) >= {"id", "job"} and response.headers["Location"].endswith(
        f"/api/v1/calls/{body['id']}")
    pending = client.get(f"/api/v1/calls/{body['id']}", headers=headers).get_json()
    assert (pending["status"], pending["progress"], pending["job"]) == ("queued", 0.0,
                                                                        body["job"])
    run_call_jobs(app)
    job = client.get(f"/api/v1/jobs/{body['job']}", headers=headers).get_json()
    assert job["status"] == "done" and job["result"]["call"] == body["id"]
    card = client.get(f"/api/v1/calls/{body['id']}", headers=headers).get_json()
    assert INTERFACE_KEYS <= set(card) and (card["call"], card["status"]) == (body["id"], "done")
    assert card["id"] == "fixture-call-1" and card["file"] == "call.json"
    assert set(card["agent_scores"]) == {"empathy", "positive_language", "assertiveness",
                                         "calmness"}
    assert {c["status"] for c in card["compliance"]} <= {"pass", "fail", "not_applicable"}
    assert card["promise_to_pay"]["amount"] == 200.0
    assert card["corrected"] is False and card["engine"]["overall"] == card["overall"]
    assert "4111 1111 1111 1111" not in json.dumps(card)


def test_the_uploaders_metadata_reaches_the_scorecard_as_given(app, client, bearer):
    headers = bearer("admin")
    body = _post(client, headers, "call.txt", (CALLS / "call.txt").read_bytes(),
                 started_at="2026-03-02T21:30:00-05:00", consumer_timezone="America/Chicago",
                 agent="night.shift").get_json()
    run_call_jobs(app)
    card = client.get(f"/api/v1/calls/{body['id']}", headers=headers).get_json()
    assert card["started_at"] == "2026-03-02T21:30:00-05:00"  # the offset survives storage
    assert (card["consumer_timezone"], card["agent"]) == ("America/Chicago", "night.shift")


@pytest.mark.parametrize("name, data, fields, status, code", [
    ("notes.pdf", b"%PDF-1.4 x", {}, 400, "not_audio"),
    ("empty.mp3", b"", {}, 400, "empty"),
    ("garbage.ogg", (CALLS.parent / "audio" / "garbage.ogg").read_bytes(), {}, 400, "corrupt"),
    ("who.txt", b"Agent: hi\nManager: hello\n", {}, 400, "unknown_speaker"),
    ("gap.srt", b"1\n00:00:01,000 --> 00:00:02,000\nAgent:\n", {}, 400, "missing_text"),
    ("only.json", json.dumps({"turns": [{"speaker": "customer", "text": "Hi"}]}).encode(), {},
     400, "empty_call"),
    ("call.json", (CALLS / "call.json").read_bytes(), {"agent_channel": "middle"}, 400,
     "bad_option"),
    ("call.json", (CALLS / "call.json").read_bytes(), {"started_at": "2026-03-02 10:00"}, 400,
     "bad_metadata"),
    ("call.json", (CALLS / "call.json").read_bytes(), {"consumer_timezone": "Mars/Base"},
     400, "bad_metadata"),
])
def test_bad_uploads_are_refused_with_a_code_and_nothing_is_stored(client, bearer, call_rows,
                                                                   name, data, fields, status,
                                                                   code):
    response = _post(client, bearer("qa"), name, data, **fields)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    assert call_rows() == (0, 0, 0)


@pytest.mark.parametrize("setting, value, status, code", [
    ("QA_MAX_CALL_BYTES", 100_000, 413, "too_large"),
    ("QA_MAX_CALL_SECONDS", 60, 400, "too_long"),
])
def test_the_limits_apply_to_the_api(app, client, bearer, call_rows, setting, value, status,
                                     code):
    app.config[setting] = value
    response = _post(client, bearer("qa"), "call_stereo.mp3",
                     (CALLS / "call_stereo.mp3").read_bytes())
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)
    assert call_rows() == (0, 0, 0)


def test_the_request_shape_is_checked(client, bearer, call_rows):
    headers = bearer("qa")
    not_multipart = client.post("/api/v1/calls", headers=headers, json={"file": "x"})
    assert not_multipart.status_code == 415
    no_file = client.post("/api/v1/calls", headers=headers, content_type="multipart/form-data",
                          data={"agent": "x"})
    assert no_file.get_json()["error"]["code"] == "missing_file"
    assert call_rows() == (0, 0, 0)


def test_a_call_that_fails_in_the_worker_says_why(app, client, bearer, broken_mp3):
    headers = bearer("qa")
    body = _post(client, headers, "broken.mp3", broken_mp3).get_json()
    run_call_jobs(app)
    call = client.get(f"/api/v1/calls/{body['id']}", headers=headers).get_json()
    assert call["status"] == "failed" and call["error"]["code"] == "corrupt"
    assert "damaged" in call["error"]["message"]


def test_the_list_takes_the_pages_filters(app, client, bearer, add_call):
    first = add_call("call.json")
    add_call(json.dumps({"agent": "rob", "turns": [
        {"speaker": "agent", "text": "We will have you arrested today."}]}).encode(), "t.json")
    headers = bearer("qa")
    listed = client.get("/api/v1/calls?agent=sam.agent", headers=headers).get_json()
    assert [c["id"] for c in listed["calls"]] == [first] and listed["total"] == 1
    assert listed["filters"] == {"agent": "sam.agent"}
    critical = client.get("/api/v1/calls?critical=yes&check=threat_arrest",
                          headers=headers).get_json()
    assert [c["agent"] for c in critical["calls"]] == ["rob"]
    paged = client.get("/api/v1/calls?per_page=1&page=2", headers=headers).get_json()
    assert (paged["total"], paged["pages"], len(paged["calls"])) == (2, 2, 1)
    for query in ("critical=maybe", "min_score=101", "check=nope", "per_page=0", "page=x"):
        bad = client.get(f"/api/v1/calls?{query}", headers=headers)
        assert bad.status_code == 400 and bad.get_json()["error"]["message"], query


def test_corrections_show_in_the_api_with_the_engines_values(app, client, bearer, add_call,
                                                            login_as, csrf):
    call_id = add_call("call.json")
    page = login_as("qa")
    token = csrf(page, f"/qa/calls/{call_id}")
    page.post(f"/qa/calls/{call_id}/corrections/check", data={
        "csrf_token": token, "rule": "threat_legal", "status": "fail",
        "reason": "implied a lawsuit at 0:40"})
    page.post(f"/qa/calls/{call_id}/corrections/score", data={
        "csrf_token": token, "name": "overall", "value": "40", "reason": "rushed the close"})
    card = client.get(f"/api/v1/calls/{call_id}", headers=bearer("admin")).get_json()
    item = next(c for c in card["compliance"] if c["rule"] == "threat_legal")
    assert (item["status"], item["engine_status"]) == ("fail", "pass")
    assert item["corrected"]["by"] == "qa@example.com"
    assert item["corrected"]["reason"] == "implied a lawsuit at 0:40"
    assert card["overall"] == 40 and card["engine"]["overall"] != 40
    assert card["engine"]["compliance"]["threat_legal"] == "pass"
    assert card["corrected"] is True
    assert [(c["target"], c["name"]) for c in card["corrections"]] == [
        ("compliance", "threat_legal"), ("score", "overall")]
    with app.app_context():
        stored = db.session.get(Call, call_id).scorecard
        assert stored["overall"] == card["engine"]["overall"]  # the engine's card is untouched
