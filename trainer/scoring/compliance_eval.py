"""Score labelled compliance batches: per rule, how many flags were caught, missed or extra.

    python -m trainer.scoring.compliance_eval FILE.jsonl [FILE.jsonl ...] [--json] [--show]

Each line of a batch is one moment of a call, in the labellers' format (LABEL_RUBRIC.md):
{"id", "facts", "conversation": [{"speaker", "text"}, ...], "text", "flags": [codes],
"hard_negative_of": code or null, "note"}. The agent line `text` is scored after the whole
conversation (score_conversation), so every rule sees the state it would see on a call.

Per batch and per rule it prints: expected, caught (the same code at its rule severity),
caught as review only, missed, false positives (at rule severity) and false positives at
review; then recall over the critical and major flags expected (strict, and counting
review), and the share of clean lines given a critical or major flag.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compliance import load_rules
from .conversation import score_conversation
from .types import Flag, ScoringInputError

SERIOUS = ("critical", "major")
FIELDS = {"id", "facts", "conversation", "text", "flags", "hard_negative_of", "note"}


class BatchError(ValueError):
    """A batch line is malformed; the message says which line and why."""


def check_item(item: Any, where: str) -> dict[str, Any]:
    """The item when it has the labellers' shape, else a BatchError naming `where`."""
    if not isinstance(item, dict):
        raise BatchError(f"{where}: not a JSON object")
    missing = {"text", "flags"} - set(item)
    if missing:
        raise BatchError(f"{where}: missing {', '.join(sorted(missing))}")
    if not isinstance(item["text"], str) or not item["text"].strip():
        raise BatchError(f"{where}: text must be a non-empty string")
    if not isinstance(item["flags"], list) or not all(isinstance(c, str) for c in item["flags"]):
        raise BatchError(f"{where}: flags must be a list of codes")
    conversation = item.get("conversation") or []
    if not isinstance(conversation, list) or not all(
            isinstance(t, dict) and isinstance(t.get("text"), str) for t in conversation):
        raise BatchError(f"{where}: conversation must be a list of {{speaker, text}}")
    if not isinstance(item.get("facts") or {}, dict):
        raise BatchError(f"{where}: facts must be an object")
    return item


def flags_for(item: dict[str, Any]) -> list[Flag]:
    """The flags the engine raises on the item's agent line, after its conversation."""
    turns = [{"speaker": t.get("speaker", "debtor"), "text": t["text"]}
             for t in item.get("conversation") or []]
    turns.append({"speaker": "agent", "text": item["text"]})
    result = score_conversation(turns, {"facts": item.get("facts") or {}})
    return result.turns[-1].flags


