"""The JSON API: the full flow for a token client, every bad input, who sees what."""

import pytest

from trainer.extensions import db
from trainer.models import PracticeSession, Turn

DIMENSIONS = {"empathy", "positive_language", "assertiveness", "calmness"}


def error_of(response, status):
    """Assert the status and the error shape; return the error code."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert set(error) == {"code", "message"} and error["message"]
    return error["code"]


def test_full_flow_with_a_bearer_token(app, client, bearer, good_answers):
    headers = bearer("trainee")
    scenarios = client.get("/api/v1/scenarios", headers=headers).get_json()
    lost_job = next(s for s in scenarios if s["id"] == "lost_job")
    assert {"id", "title", "difficulty", "persona"} <= set(lost_job)
    assert lost_job["persona"]["name"] == "Dana Whitfield"

    created = client.post("/api/v1/sessions", json={"scenario": "lost_job"}, headers=headers)
    assert created.status_code == 201
    body = created.get_json()
    assert body == {"id": body["id"], "scenario": "lost_job", "debtor": {"text": "Hello?"},
                    "finished": False}
    session_id = body["id"]

    for i, text in enumerate(good_answers):
        response = client.post(f"/api/v1/sessions/{session_id}/turns", json={"text": text},
                               headers=headers)
        assert response.status_code == 200
        result = response.get_json()
        card = result["turn"]
        assert card["text"] == text
        assert set(card["scores"]) == DIMENSIONS
        assert all(0 <= v <= 100 for v in card["scores"].values())
        assert all({"dimension", "effect", "signal", "why"} <= set(e) for e in card["evidence"])
        assert result["index"] == i
        if result["finished"]:
            break
        assert result["debtor"]["text"]
    assert result["finished"] and i == len(good_answers) - 1
    assert result["outcome"] == "promise_made"

    scorecard = client.get(f"/api/v1/sessions/{session_id}", headers=headers).get_json()
    assert set(scorecard["scores"]) == DIMENSIONS
    assert scorecard["steps_missed"] == []
    assert set(scorecard["steps_hit"]) == {"verification", "mini_miranda", "reason",
                                           "hardship_ack", "options", "promise", "recap"}
    assert isinstance(scorecard["passed"], bool) and scorecard["finished"] is True
    assert scorecard["passed"] == (scorecard["overall"] >= scorecard["pass_mark"]
                                   and not scorecard["critical_fail"])
    assert len(scorecard["turns"]) == len(good_answers)

    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        assert session.finished and session.outcome == "promise_made"
        assert session.passed == scorecard["passed"]
        assert db.session.query(Turn).filter_by(session_id=session_id).count() == len(good_answers)

    # The finished session takes no more answers.
    again = client.post(f"/api/v1/sessions/{session_id}/turns", json={"text": "Hello?"},
                        headers=headers)
    assert error_of(again, 409) == "session_finished"
    listed = client.get("/api/v1/sessions", headers=headers).get_json()
    assert [s["id"] for s in listed] == [session_id]
    assert listed[0]["passed"] == scorecard["passed"] and listed[0]["turns"] == len(good_answers)


def test_a_critical_flag_fails_the_session(client, bearer):
    headers = bearer("trainee")
    session_id = client.post("/api/v1/sessions", json={"scenario": "lost_job"},
                             headers=headers).get_json()["id"]
    lines = ["IF YOU DON'T PAY TODAY WE WILL HAVE YOU ARRESTED."] * 20
    for text in lines:
        result = client.post(f"/api/v1/sessions/{session_id}/turns", json={"text": text},
                             headers=headers).get_json()
        if result["finished"]:
            break
    assert result["finished"] and result["passed"] is False
    card = client.get(f"/api/v1/sessions/{session_id}", headers=headers).get_json()
    assert card["critical_fail"] is True
    assert any(f["code"] == "threat_arrest" and f["severity"] == "critical"
               for f in card["flags"])
    [critical] = [r for r in card["fail_reasons"] if r.startswith("a critical compliance flag")]
    assert "Threat of arrest" in critical and "threat_arrest" not in critical  # names, not ids


def test_running_session_scorecard_is_provisional(client, bearer, start_session):
    headers = bearer("trainee")
    session_id = start_session("trainee")
    empty = client.get(f"/api/v1/sessions/{session_id}", headers=headers).get_json()
    assert empty["scores"] is None and empty["passed"] is None and empty["turns"] == []
    client.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                json={"text": "Hi, am I speaking with Dana Whitfield?"})
    card = client.get(f"/api/v1/sessions/{session_id}", headers=headers).get_json()
    assert set(card["scores"]) == DIMENSIONS and card["passed"] is None
    assert card["finished"] is False and card["debtor"]["text"]


@pytest.mark.parametrize("kwargs, status, code", [
    ({"data": "{not json", "content_type": "application/json"}, 400, "malformed_json"),
    ({"data": "[1, 2]", "content_type": "application/json"}, 400, "malformed_json"),
    ({"data": "text=hello", "content_type": "application/x-www-form-urlencoded"}, 415,
     "unsupported_media_type"),
    ({"data": "hello"}, 415, "unsupported_media_type"),
    ({"json": {}}, 400, "missing_text"),
    ({"json": {"text": 42}}, 400, "invalid_text"),
    ({"json": {"text": "   \n "}}, 400, "empty_text"),
    ({"json": {"text": "x" * 2001}}, 400, "text_too_long"),
    ({"data": b'{"text": "\xff\xfe"}', "content_type": "application/json"}, 400,
     "malformed_json"),
])
def test_bad_turn_input_is_a_clear_4xx_and_changes_nothing(
        client, bearer, start_session, counts, kwargs, status, code):
    session_id = start_session("trainee")
    response = client.post(f"/api/v1/sessions/{session_id}/turns", headers=bearer("trainee"),
                           **kwargs)
    assert error_of(response, status) == code
    assert counts() == (1, 0)


def test_answer_of_exactly_the_limit_is_accepted(client, bearer, start_session):
    session_id = start_session("trainee")
    text = ("Am I speaking with Dana Whitfield? " * 60)[:2000]
    response = client.post(f"/api/v1/sessions/{session_id}/turns", json={"text": text},
                           headers=bearer("trainee"))
    assert response.status_code == 200


@pytest.mark.parametrize("body, status, code", [
    ({"scenario": "no_such_scenario"}, 404, "unknown_scenario"),
    ({}, 400, "missing_scenario"),
    ({"scenario": ["lost_job"]}, 400, "missing_scenario"),
])
def test_bad_session_creation(client, bearer, counts, body, status, code):
    response = client.post("/api/v1/sessions", json=body, headers=bearer("trainee"))
    assert error_of(response, status) == code
    assert counts() == (0, 0)


def test_unknown_and_foreign_sessions_look_the_same(client, bearer, start_session, counts):
    foreign = start_session("outsider")
    headers = bearer("trainee")
    for session_id in (foreign, 999999):
        assert error_of(client.get(f"/api/v1/sessions/{session_id}", headers=headers),
                        404) == "session_not_found"
        response = client.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                               json={"text": "Hello, am I speaking with Olly?"})
        assert error_of(response, 404) == "session_not_found"
    assert counts() == (1, 0)


def test_trainee_cannot_see_another_users_session_page_either(login_as, start_session):
    foreign = start_session("outsider")
    client = login_as("trainee")
    for url in (f"/practice/sessions/{foreign}", f"/practice/sessions/{foreign}/scorecard"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Olly" not in response.get_data(as_text=True)


@pytest.mark.parametrize("header", ["Bearer trn_not-a-real-token", "Bearer ", "Basic abc",
                                    "Bearer " + "x" * 500])
def test_bad_token_is_401(client, header):
    response = client.get("/api/v1/sessions", headers={"Authorization": header})
    assert error_of(response, 401) == "bad_token"


def test_regenerated_token_replaces_the_old_one(client, bearer):
    old = bearer("trainee")
    new = bearer("trainee")
    assert error_of(client.get("/api/v1/sessions", headers=old), 401) == "bad_token"
    assert client.get("/api/v1/sessions", headers=new).status_code == 200


def test_score_endpoint(client, bearer):
    response = client.post("/api/v1/score", headers=bearer("qa"), json={
        "id": "line-7", "text": "I'm really sorry to hear about your job loss.",
        "context": "I lost my job last month."})
    card = response.get_json()
    assert response.status_code == 200 and card["id"] == "line-7"
    assert card["scores"]["empathy"] >= 60
    assert any(e["dimension"] == "empathy" and e["effect"] > 0 for e in card["evidence"])


@pytest.mark.parametrize("body, code", [
    ({"text": ""}, "empty_text"), ({"text": "x" * 2001}, "text_too_long"),
    ({"text": "fine", "context": 5}, "bad_context"),
    ({"text": "fine", "context": {"nonsense": 1}}, "bad_context"), ({}, "missing_text"),
])
def test_score_endpoint_bad_input(client, bearer, body, code):
    response = client.post("/api/v1/score", json=body, headers=bearer("coach"))
    got = error_of(response, 400)
    assert got == code or (code == "empty_text" and got in {"empty", "empty_text"})


def test_trainee_may_not_use_the_score_endpoint(client, bearer):
    response = client.post("/api/v1/score", json={"text": "hello"}, headers=bearer("trainee"))
    assert error_of(response, 403) == "forbidden"


def test_session_list_visibility_and_filters(app, client, bearer, uid, start_session):
    mine = start_session("trainee", "lost_job")
    other_scenario = start_session("trainee", "stop_calling")
    foreign = start_session("outsider", "lost_job")

    def ids(role, query=""):
        response = client.get(f"/api/v1/sessions{query}", headers=bearer(role))
        assert response.status_code == 200
        return {s["id"] for s in response.get_json()}

    assert ids("trainee") == {mine, other_scenario}
    assert ids("coach") == {mine, other_scenario}  # the coach's team: not the outsider
    assert ids("admin") == {mine, other_scenario, foreign}
    assert ids("qa") == set()
    assert ids("admin", "?scenario=lost_job") == {mine, foreign}
    assert ids("admin", f"?trainee={uid('outsider')}") == {foreign}
    assert ids("trainee", f"?trainee={uid('outsider')}") == set()
    assert ids("admin", "?since=2000-01-01") == {mine, other_scenario, foreign}
    assert ids("admin", "?since=2999-01-01T00:00:00%2B02:00") == set()


@pytest.mark.parametrize("query, code", [
    ("?trainee=abc", "bad_trainee"), ("?since=yesterday", "bad_since"),
    ("?limit=0", "bad_limit"), ("?limit=many", "bad_limit"),
])
def test_session_list_bad_filters(client, bearer, query, code):
    response = client.get(f"/api/v1/sessions{query}", headers=bearer("admin"))
    assert error_of(response, 400) == code


def test_unknown_api_route_and_wrong_method_are_json(client, bearer):
    headers = bearer("trainee")
    assert error_of(client.get("/api/v1/nothing", headers=headers), 404) == "not_found"
    response = client.delete("/api/v1/scenarios", headers=headers)
    assert error_of(response, 405) == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_a_broken_audio_upload_is_refused_clearly(client, bearer, start_session, counts):
    session_id = start_session("trainee")
    response = client.post(f"/api/v1/sessions/{session_id}/turns", headers=bearer("trainee"),
                           data={"audio": (__import__("io").BytesIO(b"RIFF"), "a.wav")},
                           content_type="multipart/form-data")
    assert error_of(response, 400) == "corrupt"
    assert counts() == (1, 0)


def test_openapi_describes_every_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    converters = {"{session_id}": "<int:session_id>", "{index}": "<int:index>",
                  "{job_id}": "<job_id>", "{call_id}": "<int:call_id>"}
    documented = set()
    for path, ops in doc["paths"].items():
        for name, rule in converters.items():
            path = path.replace(name, rule)
        documented |= {(m.upper(), "/api/v1" + path) for m in ops}
    served = {(m, r.rule) for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1")
              for m in r.methods - {"HEAD", "OPTIONS"}}
    assert documented == served
    refs = {v.rsplit("/", 1)[1] for v in _walk(doc) if isinstance(v, str) and
            v.startswith("#/components/schemas/")}
    assert refs <= set(doc["components"]["schemas"])


def _walk(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
    else:
        yield node


def test_turns_and_the_session_say_what_the_moment_called_for(client, bearer, good_answers):
    headers = bearer("trainee")
    session_id = client.post("/api/v1/sessions", json={"scenario": "lost_job"},
                             headers=headers).get_json()["id"]
    first = client.post(f"/api/v1/sessions/{session_id}/turns", json={"text": good_answers[0]},
                        headers=headers).get_json()
    # "Hello?": the opening calls for identifying yourself and verifying the person
    assert first["called_for"] == ["assertiveness", "calmness", "verification"]
    card = first["turn"]
    assert card["called_for"] == first["called_for"] and card["moment"]["kind"] == "opening"
    assert "compliance_state" not in card  # kept with the stored turn, not returned
    assert set(card["moment"]["not_called_for"]) == {"empathy", "positive_language"}
    assert abs(card["overall"] - (card["scores"]["assertiveness"]
                                  + card["scores"]["calmness"]) / 2) <= 1
    for text in good_answers[1:4]:
        result = client.post(f"/api/v1/sessions/{session_id}/turns", json={"text": text},
                             headers=headers).get_json()
    assert "empathy" in result["called_for"]  # Dana has just said she lost her job
    scorecard = client.get(f"/api/v1/sessions/{session_id}", headers=headers).get_json()
    assert set(scorecard["called_for"]) == {"empathy", "positive_language", "assertiveness",
                                            "calmness"}
    assert scorecard["turns"][0]["scorecard"]["called_for"] == first["called_for"]


def test_openapi_documents_called_for(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    for name in ("TurnResult", "Scorecard", "SessionScorecard"):
        assert "called_for" in schemas[name]["properties"], name
    assert "opening" in schemas["Moment"]["properties"]["kind"]["enum"]
