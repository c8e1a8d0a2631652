"""The pass decision of a practice session, in plain words a trainee can act on."""

from __future__ import annotations

from typing import Any


def fail_reasons(summary: dict[str, Any], pass_mark: int) -> list[str]:
    """Why the session did not pass, one plain sentence each (empty when it passed)."""
    from trainer.scoring.compliance import load_rules
    from trainer.scoring.steps import MISSED

    titles = {r.code: r.title for r in load_rules()}
    reasons = []
    critical = list(dict.fromkeys(titles.get(f["code"], f["code"]) for f in summary["flags"]
                                  if f["severity"] == "critical"))
    if critical:
        reasons.append("a critical compliance flag was raised: " + "; ".join(critical))
    if summary["overall"] < pass_mark:
        reasons.append(f"overall {round(summary['overall'])} is below the pass mark {pass_mark}")
    missed = [s["name"] for s in summary.get("steps") or [] if s.get("status") == MISSED]
    if missed:
        reasons.append("required steps missed: " + ", ".join(missed))
    return reasons
