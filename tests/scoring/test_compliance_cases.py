"""Every compliance rule both ways, in conversation: tests/scoring/data/compliance_cases.yaml."""

from pathlib import Path

import pytest
import yaml

from trainer.scoring.compliance import load_rules
from trainer.scoring.compliance_eval import flags_for

DATA = Path(__file__).with_name("data") / "compliance_cases.yaml"
DOC = yaml.safe_load(DATA.read_text(encoding="utf-8"))
SEVERITY = {r.code: r.severity for r in load_rules() if r.scope == "utterance"}
SPEAKERS = {"D": "debtor", "A": "agent"}


def to_batch_item(code: str, kind: str, number: int, case: dict) -> dict:
    """One case in the labellers' batch format (LABEL_RUBRIC.md)."""
    facts = dict(DOC["facts"], **case.get("facts", {}))
    # A line that needs no particular moment is said to the verified consumer.
    opening = case.get("open") or ("verified" if "conv" not in case else None)
    lines = [line.format(**facts) for line in DOC["opening"].get(opening, [])]
    lines += case.get("conv", [])
    conversation = [{"speaker": SPEAKERS[line[0]], "text": line[3:]} for line in lines]
    return {"id": f"{code}-{kind[:3]}-{number:02d}", "facts": facts, "conversation": conversation,
            "text": case["text"], "flags": [code] if kind == "positive" else [],
            "hard_negative_of": code if kind == "negative" else None,
            "note": case.get("note", "")}


def cases(kind: str) -> list[tuple[str, dict]]:
    return [(code, to_batch_item(code, kind, n, case))
            for code, both in DOC["rules"].items()
            for n, case in enumerate(both[kind], start=1)]


@pytest.mark.parametrize("code", sorted(SEVERITY))
def test_every_rule_has_ten_cases_each_way(code):
    both = DOC["rules"].get(code, {})
    assert len(both.get("positive", [])) >= 10 and len(both.get("negative", [])) >= 10
    assert all(line[:3] in ("D: ", "A: ") for kind in both.values() for case in kind
               for line in case.get("conv", []))


@pytest.mark.parametrize(("code", "item"), cases("positive"), ids=lambda v: v.get("id", v)
                         if isinstance(v, dict) else v)
def test_violation_is_flagged_at_its_severity(code, item):
    flags = flags_for(item)
    found = [f for f in flags if f.code == code]
    assert found, [(f.code, f.severity) for f in flags]
    assert found[0].severity == SEVERITY[code], found[0]
    assert found[0].rule.startswith("FDCPA")


@pytest.mark.parametrize(("code", "item"), cases("negative"), ids=lambda v: v.get("id", v)
                         if isinstance(v, dict) else v)
def test_compliant_near_miss_is_not_flagged(code, item):
    flags = flags_for(item)
    assert code not in {f.code for f in flags}, [(f.code, f.severity, f.state) for f in flags]
    serious = [(f.code, f.severity) for f in flags if f.severity in ("critical", "major")]
    assert serious == [], serious