@dataclass
class Tally:
    """Counts for one batch (or all of them)."""

    name: str
    items: int = 0
    clean: int = 0
    clean_serious: int = 0
    errors: list[str] = field(default_factory=list)
    expected: Counter = field(default_factory=Counter)
    caught: Counter = field(default_factory=Counter)
    caught_review: Counter = field(default_factory=Counter)
    missed: Counter = field(default_factory=Counter)
    false_pos: Counter = field(default_factory=Counter)
    false_pos_review: Counter = field(default_factory=Counter)
    unknown_codes: Counter = field(default_factory=Counter)
    misses: list[dict] = field(default_factory=list)

    def add(self, item: dict[str, Any], flags: list[Flag], severity: dict[str, str]) -> None:
        """Count one scored item."""
        self.items += 1
        want = set(item["flags"])
        firm = {f.code for f in flags if f.severity != "review"}
        review = {f.code for f in flags if f.severity == "review"} - firm
        self.unknown_codes.update(want - set(severity))
        for code in want & set(severity):
            self.expected[code] += 1
            if code in firm:
                self.caught[code] += 1
            elif code in review:
                self.caught_review[code] += 1
            else:
                self.missed[code] += 1
        self.false_pos.update(firm - want)
        self.false_pos_review.update(review - want)
        if not want:
            self.clean += 1
            if any(f.severity in SERIOUS for f in flags):
                self.clean_serious += 1
        if want != firm:
            self.misses.append({"id": item.get("id"), "text": item["text"],
                                "expected": sorted(want),
                                "got": sorted(f"{f.code}:{f.severity}" for f in flags)})

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        for name in ("items", "clean", "clean_serious"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("expected", "caught", "caught_review", "missed", "false_pos",
                     "false_pos_review", "unknown_codes"):
            getattr(self, name).update(getattr(other, name))
        self.errors += other.errors
        self.misses += other.misses

    def summary(self, severity: dict[str, str]) -> dict[str, Any]:
        """Recall over the serious (critical and major) flags, and serious flags on clean lines."""
        serious = [c for c in self.expected if severity.get(c) in SERIOUS]
        expected = sum(self.expected[c] for c in serious)
        caught = sum(self.caught[c] for c in serious)
        review = sum(self.caught_review[c] for c in serious)
        return {
            "batch": self.name, "items": self.items, "errors": len(self.errors),
            "serious_expected": expected,
            "recall_strict": round(caught / expected, 3) if expected else None,
            "recall_with_review": round((caught + review) / expected, 3) if expected else None,
            "clean_lines": self.clean,
            "clean_with_serious_flag": self.clean_serious,
            "clean_serious_share": (round(self.clean_serious / self.clean, 3) if self.clean
                                    else None),
            "per_rule": {code: {"severity": severity[code], "expected": self.expected[code],
                                "caught": self.caught[code],
                                "caught_as_review": self.caught_review[code],
                                "missed": self.missed[code],
                                "false_positives": self.false_pos[code],
                                "false_positives_review": self.false_pos_review[code]}
                         for code in sorted(severity)
                         if self.expected[code] or self.false_pos[code]
                         or self.false_pos_review[code]},
            "unknown_codes": dict(self.unknown_codes),
        }


def evaluate_file(path: Path, severity: dict[str, str]) -> Tally:
    """Score every item of one batch file; malformed lines are counted as errors."""
    tally = Tally(name=path.name)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            item = check_item(json.loads(line), where)
            flags = flags_for(item)
        except json.JSONDecodeError as exc:
            tally.errors.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        except BatchError as exc:
            tally.errors.append(str(exc))
            continue
        except ScoringInputError as exc:
            tally.errors.append(f"{where}: {exc.message}")
            continue
        tally.add(item, flags, severity)
    return tally


def _table(report: dict[str, Any]) -> str:
    head = (f"{report['batch']}: {report['items']} items"
            + (f", {report['errors']} unreadable" if report["errors"] else ""))
    lines = [head, f"  {'rule':<26}{'sev':>9}{'expect':>8}{'caught':>8}{'review':>8}"
                   f"{'missed':>8}{'fp':>6}{'fp rev':>8}"]
    for code, row in report["per_rule"].items():
        lines.append(f"  {code:<26}{row['severity']:>9}{row['expected']:>8}{row['caught']:>8}"
                     f"{row['caught_as_review']:>8}{row['missed']:>8}"
                     f"{row['false_positives']:>6}{row['false_positives_review']:>8}")
    lines.append(f"  recall, critical+major ({report['serious_expected']} expected): "
                 f"{report['recall_strict']} strict, {report['recall_with_review']} counting "
                 "review")
    lines.append(f"  clean lines with a critical or major flag: "
                 f"{report['clean_with_serious_flag']} of {report['clean_lines']} "
                 f"({report['clean_serious_share']})")
    if report["unknown_codes"]:
        lines.append(f"  codes not in the rule pack: {report['unknown_codes']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: a table per batch and for all of them (or JSON)."""
    parser = argparse.ArgumentParser(prog="python -m trainer.scoring.compliance_eval")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="one JSON report")
    parser.add_argument("--show", action="store_true",
                        help="also list every item whose flags differ from its labels")
    args = parser.parse_args(argv)
    severity = {r.code: r.severity for r in load_rules() if r.scope == "utterance"}
    total, reports, status = Tally(name="all batches"), [], 0
    for path in args.files:
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            status = 1
            continue
        tally = evaluate_file(path, severity)
        for error in tally.errors:
            print(error, file=sys.stderr)
        reports.append((tally, tally.summary(severity)))
        total.merge(tally)
    if len(reports) > 1:
        reports.append((total, total.summary(severity)))
    if args.json:
        out = {"batches": [r for _, r in reports]}
        if args.show:
            out["differences"] = total.misses
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        for tally, report in reports:
            print(_table(report))
            if args.show and tally is not total:
                for miss in tally.misses:
                    print(f"    {miss['id']}: expected {miss['expected']} got {miss['got']}: "
                          f"{miss['text']}")
            print()
    return status or (1 if total.errors else 0)


if __name__ == "__main__":
    sys.exit(main())
