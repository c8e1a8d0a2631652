"""The QA checklist: the engine's rules grouped into the items QA scores a call on."""

from trainer.calls.checklist import ITEMS, item_of, qa_checklist
from trainer.scoring.compliance import all_flag_codes


def _rule(code, status, severity="major", **extra):
    return {"rule": code, "status": status, "severity": severity, "evidence": [], **extra}


def test_an_item_fails_when_any_rule_fails_and_names_the_worst_severity():
    [item] = [i for i in qa_checklist([
        _rule("threat_legal", "fail", "major"), _rule("abuse", "fail", "critical"),
        _rule("profanity", "pass", "critical")]) if i.key == "conduct"]
    assert (item.status, item.severity) == ("fail", "critical")
    assert [r["rule"] for r in item.rules] == ["threat_legal", "profanity", "abuse"]


def test_an_item_passes_when_a_rule_passes_and_none_fails():
    items = {i.key: i for i in qa_checklist([
        _rule("pressing_after_cease", "not_applicable"),
        _rule("pressing_after_attorney", "pass"),
        _rule("pressing_after_dispute", "not_applicable")])}
    assert items["cease"].status == "pass" and items["cease"].severity is None
    assert items["disputes"].status == "not_applicable"


def test_items_keep_their_order_and_missing_rules_are_skipped():
    items = qa_checklist([_rule("missing_mini_miranda", "fail"),
                          _rule("debt_before_verification", "pass")])
    assert [i.key for i in items] == ["verification", "mini_miranda"]


def test_a_rule_no_item_names_is_never_lost():
    items = qa_checklist([_rule("brand_new_rule", "fail")])
    assert [(i.key, i.status) for i in items] == [("other", "fail")]
    assert item_of("brand_new_rule") == "other"


def test_a_corrected_rule_marks_its_item():
    [item] = qa_checklist([_rule("abuse", "pass", corrected={"by": "qa@example.com"})])
    assert item.corrected


def test_every_rule_of_the_pack_has_an_item():
    named = {r for _key, _title, rules in ITEMS for r in rules}
    assert all_flag_codes() <= named
