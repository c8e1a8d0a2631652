"""A real call made into a practice scenario: QA marks it, the customer's side becomes an
anonymised draft that the scenario loader accepts, an admin reviews and publishes it, and
until then no page, API or session can see it."""

from pathlib import Path

import pytest
import yaml

from trainer.extensions import db
from trainer.models import AuditRecord, ScenarioDraft
from trainer.scenarios.loader import load_file


@pytest.fixture
def drafted(app, add_call, login_as, csrf):
    """drafted() -> (call id, draft id): a scored call marked by QA."""

    def _draft():
        call_id = add_call("call.json")
        client = login_as("qa")
        response = client.post(f"/qa/calls/{call_id}/scenario",
                               data={"csrf_token": csrf(client, f"/qa/calls/{call_id}")},
                               follow_redirects=True)
        assert "is waiting for an admin&#39;s review" in response.get_data(as_text=True)
        with app.app_context():
            draft = db.session.scalar(db.select(ScenarioDraft).filter_by(call_id=call_id))
            return call_id, draft.id

    return _draft


def _draft(app, draft_id) -> ScenarioDraft:
    with app.app_context():
        draft = db.session.get(ScenarioDraft, draft_id)
        db.session.expunge(draft)
        return draft


def test_the_draft_is_the_customers_side_anonymised_and_it_loads(app, drafted, tmp_path):
    call_id, draft_id = drafted()
    draft = _draft(app, draft_id)
    data = yaml.safe_load(draft.yaml_text)
    says = [node["say"] for node in data["nodes"].values()]
    text = draft.yaml_text
    for private in ("Dana", "Whitfield", "Maple", "Springfield", "4111", "1111", "Harbor",
                    "Northside", "Sam"):
        assert private not in text, private
    assert "Hello?" in says and "Yes, this is Jordan." in says  # the debtor's own lines
    assert not any("attempt to collect" in s for s in says)  # the agent's words never go in
    assert "Example Recovery" == data["facts"]["creditor"]
    assert "note: The real agent's answer scored" in text  # where the real call went
    assert data["steps"] == ["verification", "mini_miranda", "promise"]
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(text)
    scenario = load_file(path)  # schema and graph checks, as the library loads it
    assert scenario.id == f"call_{call_id}"


def test_a_draft_is_in_no_library_until_an_admin_publishes_it(app, drafted, login_as, csrf,
                                                            bearer, client):
    _call_id, draft_id = drafted()
    scenario_id = _draft(app, draft_id).scenario_id
    trainee = login_as("trainee")
    assert scenario_id not in trainee.get("/practice/").get_data(as_text=True)
    ids = [s["id"] for s in client.get("/api/v1/scenarios", headers=bearer("trainee")).get_json()]
    assert scenario_id not in ids
    start = client.post("/api/v1/sessions", json={"scenario": scenario_id},
                        headers=bearer("trainee"))
    assert start.status_code == 404

    admin = login_as("admin")
    review = admin.get(f"/admin/scenario-drafts/{draft_id}").get_data(as_text=True)
    assert "It loads" in review and "Publish to the library" in review
    published = admin.post(f"/admin/scenario-drafts/{draft_id}/publish",
                           data={"csrf_token": csrf(admin, "/admin/scenario-drafts")},
                           follow_redirects=True)
    assert "Published" in published.get_data(as_text=True)
    assert (Path(app.instance_path) / "scenarios" / f"{scenario_id}.yaml").is_file()
    ids = [s["id"] for s in client.get("/api/v1/scenarios", headers=bearer("trainee")).get_json()]
    assert scenario_id in ids
    session = client.post("/api/v1/sessions", json={"scenario": scenario_id},
                          headers=bearer("trainee"))
    assert session.status_code == 201 and session.get_json()["debtor"]["text"] == "Hello?"
    with app.app_context():
        actions = db.session.scalars(db.select(AuditRecord.action).where(
            AuditRecord.target_type == "scenario_draft")).all()
        assert sorted(actions) == ["scenario.drafted", "scenario.published"]


def test_an_admin_edit_is_checked_and_a_broken_draft_cannot_be_published(app, drafted,
                                                                        login_as, csrf):
    _call_id, draft_id = drafted()
    admin = login_as("admin")
    token = csrf(admin, f"/admin/scenario-drafts/{draft_id}")
    text = _draft(app, draft_id).yaml_text
    broken = text.replace("goto: line_2", "goto: nowhere", 1)
    saved = admin.post(f"/admin/scenario-drafts/{draft_id}",
                       data={"csrf_token": token, "yaml_text": broken})
    page = saved.get_data(as_text=True)
    assert "unknown goto target &#39;nowhere&#39;" in page and "line " in page
    assert _draft(app, draft_id).yaml_text == broken  # the edit is kept, not lost
    refused = admin.post(f"/admin/scenario-drafts/{draft_id}/publish",
                         data={"csrf_token": token}, follow_redirects=True)
    assert "fix the scenario&#39;s problems before publishing it" in refused.get_data(
        as_text=True)
    assert _draft(app, draft_id).status == "draft"
    fixed = text.replace("Real call", "Angry caller from a real call")
    admin.post(f"/admin/scenario-drafts/{draft_id}", data={"csrf_token": token,
                                                           "yaml_text": fixed})
    assert _draft(app, draft_id).title.startswith("Angry caller")


def test_an_id_already_in_the_library_cannot_be_published(app, drafted, login_as, csrf):
    _call_id, draft_id = drafted()
    admin = login_as("admin")
    token = csrf(admin, f"/admin/scenario-drafts/{draft_id}")
    text = _draft(app, draft_id).yaml_text
    clash = text.replace(f"id: {_draft(app, draft_id).scenario_id}", "id: lost_job")
    admin.post(f"/admin/scenario-drafts/{draft_id}", data={"csrf_token": token,
                                                           "yaml_text": clash})
    refused = admin.post(f"/admin/scenario-drafts/{draft_id}/publish",
                         data={"csrf_token": token}, follow_redirects=True)
    assert "already has a scenario &#39;lost_job&#39;" in refused.get_data(as_text=True)


def test_marking_a_call_twice_gives_the_same_draft_and_discarding_keeps_a_record(
        app, drafted, add_call, login_as, csrf):
    call_id, draft_id = drafted()
    client = login_as("qa")
    client.post(f"/qa/calls/{call_id}/scenario",
                data={"csrf_token": csrf(client, f"/qa/calls/{call_id}")})
    with app.app_context():
        assert db.session.query(ScenarioDraft).count() == 1
    admin = login_as("admin")
    admin.post(f"/admin/scenario-drafts/{draft_id}/discard",
               data={"csrf_token": csrf(admin, "/admin/scenario-drafts")})
    assert _draft(app, draft_id).status == "discarded"
    assert "call_" in admin.get("/admin/scenario-drafts?status=discarded").get_data(as_text=True)


def test_a_call_not_scored_cannot_be_drafted(app, add_call, login_as, csrf):
    call_id = add_call("call.json", run=False)
    client = login_as("qa")
    page = client.post(f"/qa/calls/{call_id}/scenario",
                       data={"csrf_token": csrf(client, f"/qa/calls/{call_id}")},
                       follow_redirects=True).get_data(as_text=True)
    assert "draft a scenario once it is scored" in page
    with app.app_context():
        assert db.session.query(ScenarioDraft).count() == 0
