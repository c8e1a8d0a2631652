"""The authorisation matrix: every role (and anonymous) against every page and API route."""

import pytest

ROLES = ("anon", "trainee", "coach", "qa", "admin", "outsider")
ALL_USERS = {"trainee": 200, "coach": 200, "qa": 200, "admin": 200, "outsider": 200}
STAFF = {"trainee": 403, "coach": 200, "qa": 403, "admin": 200, "outsider": 403}
SCORERS = {"trainee": 403, "coach": 200, "qa": 200, "admin": 200, "outsider": 403}
ADMIN = {"trainee": 403, "coach": 403, "qa": 403, "admin": 200, "outsider": 403}
# The trainee's own session: their coach and admins see it; anyone else gets a 404 (no leak).
SESSION_VIEWERS = {"trainee": 200, "coach": 200, "qa": 404, "admin": 200, "outsider": 404}

# (path template, expected status per role); anonymous page requests redirect to /login.
PAGES = [
    ("/practice/", ALL_USERS),
    ("/practice/history", ALL_USERS),
    ("/settings", ALL_USERS),
    ("/coach/", STAFF),
    ("/coach/trainees/{trainee}", STAFF),
    ("/qa/score", SCORERS),
    ("/admin/users", ADMIN),
    ("/admin/scenarios", ADMIN),
    ("/admin/audit", ADMIN),
    ("/admin/audit?action=user.create&actor=cli", ADMIN),
    ("/practice/sessions/{session}/scorecard", SESSION_VIEWERS),
]

# (method, path, JSON body, expected status per role); anonymous API calls get 401.
API = [
    ("GET", "/api/v1/scenarios", None, ALL_USERS),
    ("GET", "/api/v1/sessions", None, ALL_USERS),
    ("GET", "/api/v1/sessions/{session}", None, SESSION_VIEWERS),
    ("POST", "/api/v1/sessions", {"scenario": "stop_calling"},
     {k: 201 for k in ALL_USERS}),
    ("POST", "/api/v1/sessions/{session}/turns", {"text": "Hello, am I speaking with Dana?"},
     {"trainee": 200, "coach": 404, "qa": 404, "admin": 404, "outsider": 404}),
    ("POST", "/api/v1/score", {"text": "I understand, let's find a plan."}, SCORERS),
]


@pytest.fixture
def targets(uid, start_session):
    """Ids the path templates need: the trainee's user id and one of their sessions."""
    return {"trainee": uid("trainee"), "session": start_session("trainee")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path, expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages(client, login_as, targets, role, path, expected):
    url = path.format(**targets)
    if role == "anon":
        response = client.get(url)
        assert response.status_code == 302
        assert "/login?next=" in response.headers["Location"]
        return
    response = login_as(role).get(url)
    assert response.status_code == expected[role], response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path, body, expected", API,
                         ids=[f"{m} {p}" for m, p, _, _ in API])
def test_api(client, bearer, targets, role, method, path, body, expected):
    headers = {} if role == "anon" else bearer(role)
    response = client.open(path.format(**targets), method=method, json=body, headers=headers)
    want = 401 if role == "anon" else expected[role]
    assert response.status_code == want, response.get_data(as_text=True)[:300]
    if want >= 400:
        error = response.get_json()["error"]
        assert error["code"] and error["message"]


@pytest.mark.parametrize("role", ROLES)
def test_openapi_is_public(client, bearer, role):
    headers = {} if role == "anon" else bearer(role)
    response = client.get("/api/v1/openapi.json", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["openapi"].startswith("3.")
