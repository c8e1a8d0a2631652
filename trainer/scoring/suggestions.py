"""'Say it better': one or two better phrasings for the weakest dimension, fitted to the
situation (the debtor's last line and the context) and never one that would break a rule
(no asking for money after a dispute, a cease request, to an attorney's client, to a
third party or before verification)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from .types import DIMENSIONS, Context

DATA = Path(__file__).with_name("data")
NO_PRESSING = {"dispute", "cease", "attorney", "third_party", "unverified"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _phrasebank() -> list[dict]:
    return yaml.safe_load((DATA / "phrasebank.yaml").read_text())["phrases"]


@cache
def _situations() -> dict:
    return yaml.safe_load((DATA / "situations.yaml").read_text())


def situations(context: Context) -> set[str]:
    """The situations the debtor's line and the context put the agent in."""
    config = _situations()
    line = (context.debtor_line or "").lower()
    found = {name for name, words in config["situations"].items() if any(w in line for w in words)}
    for name, conditions in config["from_context"].items():
        if all(getattr(context, key) == want for key, want in conditions.items()):
            found.add(name)
    return found


def _fill(text: str, facts: dict) -> str | None:
    """The phrasing with facts filled in, or None when a needed fact is missing."""
    def value(match):
        fact = facts.get(match.group(1))
        if fact is None:
            raise KeyError(match.group(1))
        if match.group(1) == "balance" and isinstance(fact, int | float):
            return f"${fact:,.2f}".replace(".00", "")
        return str(fact)

    try:
        return _PLACEHOLDER.sub(value, text)
    except KeyError:
        return None


def suggest(scores: dict[str, float], context: Context, limit: int = 2) -> list[dict[str, str]]:
    """Better phrasings for the weakest dimension, best-fitting situation first."""
    weakest = min(DIMENSIONS, key=lambda d: scores[d])
    found = situations(context)
    blocked = bool(found & NO_PRESSING)
    ranked = []
    for order, entry in enumerate(_phrasebank()):
        if entry["dimension"] != weakest or (blocked and entry.get("presses")):
            continue
        fit = len(found & set(entry["situations"])) * 2 + ("any" in entry["situations"])
        if not fit:
            continue
        text = _fill(entry["text"], context.facts or {})
        if text:
            ranked.append((-fit, order, entry["id"], text))
    ranked.sort()
    return [{"dimension": weakest, "id": pid, "text": text} for _, _, pid, text in ranked[:limit]]
