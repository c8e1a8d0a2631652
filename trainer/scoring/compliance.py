"""The compliance rule pack (data/compliance.yaml): FDCPA / Regulation F flags.

A rule is a function of (utterance, state): the signal ids and tags found in the words,
and the conversation's compliance state (state.py: who is on the line, the consumer's
requests in force, the local time). Each flag says which state it relied on. A match the
engine is unsure of (a weak pattern, a guessed state) is raised at severity "review".
Conversation rules (the missing mini-Miranda, calling hours) are checked over a whole call,
and the checklist gives every rule a status: pass, fail or not_applicable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from . import rule_checks
from .state import ComplianceState
from .types import SEVERITY_ORDER, Flag

DATA = Path(__file__).with_name("data")


class RulePackError(ValueError):
    """The rule pack is malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One compliance rule."""

    code: str
    severity: str
    rule: str
    title: str
    why: str
    when_any: frozenset[str]
    requires: dict[str, Any] = field(default_factory=dict)
    scope: str = "utterance"
    review: bool = False
    missing: bool = False
    check: str | None = None

    def relies_on(self, state: ComplianceState) -> tuple[bool, str | None] | None:
        """(certain, the state in words) when every state condition holds, else None."""
        certain, said = True, []
        for key, want in self.requires.items():
            if key == "party":
                if state.party not in want or state.attorney_on_line:
                    return None
                certain = certain and state.party_certain and state.party != "representative"
                said.append(state.describe_party())
            elif key == "identity":
                if state.identity_pending:
                    # a call opening read from one line is a guess; the context's word is not
                    certain = certain and (state.unverified or not state.from_line)
                    said.append(state.describe_party())
                elif state.detail_pending:
                    certain = False  # the consumer said who they are; only the detail is owed
                    said.append(state.describe_verification())
                else:
                    return None
            elif key == "request":
                found = next((r for r in map(state.request, want) if r is not None), None)
                if found is None:
                    return None
                certain = certain and found.certain
                said.append(found.describe(state.from_line))
            elif key == "local_time":
                if state.local_minutes is None:
                    return None
                said.append(state.describe_time())
        return certain, "; ".join(said) or None


@cache
def load_rules(path: Path = DATA / "compliance.yaml") -> tuple[Rule, ...]:
    """Every rule, validated against the schema, the known tags and the named checks."""
    from .lexicon import all_signal_ids
    from .tags import TAGS

    doc = yaml.safe_load(path.read_text())
    schema = json.loads((DATA / "compliance.schema.json").read_text())
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise RulePackError(f"{path.name}: {where}: {exc.message}") from exc
    known = set(TAGS) | all_signal_ids()
    rules, seen = [], set()
    for entry in doc["rules"]:
        when = set(entry.get("when", {}).get("any", ()))
        unknown = when - known
        if unknown:
            raise RulePackError(
                f"{path.name}: rule {entry['code']}: unknown tags {sorted(unknown)}")
        if entry["code"] in seen:
            raise RulePackError(f"{path.name}: rule code {entry['code']} is used twice")
        checks = (rule_checks.CONVERSATION_CHECKS if entry.get("scope") == "conversation"
                  else rule_checks.CHECKS)
        if entry.get("check") and entry["check"] not in checks:
            raise RulePackError(f"{path.name}: rule {entry['code']}: unknown check "
                                f"{entry['check']!r} (known: {', '.join(checks)})")
        seen.add(entry["code"])
        rules.append(Rule(code=entry["code"], severity=entry["severity"], rule=entry["rule"],
                          title=entry["title"], why=entry["why"], when_any=frozenset(when),
                          requires=entry.get("requires", {}),
                          scope=entry.get("scope", "utterance"), review=entry.get("review", False),
                          missing=entry.get("missing", False), check=entry.get("check")))
    return tuple(rules)


def all_flag_codes() -> set[str]:
    """Every flag code the rule pack can raise."""
    return {r.code for r in load_rules()}


def _certain_tags(utterance, tags: set[str]) -> bool:
    """True when some trigger rests on a strong match (or on a feature, not a match at all)."""
    for tag in tags:
        found = [m for m in utterance.matches if tag in m.tags or m.signal.id == tag]
        if not found or any(not m.weak for m in found):
            return True
    return False


def utterance_flags(utterance, state: ComplianceState) -> list[Flag]:
    """Flags for one analysed utterance in its state, most severe first, with their words."""
    flags = []
    for rule in load_rules():
        if rule.scope != "utterance":
            continue
        hit = rule.when_any & utterance.tags
        if not hit:
            continue
        reliance = rule.relies_on(state)
        if reliance is None:
            continue
        certain, said = reliance
        if rule.check:
            verdict = rule_checks.CHECKS[rule.check](utterance, state, hit, rule)
            if verdict is None:
                continue
            hit = set(verdict.tags or hit)
            certain = certain and verdict.certain
            said = "; ".join(s for s in (said, verdict.state) if s) or None
        certain = certain and _certain_tags(utterance, hit)
        spans = [s for s in map(utterance.tag_span, sorted(hit)) if s[0] is not None]
        start, end = min(spans) if spans else (None, None)
        severity = rule.severity if certain or rule.severity == "minor" else "review"
        flags.append(Flag(code=rule.code, severity=severity, rule=rule.rule, why=rule.why,
                          start=start, end=end,
                          text=utterance.span(start, end) if start is not None else None,
                          review=rule.review, state=said))
    flags.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.start or 0))
    return flags


def checklist(cards: list, states: list[ComplianceState], turns: list[int] | None = None,
              final: ComplianceState | None = None) -> list[dict[str, Any]]:
    """Every rule's status over a conversation: pass, fail or not_applicable, with evidence.

    `states` are the states each card was judged in, `turns` the cards' indices in the
    conversation (default 0..n-1), `final` the state after the last line. A failure that
    rests only on uncertain matches has severity "review".
    """
    turns = list(range(len(cards))) if turns is None else turns
    final = final or (states[-1] if states else ComplianceState())
    out = []
    for rule in load_rules():
        applicable = (not rule.requires
                      or any(rule.relies_on(s) is not None for s in [*states, final]))
        severity = rule.severity
        if rule.scope == "conversation" and rule.check:
            status, evidence = rule_checks.CONVERSATION_CHECKS[rule.check](final)
        elif rule.missing:
            hits = [i for i, card in enumerate(cards) if rule.when_any & card.tags]
            evidence = [{"turn": turns[i], "text": cards[i].text} for i in hits[:3]]
            status = "pass" if hits else ("fail" if applicable else "not_applicable")
        else:
            found = [(i, f) for i, card in enumerate(cards) for f in card.flags
                     if f.code == rule.code]
            evidence = [dict({"turn": turns[i], "text": f.text or cards[i].text},
                             **({"state": f.state} if f.state else {})) for i, f in found]
            status = "fail" if found else ("pass" if applicable else "not_applicable")
            if found:
                severity = min((f.severity for _, f in found), key=SEVERITY_ORDER.get)
        out.append({"rule": rule.code, "title": rule.title, "citation": rule.rule,
                    "status": status, "severity": severity, "evidence": evidence})
    return out


def conversation_flags(items: list[dict[str, Any]]) -> list[Flag]:
    """Flags of the conversation-scope rules that failed (no mini-Miranda, calling hours)."""
    by_code = {r.code: r for r in load_rules()}
    return [Flag(code=item["rule"], severity=item["severity"], rule=by_code[item["rule"]].rule,
                 why=by_code[item["rule"]].why,
                 state=(item["evidence"][0].get("state") if item["evidence"] else None))
            for item in items
            if by_code[item["rule"]].scope == "conversation" and item["status"] == "fail"]
