"""CSRF: form posts and cookie-authenticated API writes need a valid, fresh token."""

import time

import pytest
from itsdangerous import TimestampSigner

from trainer.extensions import db
from trainer.models import User


@pytest.fixture
def expired_token(monkeypatch, csrf):
    """expired_token(client, path) -> a token signed nine hours ago (the limit is eight)."""

    def _expired(client, path):
        with monkeypatch.context() as m:
            m.setattr(TimestampSigner, "get_timestamp",
                      lambda self: int(time.time()) - 9 * 3600)
            return csrf(client, path)

    return _expired


@pytest.mark.parametrize("kind", ["missing", "expired", "wrong"])
def test_form_post_without_a_valid_token_is_rejected_and_changes_nothing(
        login_as, expired_token, counts, kind):
    client = login_as("trainee")
    data = {"scenario": "lost_job"}
    if kind == "expired":
        data["csrf_token"] = expired_token(client, "/practice/")
    elif kind == "wrong":
        data["csrf_token"] = "not-a-token"
    response = client.post("/practice/sessions", data=data)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert counts() == (0, 0)


def test_answer_without_token_adds_no_turn(login_as, start_session, counts):
    session_id = start_session("trainee")
    response = login_as("trainee").post(f"/practice/sessions/{session_id}/turns",
                                        data={"text": "Hello, am I speaking with Dana?"})
    assert response.status_code == 400
    assert counts() == (1, 0)


def test_admin_create_user_with_expired_token_creates_nobody(app, login_as, expired_token):
    client = login_as("admin")
    token = expired_token(client, "/admin/users")
    response = client.post("/admin/users", data={
        "csrf_token": token, "email": "late@example.com", "role": "trainee",
        "password": "long-enough"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    with app.app_context():
        assert User.by_email("late@example.com") is None


def test_settings_token_regeneration_needs_csrf(app, login_as):
    response = login_as("trainee").post("/settings", data={})
    assert response.status_code == 400
    with app.app_context():
        assert User.by_email("trainee@example.com").api_token_hash is None


def test_login_form_needs_csrf(client):
    response = client.post("/login", data={"email": "trainee@example.com",
                                           "password": "correct-horse"})
    assert response.status_code == 400
    assert client.get("/practice/").status_code == 302  # still logged out


def test_cookie_api_write_needs_the_csrf_header(login_as, csrf, counts):
    client = login_as("trainee")
    refused = client.post("/api/v1/sessions", json={"scenario": "lost_job"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf"
    assert counts() == (0, 0)
    token = csrf(client, "/practice/")
    accepted = client.post("/api/v1/sessions", json={"scenario": "lost_job"},
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
    assert counts() == (1, 0)


def test_cookie_api_reads_need_no_csrf(login_as):
    assert login_as("trainee").get("/api/v1/scenarios").status_code == 200


def test_bearer_api_write_is_csrf_exempt_and_sets_no_cookie(app, bearer, client):
    response = client.post("/api/v1/sessions", json={"scenario": "lost_job"},
                           headers=bearer("trainee"))
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        assert db.session.query(User).count() == 5
