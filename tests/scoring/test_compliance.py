"""The rule pack: each rule fires in its context, carries its citation, and the checklist."""

import pytest
import yaml

from trainer.scoring import compliance, score_conversation, score_utterance
from trainer.scoring.compliance import RulePackError, load_rules

CASES = [
    ("If you don't pay we'll have you arrested.", {}, "threat_arrest", "critical"),
    ("We know where you live, so watch your back.", {}, "threat_violence", "critical"),
    ("Pay today or I'm calling your employer.", {}, "threat_third_party", "critical"),
    ("We will take you to court and garnish your wages.", {}, "threat_legal", "major"),
    ("Pay the damn bill.", {}, "profanity", "critical"),
    ("You deadbeats never pay.", {}, "abuse", "critical"),
    ("This is Officer Grant from the county collections division.", {}, "false_authority", "major"),
    ("Paying this will raise your credit score by 100 points.", {}, "false_credit_statement",
     "major"),
    ("This is your final warning.", {}, "false_urgency", "minor"),
    ("Tell him his Visa is 90 days past due.", {"listener": "third_party"},
     "third_party_disclosure", "critical"),
    ("I'm calling about your overdue balance of $900.", {"right_party_verified": False},
     "debt_before_verification", "critical"),
    ("Can you pay $50 today?", {"dispute_open": True}, "pressing_after_dispute", "major"),
    ("Can you pay $50 today?", {"cease_requested": True}, "pressing_after_cease", "critical"),
    ("Can you pay $50 today?", {"attorney": True}, "pressing_after_attorney", "critical"),
    ("We'll stop calling when you pay.", {"cease_requested": True}, "pressing_after_cease",
     "critical"),
    ("No, I'm not taking you off the list.", {"cease_requested": True}, "pressing_after_cease",
     "critical"),
    ("You don't need a lawyer for this. Let's settle it, you and me.", {"attorney": True},
     "pressing_after_attorney", "critical"),
    ("Pay and we'll wipe the late history off your report.", {}, "false_credit_statement",
     "major"),
    ("If it's late it goes straight to our litigation team.", {}, "threat_legal", "major"),
    ("Listen, you piece of trash, pay your bill.", {}, "abuse", "critical"),
    ("Fine, no more calls. I'll just drive by your house instead.", {}, "threat_violence",
     "critical"),
    ("If you don't pay, this stays on your report for life.", {}, "false_credit_statement",
     "major"),
    ("Your attorney isn't going to save you from this one.", {"attorney": True},
     "pressing_after_attorney", "critical"),
]


@pytest.mark.parametrize(("text", "context", "code", "severity"), CASES,
                         ids=[c[2] for c in CASES])
def test_rule_fires_with_citation_and_span(text, context, code, severity):
    card = score_utterance(text, context)
    flag = next(f for f in card.flags if f.code == code)
    assert flag.severity == severity
    assert flag.rule.startswith(("FDCPA", "Reg F"))
    assert flag.why and flag.text == text[flag.start:flag.end]
    assert card.critical == any(f.severity == "critical" for f in card.flags)


@pytest.mark.parametrize(("text", "context"), [
    ("Can you pay $50 today?", {"right_party_verified": True, "listener": "debtor"}),
    ("Could you ask Maria to call me back at 555-0142?", {"listener": "third_party"}),
    ("Am I speaking with John Smith?", {"right_party_verified": False}),
    ("I've noted the dispute and I'll mail you the validation notice.", {"dispute_open": True}),
    ("I understand. I'll note your attorney's name and we'll contact them directly.",
     {"attorney": True}),
    ("I'm not able to take a payment while your dispute is open. What's your mailing address?",
     {"dispute_open": True}),
    ("Perfect, and I'll email you a confirmation in the next few minutes.", {}),
    ("No problem, I'll only use your cell after 6 pm as you asked.", {}),
    ("It'll fall off seven years from the original delinquency date.", {}),
    ("I hear you. It's frustrating to keep getting calls about something you thought was done.",
     {}),
    ("We're not stupid, but we do want to get this right for you.", {}),
    ("Understood. I'll take you off our call list today.", {"cease_requested": True}),
    ("Nobody's going to garnish your disability or take your house over this, I promise.", {}),
    ("Nobody's going to keep ringing your house; I'll just leave my number for him.",
     {"listener": "third_party"}),
])
def test_compliant_handling_raises_no_flag(text, context):
    assert score_utterance(text, context).flags == []


def test_legal_threat_is_flagged_for_human_review():
    flag = score_utterance("We'll sue you.").flags[0]
    assert flag.review and flag.to_dict()["review"] is True


def test_unknown_verification_state_raises_no_verification_flag():
    card = score_utterance("Your balance is $900.")
    assert "debt_before_verification" not in {f.code for f in card.flags}


def test_missing_mini_miranda_fails_once_the_debtor_is_verified():
    turns = [{"text": "Thanks for confirming. Can you pay $50 on Friday?",
              "context": {"right_party_verified": True}}]
    result = score_conversation(turns)
    checklist = {c["rule"]: c for c in result.compliance}
    assert checklist["missing_mini_miranda"]["status"] == "fail"
    assert "missing_mini_miranda" in {f["code"] for f in result.flags}


def test_mini_miranda_given_passes_with_evidence():
    turns = [{"text": "This is an attempt to collect a debt and any information obtained will be "
                      "used for that purpose.", "context": {"right_party_verified": True}}]
    item = {c["rule"]: c for c in score_conversation(turns).compliance}["missing_mini_miranda"]
    assert item["status"] == "pass" and item["evidence"][0]["turn"] == 0


def test_checklist_marks_rules_that_never_applied():
    checklist = {c["rule"]: c["status"] for c in score_conversation(["Thank you."]).compliance}
    assert checklist["pressing_after_cease"] == "not_applicable"
    assert checklist["missing_mini_miranda"] == "not_applicable"
    assert checklist["threat_arrest"] == "pass"


def test_critical_flag_fails_the_conversation():
    result = score_conversation(["Thanks for picking up.", "Pay or we'll have you arrested."])
    assert result.critical_fail
    assert result.flags[0]["turn"] == 1


@pytest.mark.parametrize(("patch", "message"), [
    ({"severity": "fatal"}, "severity"),
    ({"when": {"any": ["no_such_tag"]}}, "unknown tags"),
])
def test_a_broken_rule_pack_is_reported_by_name(tmp_path, patch, message):
    doc = yaml.safe_load((compliance.DATA / "compliance.yaml").read_text())
    doc["rules"][0].update(patch)
    path = tmp_path / "compliance.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(RulePackError, match=message) as err:
        load_rules.__wrapped__(path)
    assert "compliance.yaml" in str(err.value)


def test_every_rule_has_a_citation_and_an_allowed_severity():
    for rule in load_rules():
        assert rule.rule.startswith(("FDCPA", "Reg F")), rule.code
        assert rule.severity in ("critical", "major", "review", "minor")
