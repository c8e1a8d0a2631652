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
from functools import cache, lru_cache
from pathlib import Path

import yaml

from .tags import STEPS
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
    config["context_keys"] = tuple(sorted({key for conditions in config["from_context"].values()
                                           for key in conditions}))
    return config


def situations(context: Context) -> frozenset[str]:
    """The situations the debtor's line and the context put the agent in."""
    config = _situations()
    facts = tuple(getattr(context, key) for key in config["context_keys"])
    return _situations_of((context.debtor_line or "").lower(), facts)


@lru_cache(maxsize=1024)
def _situations_of(line: str, facts: tuple) -> frozenset[str]:
    """Situations of a lower-cased line and the context facts (cached: lines repeat)."""
    config = _situations()
    have = dict(zip(config["context_keys"], facts, strict=True))
    found = {name for name, pattern in config["patterns"].items() if pattern.search(line)}
    for name, conditions in config["from_context"].items():
        if all(have[key] == want for key, want in conditions.items()):
            found.add(name)
    return frozenset(found)


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


@cache
def _for_kind(kind: str) -> dict[str, tuple[tuple[int, dict], ...]]:
    """The phrasings that fit a moment of this kind, in phrasebank order, by what they are
    for: "step:<id>" or "dimension:<name>"."""
    out: dict[str, list] = {}
    for order, entry in enumerate(_phrasebank()):
        if kind in entry["kinds"] or ("any" in entry["kinds"] and kind not in NOT_ANY):
            key = (f"step:{entry['step']}" if entry.get("step")
                   else f"dimension:{entry['dimension']}")
            out.setdefault(key, []).append((order, entry))
    return {key: tuple(items) for key, items in out.items()}


def suggest(scores: dict[str, float], context: Context, moment=None, tags=frozenset(),
            limit: int = 2) -> list[dict[str, str]]:
    """Better phrasings: the step due now (if this answer did not do it), then the weakest
    dimension the moment called for if it is below the high band; each fitted to the call
    and allowed by the account."""
    from .moment import ANY_MOMENT

    moment = moment or ANY_MOMENT
    kind = "general" if moment.kind == "unknown" else moment.kind
    due = next((s for s in moment.steps if STEPS[s][0] not in tags), None)
    judged = [d for d in DIMENSIONS if d in moment.dimensions] or list(DIMENSIONS)
    weakest = min(judged, key=lambda d: scores[d])
    if scores[weakest] >= GOOD_ENOUGH:
        weakest = None
    if due is None and weakest is None:
        return []
    found = situations(context)
    blocked = bool(found & NO_PRESSING) or context.right_party_verified is False
    values = _values(context)
    candidates = []
    fitting = _for_kind(kind)
    for order, entry in fitting.get(f"step:{due}", ()) + fitting.get(f"dimension:{weakest}", ()):
        if blocked and entry.get("presses"):
            continue
        fit = len(found & set(entry.get("situations", ())))
        if entry.get("situations") and not fit:
            continue  # written for a situation this line is not in
        if any(need not in values for need in entry.get("needs", ())):
            continue
        text = _fill(entry["text"], values)
        if text:
            candidates.append((entry.get("step") is None, -fit, order, entry, text))
    candidates.sort(key=lambda c: c[:3])  # the step first, then the closest fit
    out: list[dict[str, str]] = []
    for _, _, _, entry, text in candidates:
        if len(out) == limit or (out and out[-1].get("step") == entry.get("step") and due
                                 and entry.get("step")):
            continue
        tip = {"dimension": entry["dimension"], "id": entry["id"], "text": text}
        if entry.get("step"):
            tip["step"] = entry["step"]
        out.append(tip)
    return out
