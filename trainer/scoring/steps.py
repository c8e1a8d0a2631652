"""One truth on a session scorecard: every required step and every rule has one status.

A step is done (an answer carried its tag), missed, not applicable (the call never came to
what the step answers: no cease request to acknowledge, nobody verified to disclose to) or
not reached yet (the call is still going). A step tied to a rule takes the rule's
applicability, and while a call goes on a conversation rule that has not been met yet is
not reached rather than failed, so the rules table and the steps list never disagree.
"""

from __future__ import annotations

from typing import Any

from .compliance import load_rules
from .tags import STEP_NAMES

DONE, MISSED, NOT_APPLICABLE, NOT_REACHED = "done", "missed", "not_applicable", "not_reached"
STATUS_LABELS = {DONE: "done", MISSED: "missed", NOT_APPLICABLE: "not applicable",
                 NOT_REACHED: "not reached yet", "pass": "pass", "fail": "fail"}
# The rules whose applicability decides a step's: the step answers what the rule guards.
STEP_RULES = {
    "mini_miranda": ("missing_mini_miranda",),
    "cease_ack": ("pressing_after_cease", "pressing_after_attorney"),
    "dispute_ack": ("pressing_after_dispute",),
}


def step_name(step_id: str) -> str:
    """A step's name for people ("Mini-Miranda disclosure"), never its id."""
    return STEP_NAMES.get(step_id) or step_id.replace("_", " ").capitalize()


def judge(summary: dict[str, Any], finished: bool) -> dict[str, Any]:
    """The summary (score_conversation(...).to_dict()) with one status per step and rule."""
    scope = {r.code: r.scope for r in load_rules()}
    checklist = []
    for item in summary.get("compliance") or []:
        if not finished and item["status"] == "fail" and scope.get(item["rule"]) == "conversation":
            item = dict(item, status=NOT_REACHED)
        checklist.append(item)
    rule_status = {item["rule"]: item["status"] for item in checklist}
    steps = []
    for step in summary.get("steps") or []:
        rules = [rule_status[r] for r in STEP_RULES.get(step["id"], ()) if r in rule_status]
        if step.get("hit"):
            status = DONE
        elif not finished:
            status = NOT_REACHED
        elif rules and all(s == NOT_APPLICABLE for s in rules):
            status = NOT_APPLICABLE
        else:
            status = MISSED
        steps.append(dict(step, status=status, name=step_name(step["id"])))
    return dict(summary, compliance=checklist, steps=steps,
                steps_hit=[s["id"] for s in steps if s["status"] == DONE],
                steps_missed=[s["id"] for s in steps if s["status"] == MISSED])
