"""The role matrix of the coach review work: every new page and route against the trainee,
the coach of the team, the coach of another team, QA, an admin, a deactivated user and
nobody. A refusal changes nothing (checked on the audit log and the review tables)."""

import pytest
from apps import close_app, make_app
from review_data import EXTRA_USERS, ROUGH_RUN
from seed_users import USERS, add_user

from trainer.extensions import db
from trainer.models import (
    Assignment,
    AuditRecord,
    CalibrationSession,
    Comment,
    Dispute,
    ScoreJudgement,
    User,
)

ROLES = ("anon", "trainee", "coach", "other_coach", "qa", "admin", "deactivated")
STAFF = {"trainee": 403, "coach": 200, "other_coach": 200, "qa": 403, "admin": 200}
TEAM = {"trainee": 403, "coach": 200, "other_coach": 403, "qa": 403, "admin": 200}
ADMIN = {"trainee": 403, "coach": 403, "other_coach": 403, "qa": 403, "admin": 200}
OWNER_VIEW = {"trainee": 200, "coach": 200, "other_coach": 404, "qa": 404, "admin": 200}
REVIEWERS = {"trainee": 403, "coach": 200, "other_coach": 200, "qa": 403, "admin": 200}


def done(table):
    """A POST that succeeds redirects (302) where `table` says 200."""
    return {k: 302 if v == 200 else v for k, v in table.items()}


PAGES = [
    ("/coach/", STAFF),
    ("/coach/queue", STAFF),
    ("/coach/queue?reason=dispute", STAFF),
    ("/coach/trainees/{trainee}", TEAM),
    ("/coach/sessions/{session}", TEAM),
    ("/coach/assignments", STAFF),
    ("/coach/calibration", STAFF),
    ("/coach/calibration/answers?dimension=empathy", STAFF),
    ("/coach/calibration/sessions", STAFF),
    ("/coach/calibration/{calibration}", REVIEWERS),
    ("/coach/export", STAFF),
    ("/coach/export.json", STAFF),
    ("/coach/export.csv?kind=turns", STAFF),
    ("/admin/users/{trainee}", ADMIN),
    ("/admin/teams", ADMIN),
    ("/practice/sessions/{session}/scorecard", OWNER_VIEW),
    ("/practice/", {k: 200 for k in STAFF}),
]

OVERRIDE = {"turn": "2", "dimension": "empathy", "score": "12", "reason": "cold"}
POSTS = [
    ("/coach/sessions/{session}/comments", {"turn": "1", "body": "Slow down"}, done(TEAM)),
    ("/coach/sessions/{session}/overrides", OVERRIDE, done(TEAM)),
    ("/coach/sessions/{session}/confirm", {"turn": "0"}, done(TEAM)),
    ("/coach/sessions/{session}/flags",
     {"turn": "3", "flag": "0", "decision": "confirm", "reason": "a threat"}, done(TEAM)),
    ("/coach/sessions/{session}/reviewed", {}, done(TEAM)),
    ("/coach/comments/{comment}", {"body": "Slower, please"},
     {**done(TEAM), "admin": 403}),  # only its author edits a comment
    ("/coach/disputes/{dispute}", {"decision": "reject", "reason": "the score stands"},
     done(TEAM)),
    ("/coach/assignments", {"scenario": "lost_job", "assignee": "team:{north}",
                            "due": "2099-01-31", "pass_mark": "70"}, done(TEAM)),
    ("/coach/assignments/{assignment}/delete", {}, done(TEAM)),
    ("/coach/calibration/sessions", {"session": "{session}", "coaches": ["{coach}", "{other}"]},
     done(TEAM)),
    ("/coach/calibration/{calibration}/overrides", OVERRIDE,
     {**done(REVIEWERS), "admin": 409}),  # an admin who is not one of its coaches: no
    ("/coach/calibration/{calibration}/submit", {}, {**done(REVIEWERS), "admin": 409}),
    ("/practice/sessions/{session}/disputes",
     {"turn": "2", "dimension": "calmness", "reason": "I stayed calm"},
     {"trainee": 302, "coach": 404, "other_coach": 404, "qa": 404, "admin": 404}),
    ("/admin/users/{trainee}", {"name": "Terry T", "role": "trainee", "team": "north"},
     done(ADMIN)),
    ("/admin/users/{trainee}/deactivate", {}, done(ADMIN)),
    ("/admin/users/{trainee}/password", {"password": "a-new-password"}, done(ADMIN)),
    ("/admin/teams", {"name": "east"}, done(ADMIN)),
]

API = [
    ("GET", "/api/v1/trainees", None, {k: 200 for k in STAFF}),
    ("GET", "/api/v1/sessions?trainee={trainee}", None, {k: 200 for k in STAFF}),
    ("GET", "/api/v1/calibration", None, STAFF),
    ("POST", "/api/v1/sessions/{session}/reviews", {"comment": "Good opening"},
     {**TEAM, "coach": 201, "admin": 201}),
    ("POST", "/api/v1/sessions/{session}/reviews",
     {"turn": 2, "overrides": {"empathy": 20}, "reason": "cold"},
     {**TEAM, "coach": 201, "admin": 201}),
]


