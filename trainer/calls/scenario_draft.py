"""A draft practice scenario from a real call: the customer's side becomes the debtor's lines.

Only the customer's words go in, anonymised (anonymise.py); the agent's words never do, but
each debtor line carries a note of how the real agent's answer scored, so whoever reviews the
draft can add branches where the real call went wrong. The graph is a straight walk through
the customer's lines with the library's usual guard rails: threats or insults end the call
with a complaint, hostility raises the debtor's anger (at the top they hang up), and the
last line leads to the ending. The draft is checked by the scenario loader before it is
offered, and again when it is published.
"""

from __future__ import annotations

from typing import Any

import yaml

from .anonymise import COMPANY, STAND_INS, Anonymiser

MAX_LINES = 12  # debtor lines kept; longer calls keep their first lines
MAX_SAY = 400  # characters of one debtor line
STEPS_ALWAYS = ["verification", "mini_miranda"]


def scenario_id_for(call_id: int) -> str:
    """The draft's id (and file name): call_<id>."""
    return f"call_{int(call_id)}"


def customer_lines(card: dict[str, Any]) -> int:
    """How many customer turns with words the call has (a draft needs at least one)."""
    return sum(1 for t in card.get("turns") or []
               if t.get("speaker") == "customer" and (t.get("text") or "").strip())


def draft_scenario(card: dict[str, Any], call_id: int) -> tuple[dict[str, Any], dict[str, int]]:
    """(scenario data, what was anonymised by kind) from a call scorecard."""
    turns = card.get("turns") or []
    anonymise = Anonymiser.from_texts([t.get("text") or "" for t in turns])
    lines = [(i, anonymise(t["text"])[:MAX_SAY]) for i, t in enumerate(turns)
             if t.get("speaker") == "customer" and (t.get("text") or "").strip()][:MAX_LINES]
    if turns and turns[0].get("speaker") == "agent":  # the agent spoke first: the debtor
        lines.insert(0, (None, "Hello?"))  # answers the phone before the first real line
    sentiment = card.get("customer_sentiment") or {}
    start_mood, difficulty = _mood(sentiment.get("start"))
    nodes: dict[str, Any] = {}
    for n, (index, said) in enumerate(lines, start=1):
        node_id, after = f"line_{n}", (f"line_{n + 1}" if n < len(lines) else "resolved")
        node: dict[str, Any] = {"say": said}
        note = _agent_note(turns, index)
        if note:
            node["note"] = note
        node["transitions"] = [
            {"any": ["threat", "abuse"], "goto": "complaint",
             "why": "Threats or insults end the call with a complaint."},
            {"any": ["hostile"], "mood": 2, "goto": node_id,
             "why": "Hostility makes the debtor angrier."},
            {"goto": after}]
        nodes[node_id] = node
    promise = card.get("promise_to_pay")
    nodes["resolved"] = {"end": True, "outcome": "promise_made" if promise else "refused",
                         "success": bool(promise), "say": "Okay. Bye."}
    nodes["complaint"] = {"end": True, "outcome": "complaint_filed", "success": False,
                          "say": "I'm filing a complaint about this call. Goodbye."}
    nodes["hangs_up"] = {"end": True, "outcome": "hung_up", "success": False,
                         "say": "I'm done with this. Don't call me again."}
    data = {
        "id": scenario_id_for(call_id),
        "title": f"Real call {int(call_id)} (draft)",
        "difficulty": difficulty,
        "summary": "A debtor taken from a real call, anonymised. Review the lines, the facts "
                   "and the branches before publishing.",
        "persona": {"name": STAND_INS[-1] + " Doe",
                    "situation": "From a real call: describe the debtor's situation here.",
                    "temperament": _temperament(sentiment)},
        "facts": {"creditor": COMPANY, "balance": _balance(promise),
                  "days_past_due": 60, "debtor_name": STAND_INS[-1] + " Doe",
                  "account_last4": "0000"},
        "steps": STEPS_ALWAYS + (["promise"] if promise else []),
        "pass_mark": 70,
        "max_turns": len(lines) + 4,
        "mood": {"start": start_mood, "min": 0, "max": 10, "on_max": "hangs_up"},
        "start": "line_1",
        "nodes": nodes,
    }
    return data, dict(anonymise.counts)


def to_yaml(data: dict[str, Any], call_id: int, counts: dict[str, int]) -> str:
    """The scenario file's text, with a header saying where it came from and what to check."""
    replaced = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(counts.items()))
    header = (f"# Drafted from call {int(call_id)}: the customer's lines, anonymised "
              f"({replaced or 'nothing needed replacing'}).\n"
              "# Check every line for names, places and numbers the first pass missed, write the\n"
              "# persona and the facts, and add branches where the real agent went wrong\n"
              "# (see each line's note) before publishing.\n")
    return header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=96)


class _Dumper(yaml.SafeDumper):
    """Short lists of words on one line (`any: [threat, abuse]`), as the library writes them."""


def _list(dumper: yaml.SafeDumper, items: list) -> yaml.Node:
    flow = len(items) <= 6 and all(isinstance(i, str) and len(i) < 30 for i in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(list, _list)


def _mood(start: float | None) -> tuple[int, str]:
    """The debtor's starting anger and the difficulty, from the customer's opening sentiment."""
    if start is None:
        return 3, "medium"
    if start < -0.3:
        return 6, "hard"
    if start < 0.05:
        return 4, "medium"
    return 2, "easy"


def _temperament(sentiment: dict[str, Any]) -> str:
    start, end = sentiment.get("start"), sentiment.get("end")
    if start is None:
        return "Unknown from the call: describe it here."
    mood = "upset" if start < -0.3 else "guarded" if start < 0.05 else "calm"
    if end is None:
        return f"Starts {mood}."
    later = "calmer" if end > start + 0.2 else "more upset" if end < start - 0.2 else "the same"
    return f"Starts {mood} (sentiment {start:+.2f}) and ends {later} ({end:+.2f})."


def _balance(promise: dict[str, Any] | None) -> float:
    """A plausible balance that is not the real one: four times the promise, in hundreds."""
    amount = (promise or {}).get("amount")
    if isinstance(amount, int | float) and amount > 0:
        return float(round(amount * 4, -2) or 100)
    return 500.0


def _agent_note(turns: list[dict[str, Any]], index: int | None) -> str | None:
    """How the real agent answered this line: the next agent turn's scores and flags."""
    if index is None:
        return None
    answer = next((t for t in turns[index + 1:] if t.get("speaker") == "agent"), None)
    if answer is None or answer.get("overall") is None:
        return None
    flags = sorted({f["code"] for f in answer.get("flags") or []})
    scores = ", ".join(f"{k.replace('_', ' ')} {round(v)}"
                       for k, v in (answer.get("scores") or {}).items())
    note = f"The real agent's answer scored {round(answer['overall'])} overall ({scores})"
    return note + (f" and was flagged: {', '.join(flags)}." if flags else ".")
