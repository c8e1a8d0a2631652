"""Who may do what with real calls: every QA and scenario-draft route against every role.

Real calls hold consumers' data (the audio cannot be redacted), so calls, their audio,
batches, corrections and agent trends are for QA analysts and admins; coaches and trainees
are refused, anonymous visitors are sent to log in. Publishing a drafted scenario is for
admins only.
"""

import io

import pytest
from qa_helpers import CALLS

ROLES = ("anon", "trainee", "coach", "qa", "admin", "outsider")
CALL_STAFF = {"trainee": 403, "coach": 403, "qa": 200, "admin": 200, "outsider": 403}
ADMIN = {"trainee": 403, "coach": 403, "qa": 403, "admin": 200, "outsider": 403}


def _allowed(ok: int, table=CALL_STAFF) -> dict:
    return {role: ok if status == 200 else status for role, status in table.items()}


PAGES = [
    ("/qa/calls", CALL_STAFF),
    ("/qa/calls?critical=yes&check=missing_mini_miranda", CALL_STAFF),
    ("/qa/upload", CALL_STAFF),
    ("/qa/calls/{done}", CALL_STAFF),
    ("/qa/calls/{failed}", CALL_STAFF),
    ("/qa/calls/{audio}/audio", CALL_STAFF),
    ("/qa/batches/{batch}", CALL_STAFF),
    ("/qa/batches/{batch}/progress", CALL_STAFF),
    ("/qa/agents", CALL_STAFF),
    ("/qa/agents/sam.agent", CALL_STAFF),
    ("/admin/scenario-drafts", ADMIN),
    ("/admin/scenario-drafts/{draft}", ADMIN),
]

# (path, form fields, files, expected per role): what each allowed role gets back.
POSTS = [
    ("/qa/calls/{done}/swap", {}, None, _allowed(302)),
    ("/qa/calls/{failed}/retry", {}, None, _allowed(302)),
    ("/qa/calls/{done}/scenario", {}, None, _allowed(302)),
    ("/qa/calls/{done}/corrections/check",
     {"rule": "missing_mini_miranda", "status": "pass", "reason": "said at 0:12"}, None,
     _allowed(302)),
    ("/qa/calls/{done}/corrections/score",
     {"name": "empathy", "value": "80", "reason": "warm throughout"}, None, _allowed(302)),
    ("/qa/upload", {}, {"files": "call.txt"}, _allowed(302)),
    ("/qa/batches", {"label": "night shift"}, None, _allowed(201)),
    ("/qa/batches/{batch}/files", {}, {"file": "call.vtt"}, _allowed(201)),
    ("/admin/scenario-drafts/{draft}", {"yaml_text": "id: x\n"}, None, _allowed(200, ADMIN)),
    ("/admin/scenario-drafts/{draft}/discard", {}, None, _allowed(302, ADMIN)),
]

API = [
    ("GET", "/api/v1/calls", None, CALL_STAFF),
    ("GET", "/api/v1/calls/{done}", None, CALL_STAFF),
    ("POST", "/api/v1/calls", {"file": "call.json"}, _allowed(202)),
]


@pytest.fixture
def targets(app, uid, add_call, broken_mp3):
    """A scored call, a failed one, a stored audio call, a batch and a scenario draft."""
    from trainer.extensions import db
    from trainer.models import User
    from trainer.sessions.call_batches import upload_batch
    from trainer.sessions.call_scenario import draft_from_call

    done = add_call("call.json")
    failed = add_call(broken_mp3, "broken.mp3")
    audio = add_call("call_stereo.mp3", run=False)
    with app.app_context():
        batch = upload_batch([("call.srt", (CALLS / "call.srt").read_bytes())], uid("qa")).id
        draft = draft_from_call(done, db.session.get(User, uid("qa"))).id
    return {"done": done, "failed": failed, "audio": audio, "batch": batch, "draft": draft}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path, expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages(client, login_as, targets, role, path, expected):
    url = path.format(**targets)
    if role == "anon":
        response = client.get(url)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
        return
    response = login_as(role).get(url)
    response.close()  # the audio is a file response
    assert response.status_code == expected[role], response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path, fields, files, expected", POSTS, ids=[p[0] for p in POSTS])
def test_posts(client, login_as, csrf, targets, call_rows, role, path, fields, files,
               expected):
    url = path.format(**targets)
    who = client if role == "anon" else login_as(role)
    data = dict(fields, csrf_token=csrf(who, "/settings" if role != "anon" else "/login"))
    for field, name in (files or {}).items():
        data[field] = (io.BytesIO((CALLS / name).read_bytes()), name)
    before = call_rows()
    response = who.post(url, data=data, content_type="multipart/form-data",
                        headers={"X-CSRFToken": data["csrf_token"]})
    if role == "anon":
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
        assert call_rows() == before
        return
    assert response.status_code == expected[role], response.get_data(as_text=True)[:300]
    if expected[role] == 403:
        assert call_rows() == before  # a refused role changes nothing


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path, files, expected", API, ids=[f"{m} {p}" for m, p, *_ in API])
def test_api(client, bearer, targets, role, method, path, files, expected):
    headers = {} if role == "anon" else bearer(role)
    kwargs = {}
    if files:
        kwargs = {"data": {k: (io.BytesIO((CALLS / v).read_bytes()), v) for k, v in files.items()},
                  "content_type": "multipart/form-data"}
    response = client.open(path.format(**targets), method=method, headers=headers, **kwargs)
    want = 401 if role == "anon" else expected[role]
    assert response.status_code == want, response.get_data(as_text=True)[:300]
    if want >= 400:
        error = response.get_json()["error"]
        assert error["code"] and error["message"]


def test_a_call_job_is_visible_to_its_uploader_only_among_qa(client, bearer, app, uid):
    """Jobs keep their own rule (owner, their coach, admins): another QA analyst follows the
    call through GET /api/v1/calls/ID instead."""
    response = client.post("/api/v1/calls", headers=bearer("qa"),
                           content_type="multipart/form-data",
                           data={"file": (io.BytesIO((CALLS / "call.json").read_bytes()),
                                          "call.json")})
    job = response.get_json()["job"]
    assert client.get(f"/api/v1/jobs/{job}", headers=bearer("qa")).status_code == 200
    assert client.get(f"/api/v1/jobs/{job}", headers=bearer("admin")).status_code == 200
    assert client.get(f"/api/v1/jobs/{job}", headers=bearer("coach")).status_code == 404