def build_world(app) -> dict:
    """A finished, flagged session of the trainee with a comment, a dispute, an assignment
    and a blind calibration session in which both coaches judged a score; the ids."""
    from trainer.review import blind, comments, disputes, judgements
    from trainer.review.assignments import create_assignment
    from trainer.sessions import service

    with app.app_context():
        extra = {key: add_user(**spec) for key, spec in EXTRA_USERS.items()}
        db.session.commit()
        users = {key: User.by_email(spec["email"]).id for key, spec in
                 {**USERS, **EXTRA_USERS}.items()}
        trainee, coach = (db.session.get(User, users[k]) for k in ("trainee", "coach"))
        session = service.start_session(trainee.id, "stop_calling")
        for i in range(40):
            _turn, step = service.submit_answer(session.id, trainee.id,
                                                ROUGH_RUN[min(i, len(ROUGH_RUN) - 1)])
            if step.finished:
                break
        comment = comments.add_comment(session, coach, "Listen first", 1)
        dispute = disputes.open_dispute(session.id, trainee, "empathy", "I said sorry", 1)
        assignment = create_assignment(coach, "stop_calling", "2099-01-01", 75,
                                       trainee_id=trainee.id)
        other = extra["other_coach"]
        calibration = blind.create_calibration(coach, session.id, [coach.id, other.id])
        for who in (coach, other):
            judgements.confirm_scores(session, who, None, 0, calibration=calibration)
        return {"users": users, "trainee": trainee.id, "session": session.id,
                "comment": comment.id, "dispute": dispute.id, "assignment": assignment.id,
                "calibration": calibration.id, "north": coach.team_record.id,
                "coach": coach.id, "other": other.id}


@pytest.fixture
def worlds(tmp_path):
    """worlds() -> (app, ids): a fresh app with its own world (CSRF off: the matrix is about
    roles; CSRF has its own tests)."""
    made = []

    def _new():
        app = make_app(tmp_path / f"world{len(made)}", WTF_CSRF_ENABLED=False)
        made.append(app)
        return app, build_world(app)

    yield _new
    for app in made:
        close_app(app)


def client_for(app, ids: dict, role: str):
    """A test client logged in as `role` (anon: not logged in)."""
    client = app.test_client()
    if role != "anon":
        with client.session_transaction() as sess:
            sess["_user_id"], sess["_fresh"] = str(ids["users"][role]), True
    return client


def snapshot(app):
    """What a refused request must not change."""
    with app.app_context():
        return tuple(db.session.query(model).count() for model in (
            AuditRecord, Comment, ScoreJudgement, Dispute, Assignment, CalibrationSession))


def refused_to_log_in(response) -> bool:
    """Anonymous and deactivated users are sent to the login page."""
    return response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path, expected", PAGES, ids=[p for p, _ in PAGES])
def test_pages(worlds, path, expected):
    app, ids = worlds()
    url = path.format(**ids)
    wrong = []
    for role in ROLES:
        response = client_for(app, ids, role).get(url)
        if role in ("anon", "deactivated"):
            if not refused_to_log_in(response):
                wrong.append((role, response.status_code, "login"))
        elif response.status_code != expected[role]:
            wrong.append((role, response.status_code, expected[role]))
    assert wrong == [], f"{url}: (role, got, wanted) {wrong}"


def _form(body: dict, ids: dict) -> dict:
    return {k: [x.format(**ids) for x in v] if isinstance(v, list) else v.format(**ids)
            for k, v in body.items()}


@pytest.mark.parametrize("path, body, expected", POSTS, ids=[p for p, _, _ in POSTS])
def test_posts(worlds, path, body, expected):
    app, ids = worlds()
    url, before, wrong = path.format(**ids), snapshot(app), []
    for role in ROLES:  # every refusal on one world: none of them may change anything
        if role not in ("anon", "deactivated") and expected[role] < 400:
            continue
        response = client_for(app, ids, role).post(url, data=_form(body, ids))
        ok = refused_to_log_in(response) if role in ("anon", "deactivated") \
            else response.status_code == expected[role]
        if not ok or snapshot(app) != before:
            wrong.append((role, response.status_code, expected.get(role, "login")))
    for role in (r for r in expected if expected[r] < 400):  # each success on its own world
        fresh, fresh_ids = worlds()
        response = client_for(fresh, fresh_ids, role).post(path.format(**fresh_ids),
                                                           data=_form(body, fresh_ids))
        if response.status_code != expected[role]:
            wrong.append((role, response.status_code, expected[role],
                          response.get_data(as_text=True)[:300]))
    assert wrong == [], f"{url}: (role, got, wanted) {wrong}"


def _token(app, user_id: int) -> dict:
    with app.app_context():
        user = db.session.get(User, user_id)
        token = user.new_api_token()
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("method, path, body, expected", API,
                         ids=[f"{m} {p} {b}" for m, p, b, _ in API])
def test_api(worlds, method, path, body, expected):
    app, ids = worlds()
    url, wrong = path.format(**ids), []
    for role in sorted(ROLES, key=lambda r: expected.get(r, 0) < 300):  # refusals first
        before = snapshot(app)
        headers = {} if role == "anon" else _token(app, ids["users"][role])
        response = app.test_client().open(url, method=method, json=body, headers=headers)
        want = 401 if role in ("anon", "deactivated") else expected[role]
        refused_cleanly = want < 400 or (response.get_json()["error"]["message"]
                                         and snapshot(app) == before)
        if response.status_code != want or not refused_cleanly:
            wrong.append((role, response.status_code, want))
    assert wrong == [], f"{method} {url}: (role, got, wanted) {wrong}"


def test_a_trainee_lists_only_themself_and_a_coach_only_their_teams(worlds):
    app, ids = worlds()
    users = ids["users"]

    def emails(user_id):
        answer = app.test_client().get("/api/v1/trainees",
                                       headers=_token(app, user_id)).get_json()
        return sorted(t["email"] for t in answer)

    assert emails(users["trainee"]) == ["trainee@example.com"]
    assert emails(users["coach"]) == ["gone@example.com", "trainee@example.com"]
    assert emails(users["other_coach"]) == ["outsider@example.com"]
    assert "outsider@example.com" in emails(users["admin"])
