"""The QA checklist: the engine's compliance rules grouped into the items QA scores a call on.

The engine gives every rule of its pack a status (pass, fail, not applicable) with evidence;
QA reads them as a handful of items. An item fails when any of its rules fails, passes when
one passes and none fails, and is not applicable otherwise. Rules the pack does not have are
skipped, and rules no item names are listed under "Other rules", so a new rule is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2, "review": 3}
ITEMS = (
    ("verification", "Right-party verification before debt details",
     ("debt_before_verification",)),
    ("mini_miranda", "Mini-Miranda disclosure given", ("missing_mini_miranda",)),
    ("conduct", "No threats, abuse or profanity",
     ("threat_arrest", "threat_violence", "threat_third_party", "threat_legal", "harassment",
      "profanity", "abuse")),
    ("truthful", "No false or misleading statements",
     ("false_authority", "false_credit_statement", "false_urgency", "unauthorized_fee")),
    ("third_party", "No third-party disclosure", ("third_party_disclosure",)),
    ("disputes", "Disputes handled", ("pressing_after_dispute",)),
    ("cease", "Cease and attorney requests honoured",
     ("pressing_after_cease", "pressing_after_attorney", "inconvenient_contact")),
    ("calling_hours", "Calling hours kept (8 am to 9 pm, the consumer's local time)",
     ("calling_hours",)),
)


@dataclass
class Item:
    """One QA checklist item: its status, its worst failing severity and its rules."""

    key: str
    title: str
    status: str = "not_applicable"
    severity: str | None = None
    rules: list[dict[str, Any]] = field(default_factory=list)

    @property
    def corrected(self) -> bool:
        """True when a person changed one of its rules."""
        return any(r.get("corrected") for r in self.rules)


def item_of(rule: str) -> str:
    """The key of the QA item a rule belongs to ("other" for rules no item names)."""
    return next((key for key, _title, rules in ITEMS if rule in rules), "other")


def qa_checklist(compliance: list[dict[str, Any]]) -> list[Item]:
    """The QA items of a call's checklist (as it stands, corrections applied), in order."""
    by_rule = {c["rule"]: c for c in compliance}
    named = {r for _key, _title, rules in ITEMS for r in rules}
    groups = [(key, title, [by_rule[r] for r in rules if r in by_rule])
              for key, title, rules in ITEMS]
    groups.append(("other", "Other rules", [c for c in compliance if c["rule"] not in named]))
    items = []
    for key, title, rules in groups:
        if not rules:
            continue
        statuses = {r["status"] for r in rules}
        status = "fail" if "fail" in statuses else "pass" if "pass" in statuses \
            else "not_applicable"
        failing = [r.get("severity") or "minor" for r in rules if r["status"] == "fail"]
        severity = min(failing, key=lambda s: SEVERITY_RANK.get(s, 9)) if failing else None
        items.append(Item(key, title, status, severity, rules))
    return items
