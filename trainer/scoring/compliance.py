"""The compliance rule pack (data/compliance.yaml): FDCPA / Regulation F flags.

Utterance rules turn signal ids and tags plus context into Flags with a severity and a
citation. Conversation rules (the missing mini-Miranda) are checked over a whole call,
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

from .types import SEVERITY_ORDER, Context, Flag

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

    def context_holds(self, context: Context) -> bool:
        """True when every context condition of the rule holds."""
        for key, want in self.requires.items():
            have = getattr(context, key)
            if key == "listener" and want == "debtor":
                if have == "third_party":
                    return False
            elif have != want:  # right_party_verified None (unknown) never equals True/False
                return False
        return True


@cache
def load_rules(path: Path = DATA / "compliance.yaml") -> tuple[Rule, ...]:
    """Every rule, validated against the schema and the known tags and signal ids."""
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
        unknown = set(entry["when"]["any"]) - known
        if unknown:
            raise RulePackError(
                f"{path.name}: rule {entry['code']}: unknown tags {sorted(unknown)}")
        if entry["code"] in seen:
            raise RulePackError(f"{path.name}: rule code {entry['code']} is used twice")
        seen.add(entry["code"])
        rules.append(Rule(code=entry["code"], severity=entry["severity"], rule=entry["rule"],
                          title=entry["title"], why=entry["why"],
                          when_any=frozenset(entry["when"]["any"]),
                          requires=entry.get("requires", {}),
                          scope=entry.get("scope", "utterance"), review=entry.get("review", False),
                          missing=entry.get("missing", False)))
    return tuple(rules)


def all_flag_codes() -> set[str]:
    """Every flag code the rule pack can raise."""
    return {r.code for r in load_rules()}


def utterance_flags(utterance, context: Context) -> list[Flag]:
    """Flags for one analysed utterance, most severe first, each pointing at its words."""
    flags = []
    for rule in load_rules():
        if rule.scope != "utterance" or not (rule.when_any & utterance.tags):
            continue
        if not rule.context_holds(context):
            continue
        trigger = sorted(rule.when_any & utterance.tags)
        spans = [s for s in map(utterance.tag_span, trigger) if s[0] is not None]
        start, end = min(spans) if spans else (None, None)
        flags.append(Flag(code=rule.code, severity=rule.severity, rule=rule.rule, why=rule.why,
                          start=start, end=end,
                          text=utterance.span(start, end) if start is not None else None,
                          review=rule.review))
    flags.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.start or 0))
    return flags


def checklist(cards: list, contexts: list[Context]) -> list[dict[str, Any]]:
    """Every rule's status over a conversation: pass, fail or not_applicable, with evidence."""
    out = []
    for rule in load_rules():
        applicable = any(rule.context_holds(c) for c in contexts) if rule.requires else True
        if rule.missing:
            hits = [i for i, card in enumerate(cards) if rule.when_any & card.tags]
            if hits:
                status = "pass"
                evidence = [{"turn": i, "text": cards[i].text} for i in hits[:3]]
            else:
                status, evidence = ("fail" if applicable else "not_applicable"), []
        else:
            evidence = [{"turn": i, "text": f.text or card.text}
                        for i, card in enumerate(cards) for f in card.flags if f.code == rule.code]
            status = "fail" if evidence else ("pass" if applicable else "not_applicable")
        out.append({"rule": rule.code, "title": rule.title, "citation": rule.rule,
                    "status": status, "severity": rule.severity, "evidence": evidence})
    return out


def conversation_flags(cards: list, contexts: list[Context]) -> list[Flag]:
    """Flags of the conversation-scope rules that failed (e.g. no mini-Miranda)."""
    by_code = {r.code: r for r in load_rules()}
    return [Flag(code=item["rule"], severity=item["severity"], rule=by_code[item["rule"]].rule,
                 why=by_code[item["rule"]].why)
            for item in checklist(cards, contexts)
            if by_code[item["rule"]].scope == "conversation" and item["status"] == "fail"]
