"""The pass decision of a practice session, in plain words a trainee can act on: which
dimension or step kept it below the mark, and what would have raised it."""

from __future__ import annotations

import math
from typing import Any

# What raises each dimension, said as something to do on the next call.
RAISE = {
    "empathy": "acknowledge what the debtor tells you and ask about their situation before "
               "moving on",
    "positive_language": "say what you can do, thank them, and offer options instead of "
                         "\u201ccan't\u201d or \u201chave to\u201d",
    "assertiveness": "make one specific ask (amount, date and method) and say what you will "
                     "do next",
    "calmness": "keep it short and even: no capitals, no \u201ccalm down\u201d, no threats",
}
DO_STEP = {
    "verification": "confirm you are speaking with the debtor before any account detail",
    "mini_miranda": "once the debtor is verified, say \u201cThis is an attempt to collect a "
                    "debt and any information obtained will be used for that purpose\u201d",
    "reason": "ask an open question about what made it hard to pay",
    "options": "offer what the account allows: a plan, a settlement or hardship help",
    "promise": "agree an amount, a date and a payment method",
    "recap": "read back what was agreed before you close",
    "dispute_ack": "acknowledge the dispute, pause collection and explain validation",
    "cease_ack": "acknowledge the request (or the attorney) and stop collecting",
    "hardship_ack": "acknowledge the hardship and offer the hardship help the account has",
}


def summarise(scorecards: list[dict], scenario, finished: bool) -> dict[str, Any]:
    """A session's conversation score from its stored scorecards (each judged in its own
    compliance state), with one status per step and per rule."""
    from trainer.scoring import score_conversation
    from trainer.scoring.steps import judge

    from .cards import card_from_dict

    context = {"steps": list(scenario.steps) if scenario else []}
    summary = score_conversation([card_from_dict(c) for c in scorecards], context).to_dict()
    return judge(summary, finished=finished)


def _label(dimension: str) -> str:
    return dimension.replace("_", " ").capitalize()


def _below_the_mark(summary: dict[str, Any], pass_mark: int, answers: list[dict]) -> str:
    """Which called-for dimension held the overall down, and what would have raised it."""
    called = summary.get("called_for") or list(summary["scores"])
    scores = summary["scores"]
    overall = summary["overall"]
    weakest = min(called, key=lambda d: scores[d])
    target = scores[weakest] + (pass_mark - overall) * len(called)  # the mark, on this alone
    turns = (summary.get("judged_turns") or {}).get(weakest) or []
    where = f" over the {len(turns)} answer{'s' * (len(turns) != 1)} that called for it" \
        if turns else ""
    if len(turns) > 1 and all(i < len(answers) for i in turns):
        worst = min(turns, key=lambda i: answers[i]["scores"][weakest])
        where += f" (answer {worst + 1} scored {round(answers[worst]['scores'][weakest])})"
    text = (f"overall {round(overall)} is below the pass mark {pass_mark}. "
            f"{_label(weakest)} kept it down most: {round(scores[weakest])}{where}. ")
    if target <= 100:
        text += f"Raising it to {math.ceil(target)} would have reached the mark: "
    else:
        text += "Raising it would have helped most: "
    return text + RAISE[weakest] + "."


def fail_reasons(summary: dict[str, Any], pass_mark: int | None,
                 answers: list[dict] | None = None, critical: bool | None = None) -> list[str]:
    """Why the session did not pass, one plain sentence each (empty when it passed).

    `answers` are the turns' scorecards (for "answer 4 scored 22"). `critical` overrides
    the flags' own say, once a coach has decided on them (True: one still stands).
    """
    from trainer.scoring.compliance import load_rules
    from trainer.scoring.steps import MISSED

    titles = {r.code: r.title for r in load_rules()}
    reasons = []
    named = list(dict.fromkeys(titles.get(f["code"], f["code"]) for f in summary["flags"]
                               if f["severity"] == "critical"))
    if critical is None:
        critical = bool(named)
    if critical:
        reasons.append("a critical compliance flag was raised" + (": " + "; ".join(named)
                                                                  if named else "")
                       + ". A critical flag fails the session whatever the scores.")
    if pass_mark is not None and summary["overall"] < pass_mark:
        reasons.append(_below_the_mark(summary, pass_mark, answers or []))
    missed = [s for s in summary.get("steps") or [] if s.get("status") == MISSED]
    if missed:
        reasons.append("required steps missed: " + "; ".join(
            f"{s['name']} ({DO_STEP.get(s['id'], 'do it before the call ends')})"
            for s in missed))
    return reasons
