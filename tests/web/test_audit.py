"""The audit log: a record for every admin action, and the admin page that lists them."""

import pytest

from trainer import audit
from trainer.extensions import db
from trainer.models import AuditRecord, User


def text_of(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def _records(app, **filters) -> list[dict]:
    with app.app_context():
        return [r.to_dict() for r in db.session.scalars(audit.records_query(**filters))]


def _create_on_page(client, csrf, email, password="long-enough"):
    token = csrf(client, "/admin/users")
    return client.post("/admin/users", data={
        "csrf_token": token, "email": email, "name": "New Hire", "role": "qa", "team": "",
        "password": password})


def test_creating_a_user_on_the_admin_page_is_audited_with_the_admin_as_actor(
        app, login_as, csrf, uid):
    assert _create_on_page(login_as("admin"), csrf, "new.hire@example.com").status_code == 302
    [entry] = _records(app)
    with app.app_context():
        new_id = User.by_email("new.hire@example.com").id
    assert entry["action"] == "user.create"
    assert entry["actor"] == {"id": uid("admin"), "label": "admin@example.com"}
    assert entry["target"] == {"type": "user", "id": str(new_id)}
    assert entry["old"] is None
    assert entry["new"] == {"email": "new.hire@example.com", "name": "New Hire", "role": "qa",
                            "team": None}
    assert "long-enough" not in str(entry)


def test_a_refused_user_creation_leaves_no_record(app, login_as, csrf):
    assert _create_on_page(login_as("admin"), csrf, "fresh@example.com", "short").status_code \
        == 400
    assert _records(app) == []


def test_users_created_and_tokens_issued_from_the_command_line_are_audited(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "cli@example.com", "--role",
                                 "coach", "--password", "long-enough"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["users", "token", "cli@example.com"]).exit_code == 0
    token_entry, create_entry = _records(app)
    assert (create_entry["action"], create_entry["actor"]) == (
        "user.create", {"id": None, "label": "command line"})
    assert token_entry["action"] == "user.token"
    assert token_entry["target"] == create_entry["target"]
    assert token_entry["new"] == {"had_token": True} and "trn_" not in str(token_entry)


def test_a_failed_command_line_creation_leaves_no_record(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "trainee@example.com",
                                 "--role", "coach", "--password", "long-enough"])
    assert result.exit_code == 1
    assert _records(app) == []


def test_the_query_helper_filters_by_target_and_lists_newest_first(app, uid):
    with app.app_context():
        admin = db.session.get(User, uid("admin"))
        audit.record("call.check_corrected", "call", 7, actor=admin, old={"status": "fail"},
                     new={"status": "pass"}, reason="disclosure given at 0:42")
        audit.record("call.score_corrected", "call", 7, actor=admin, old=61, new=70,
                     reason="agent was interrupted")
        audit.record("call.score_corrected", "call", 8, actor=admin, old=50, new=55,
                     reason="same")
        db.session.commit()
        history = audit.history("call", 7)
        assert [r.action for r in history] == ["call.score_corrected", "call.check_corrected"]
        assert history[1].reason == "disclosure given at 0:42"
        assert audit.recorded_actions() == ["call.check_corrected", "call.score_corrected"]
        assert [u.email for u in audit.recorded_actors()] == ["admin@example.com"]


@pytest.fixture
def logged(app, login_as, csrf, runner):
    """Three records: two users created by the admin on the page, one by the command line."""
    admin = login_as("admin")
    for email in ("first@example.com", "second@example.com"):
        assert _create_on_page(admin, csrf, email).status_code == 302
    assert runner.invoke(args=["users", "token", "first@example.com"]).exit_code == 0
    return admin


def test_the_audit_page_lists_records_newest_first(logged):
    page = text_of(logged.get("/admin/audit"))
    assert "3 records, newest first." in page
    first, second, token = (page.index(s) for s in (
        '"first@example.com"', '"second@example.com"', "API token issued</td>"))
    assert token < second < first
    assert 'aria-current="page">Audit log' in page


@pytest.mark.parametrize("query, shown, hidden", [
    ("action=user.token", ["API token issued</td>"], ['"second@example.com"']),
    ("action=user.create", ['"first@example.com"', '"second@example.com"'],
     ["API token issued</td>"]),
    ("actor=cli", ["API token issued</td>"], ['"second@example.com"']),
])
def test_the_audit_page_filters_by_action_and_actor(logged, query, shown, hidden):
    page = text_of(logged.get(f"/admin/audit?{query}"))
    assert all(s in page for s in shown) and not any(h in page for h in hidden)


def test_the_audit_page_filters_by_a_user_actor(logged, uid):
    page = text_of(logged.get(f"/admin/audit?actor={uid('admin')}"))
    assert "2 records" in page and "API token issued</td>" not in page


@pytest.mark.parametrize("query, notice", [
    ("action=user.delete", "Nothing was recorded as “user.delete”"),
    ("actor=abc", "That actor has no records"),
    ("actor=99999", "That actor has no records"),
    ("page=-4", None),
])
def test_unknown_filters_show_everything_with_a_notice(logged, query, notice):
    response = logged.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    page = text_of(response)
    assert "3 records" in page
    if notice:
        assert notice in page


def test_records_are_never_edited_by_the_page(app, logged):
    logged.post("/admin/audit")  # no such method: nothing changes
    with app.app_context():
        assert db.session.query(AuditRecord).count() == 3
