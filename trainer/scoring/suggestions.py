"""'Say it better', from the whole call: a phrasing for the step the moment is the time for,
then one for the weakest dimension the moment called for.

A phrasing fits the moment (moment.py: an opening, distress, a dispute...), the call so far
(verified or not, steps done, requests in force) and the account: programmes, amounts and
dates come only from the scenario's `offers` and facts, and nothing that asks for money is
offered before verification, to a third party, or while a dispute, a cease request or an
attorney is in force (data/phrasebank.yaml).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from .types import DIMENSIONS, Context

DATA = Path(__file__).with_name("data")
NO_PRESSING = {"dispute", "cease", "attorney", "third_party", "unverified"}
# "any" phrasings assume the debtor is verified on the line and has heard the disclosure
NOT_ANY = {"opening", "third_party", "disclosure"}
GOOD_ENOUGH = 70  # a dimension scoring this (the high band) needs no better phrasing
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _phrasebank() -> list[dict]:
    return yaml.safe_load((DATA / "phrasebank.yaml").read_text())["phrases"]


@cache
def _situations() -> dict:
    config = yaml.safe_load((DATA / "situations.yaml").read_text())
    # a keyword starts a word: "hell" is not in "hello", "medical" is in "medically"
    config["patterns"] = {name: re.compile("|".join(r"(?<![a-z])" + re.escape(w) for w in words))
                          for name, words in config["situations"].items()}
    return config


def situations(context: Context) -> set[str]:
    """The situations the debtor's line and the context put the agent in."""
    config = _situations()
    line = (context.debtor_line or "").lower()
    found = {name for name, pattern in config["patterns"].items() if pattern.search(line)}
    for name, conditions in config["from_context"].items():
        if all(getattr(context, key) == want for key, want in conditions.items()):
            found.add(name)
    return found


def _money(value) -> str:
    return f"${value:,.2f}".replace(".00", "") if isinstance(value, int | float) else str(value)


def _method(context: Context) -> str | None:
    """The payment method the debtor named, if the account takes it, else the account's first."""
    methods = [str(m) for m in (context.facts or {}).get("payment_methods") or []]
    line = (context.debtor_line or "").lower()
    named = next((m for m in methods if m.split(" (")[0].lower() in line), None)
    return named or (methods[0].split(" (")[0] if methods else None)


def _values(context: Context) -> dict[str, str]:
    """Everything a placeholder may stand for, from the account (facts and offers) only."""
    facts = context.facts or {}
    values = {key: _money(value) if key == "balance" else str(value)
              for key, value in facts.items() if isinstance(value, str | int | float)}
    name = facts.get("debtor_name")
    if isinstance(name, str) and name.strip():
        values["first_name"] = name.split()[0]
    method = _method(context)
    if method:
        values["method"] = method
    values.update({f"offer_{key}": str(text) for key, text in (context.offers or {}).items()
                   if isinstance(text, str) and text.strip()})
    return values


def _fill(text: str, values: dict[str, str]) -> str | None:
    """The phrasing with its placeholders filled, or None when one has no value."""
    try:
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
    except KeyError:
        return None


def _fits(entry: dict, kind: str) -> bool:
    kinds = entry["kinds"]
    return kind in kinds or ("any" in kinds and kind not in NOT_ANY)


def suggest(scores: dict[str, float], context: Context, moment=None, tags=frozenset(),
            limit: int = 2) -> list[dict[str, str]]:
    """Better phrasings: the step due now (if this answer did not do it), then the weakest
    dimension the moment called for; each fitted to the call and allowed by the account."""
    from .moment import ANY_MOMENT
    from .tags import STEPS

    moment = moment or ANY_MOMENT
    kind = "general" if moment.kind == "unknown" else moment.kind
    found = situations(context)
    blocked = bool(found & NO_PRESSING) or context.right_party_verified is False
    values = _values(context)
    usable = []
    for order, entry in enumerate(_phrasebank()):
        if not _fits(entry, kind):
            continue
        if blocked and entry.get("presses"):
            continue
        if any(need not in values for need in entry.get("needs", ())):
            continue
        text = _fill(entry["text"], values)
        if text:
            fit = len(found & set(entry.get("situations", ()))) if entry.get("situations") else 0
            if entry.get("situations") and not fit:
                continue  # written for a situation this line is not in
            usable.append((-fit, order, entry, text))
    usable.sort(key=lambda item: item[:2])
    out: list[dict[str, str]] = []
    due = [s for s in moment.steps if STEPS[s][0] not in tags]
    for step in due:
        for _, _, entry, text in usable:
            if entry.get("step") == step:
                out.append({"dimension": entry["dimension"], "step": step, "id": entry["id"],
                            "text": text})
                break
        if out:
            break
    judged = [d for d in DIMENSIONS if d in moment.dimensions] or list(DIMENSIONS)
    weakest = min(judged, key=lambda d: scores[d])
    if scores[weakest] >= GOOD_ENOUGH:
        return out
    for _, _, entry, text in usable:
        if len(out) >= limit:
            break
        if entry["dimension"] == weakest and not entry.get("step") and \
                all(text != o["text"] for o in out):
            out.append({"dimension": weakest, "id": entry["id"], "text": text})
    return out
