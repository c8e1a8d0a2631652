"""QA corrections: a checklist item or a score changed with a reason, kept as an audit record
(who, when, old, new, why); the engine's result is never lost; pages show a human changed it."""

import json

import pytest

from trainer import audit
from trainer.extensions import db
from trainer.models import AuditRecord, Call, CallCheck

THREAT = json.dumps({"agent": "rob", "turns": [
    {"speaker": "agent", "text": "Hi, this is Rob from Harbor Point Recovery. Am I speaking with "
                                 "Dana Whitfield?"},
    {"speaker": "customer", "text": "Yes, this is Dana."},
    {"speaker": "agent", "text": "Thank you. This is an attempt to collect a debt, and any "
                                 "information obtained will be used for that purpose."},
    {"speaker": "customer", "text": "I can't pay."},
    {"speaker": "agent", "text": "Then we will have you arrested."}]}).encode()


@pytest.fixture
def correct(login_as, csrf):
    """correct(call_id, kind, role="qa", **fields) -> the followed response (page)."""

    def _correct(call_id, kind, role="qa", **fields):
        client = login_as(role)
        token = csrf(client, f"/qa/calls/{call_id}")
        return client.post(f"/qa/calls/{call_id}/corrections/{kind}",
                           data={"csrf_token": token, **fields}, follow_redirects=True)

    return _correct


def _call(app, call_id):
    with app.app_context():
        call = db.session.get(Call, call_id)
        checks = {c.rule: c.status for c in db.session.scalars(
            db.select(CallCheck).where(CallCheck.call_id == call_id))}
        records = [r.to_dict() for r in audit.history("call", call_id)]
        return call.scorecard, call.effective_scorecard(), call.critical_fail, checks, records


def test_a_checklist_correction_is_audited_and_kept_beside_the_engines(app, add_call, correct):
    call_id = add_call(THREAT, "threat.json")
    engine, _card, critical, checks, _ = _call(app, call_id)
    assert critical is True and checks["threat_arrest"] == "fail"
    page = correct(call_id, "check", rule="threat_arrest", status="pass",
                   reason="he said 'a rest', the transcript misheard").get_data(as_text=True)
    assert "Corrected threat arrest to pass" in page
    assert "Corrected by qa@example.com" in page and "The engine said fail" in page
    stored, card, critical, checks, records = _call(app, call_id)
    assert stored == engine  # the engine's scorecard is untouched
    assert checks["threat_arrest"] == "pass" and critical is False  # the list filters agree
    assert card["critical_fail"] is False and card["engine"]["critical_fail"] is True
    [record] = records
    assert record["action"] == "call.check_corrected"
    assert record["actor"]["label"] == "qa@example.com" and record["at"]
    assert (record["old"], record["new"]) == ({"rule": "threat_arrest", "value": "fail"},
                                              {"rule": "threat_arrest", "value": "pass"})
    assert record["reason"] == "he said 'a rest', the transcript misheard"


def test_setting_the_engines_value_again_lifts_the_correction(app, add_call, correct):
    call_id = add_call(THREAT, "threat.json")
    correct(call_id, "check", rule="threat_arrest", status="pass", reason="misheard")
    correct(call_id, "check", rule="threat_arrest", status="fail", reason="listened again")
    _stored, card, critical, checks, records = _call(app, call_id)
    assert card["corrected"] is False and critical is True and checks["threat_arrest"] == "fail"
    assert [r["reason"] for r in records] == ["listened again", "misheard"]  # both kept


def test_a_score_correction_moves_the_overall_and_keeps_the_engines(app, add_call, correct):
    call_id = add_call("call.json")
    engine = _call(app, call_id)[1]
    correct(call_id, "score", name="empathy", value="95", reason="warm, patient throughout")
    _stored, card, _critical, _checks, records = _call(app, call_id)
    assert card["agent_scores"]["empathy"] == 95
    assert card["engine"]["agent_scores"]["empathy"] == engine["agent_scores"]["empathy"]
    assert card["overall"] == round(sum(card["agent_scores"].values()) / 4)
    correct(call_id, "score", name="overall", value="50", reason="the close was rushed")
    card = _call(app, call_id)[1]
    assert card["overall"] == 50 and card["engine"]["overall"] == engine["overall"]
    with app.app_context():
        assert db.session.get(Call, call_id).overall == 50  # the score filter sees it
    assert [r["action"] for r in _call(app, call_id)[4]] == ["call.score_corrected"] * 2


@pytest.mark.parametrize("kind, fields, message", [
    ("check", {"rule": "threat_arrest", "status": "pass", "reason": "  "},
     "Give a reason: it goes into the audit log."),
    ("check", {"rule": "threat_arrest", "status": "maybe", "reason": "x"}, "Not a valid choice"),
    ("check", {"rule": "no_such_rule", "status": "pass", "reason": "x"},
     "has no checklist item &#39;no_such_rule&#39;"),
    ("check", {"rule": "abuse", "status": "pass", "reason": "x"}, "abuse is already pass"),
    ("score", {"name": "empathy", "value": "101", "reason": "x"}, "A score is from 0 to 100."),
    ("score", {"name": "charm", "value": "50", "reason": "x"}, "Not a valid choice"),
    ("score", {"name": "empathy", "value": "50"}, "Give a reason"),
])
def test_bad_corrections_change_nothing(app, add_call, correct, kind, fields, message):
    call_id = add_call(THREAT, "threat.json")
    before = _call(app, call_id)
    page = correct(call_id, kind, **fields).get_data(as_text=True)
    assert message in page
    assert _call(app, call_id) == before


def test_a_call_not_scored_yet_cannot_be_corrected(app, add_call, correct):
    call_id = add_call("call.json", run=False)
    page = correct(call_id, "check", rule="abuse", status="fail", reason="x")
    assert "correct it once it is scored" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(AuditRecord).count() == 0


def test_corrections_stay_in_force_when_the_call_is_scored_again(app, add_call, correct,
                                                                  login_as, csrf):
    call_id = add_call(THREAT, "threat.json")
    correct(call_id, "check", rule="missing_mini_miranda", status="fail",
            reason="the disclosure was cut off")
    client = login_as("admin")
    client.post(f"/qa/calls/{call_id}/swap",
                data={"csrf_token": csrf(client, f"/qa/calls/{call_id}")})
    _stored, card, _critical, checks, records = _call(app, call_id)
    assert checks["missing_mini_miranda"] == "fail" and card["corrected"] is True
    assert [r["action"] for r in records] == ["call.speakers_swapped", "call.check_corrected"]


def test_the_audit_log_page_names_qa_corrections(add_call, correct, login_as):
    call_id = add_call(THREAT, "threat.json")
    correct(call_id, "check", rule="threat_arrest", status="pass", reason="misheard")
    page = login_as("admin").get("/admin/audit?action=call.check_corrected")
    text = page.get_data(as_text=True)
    assert "QA checklist item corrected" in text and "misheard" in text
