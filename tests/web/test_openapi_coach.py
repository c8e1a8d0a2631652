"""The coach routes are in the OpenAPI description, and real answers match it."""

import pytest
from jsonschema import Draft202012Validator


@pytest.fixture
def doc(client):
    """The served OpenAPI document."""
    return client.get("/api/v1/openapi.json").get_json()


def check(doc, name, instance):
    """Validate an answer against one of the document's schemas."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(instance), key=str)
    assert errors == [], [e.message for e in errors[:5]]


def test_the_new_routes_are_described(doc):
    paths = doc["paths"]
    assert "get" in paths["/trainees"] and "get" in paths["/calibration"]
    review = paths["/sessions/{session_id}/reviews"]["post"]
    assert set(review["responses"]) >= {"201", "400", "403", "404"}
    card = doc["components"]["schemas"]["SessionScorecard"]["properties"]
    assert {"engine", "coach_changed", "comments", "disputes"} <= set(card)


def test_answers_match_the_description(app, doc, client, bearer, play):
    session_id = play("trainee")
    headers = bearer("coach")
    review = client.post(f"/api/v1/sessions/{session_id}/reviews", headers=headers, json={
        "turn": 1, "overrides": {"empathy": 33}, "reason": "flat", "confirm": ["calmness"]})
    assert review.status_code == 201
    check(doc, "Review", review.get_json())
    check(doc, "SessionScorecard", client.get(f"/api/v1/sessions/{session_id}",
                                              headers=headers).get_json())
    for trainee in client.get("/api/v1/trainees", headers=headers).get_json():
        check(doc, "Trainee", trainee)
    check(doc, "Calibration", client.get("/api/v1/calibration", headers=headers).get_json())
    for summary in client.get("/api/v1/sessions", headers=headers).get_json():
        check(doc, "SessionSummary", summary)
