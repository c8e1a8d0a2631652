"""A scenario as readable text: persona, account screen, steps and the dialogue graph."""

from __future__ import annotations

import textwrap

from .model import OUTCOMES, Node, Scenario, Transition

WIDTH = 100


def render_scenario(sc: Scenario) -> str:
    """The whole scenario as plain text for a terminal (`trainer scenarios show`)."""
    from trainer.scoring.tags import STEPS

    out = [f"{sc.id}: {sc.title}",
           f"{sc.difficulty}, pass mark {sc.pass_mark}, at most {sc.max_turns} turns",
           *_wrap(sc.summary, "  "), "", "Persona"]
    out += _table(sc.persona)
    out += ["", "Account screen"]
    out += _table({k: _fact(v) for k, v in sc.facts.items()})
    out += ["", "Required steps"]
    out += [f"  {step:<14} {STEPS[step][1] if step in STEPS else ''}" for step in sc.steps]
    mood = sc.mood
    at_max = f"; reaching {mood.max} ends the call at '{mood.on_max}'" if mood.on_max else ""
    out += ["", f"Mood (anger): starts at {mood.start}, "
                f"stays within {mood.min}..{mood.max}{at_max}"]
    out += ["", f"Dialogue (starts at '{sc.start}')"]
    for node in _ordered(sc):
        out += [""] + _node(node)
    return "\n".join(out)


def _ordered(sc: Scenario) -> list[Node]:
    """Nodes in the order a reader meets them: breadth-first from the start, ends last."""
    seen, order, queue = {sc.start}, [], [sc.start]
    while queue:
        node = sc.nodes[queue.pop(0)]
        order.append(node)
        for t in node.transitions:
            if t.goto not in seen:
                seen.add(t.goto)
                queue.append(t.goto)
    order += [n for n in sc.nodes.values() if n.id not in seen]
    return [n for n in order if not n.end] + [n for n in order if n.end]


def _node(node: Node) -> list[str]:
    if node.end:
        verdict = "good ending" if node.success else "bad ending"
        head = f"[{node.id}] END: {OUTCOMES.get(node.outcome, node.outcome)} ({verdict})"
    else:
        head = f"[{node.id}]"
    if node.set:
        head += "  sets " + ", ".join(f"{k}={_fact(v)}" for k, v in node.set.items())
    lines = [head]
    for variant in node.say:
        lines += _wrap(f'"{variant}"', "    debtor: ", "            ")
    if node.note:
        lines += _wrap(node.note, "    note: ", "          ")
    for t in node.transitions:
        lines += _wrap(_transition(t), f"    {t.index}. ", "       ")
        for variant in t.say:
            lines += _wrap(f'"{variant}"', "         says: ", "               ")
    return lines


def _transition(t: Transition) -> str:
    parts = []
    if t.any:
        parts.append("any of " + ", ".join(sorted(t.any)))
    if t.all:
        parts.append("all of " + ", ".join(sorted(t.all)))
    if t.none:
        parts.append("none of " + ", ".join(sorted(t.none)))
    if t.mood_at_least is not None:
        parts.append(f"mood >= {t.mood_at_least}")
    if t.mood_below is not None:
        parts.append(f"mood < {t.mood_below}")
    text = f"-> {t.goto}"
    if t.mood:
        text += f" (mood {t.mood:+d})"
    text += (" if " + " and ".join(parts)) if parts else " otherwise"
    if t.why:
        text += f"  ({t.why})"
    return text


def _fact(value) -> str:
    """Money with cents, lists joined, booleans as in the YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, list):
        return ", ".join(map(_fact, value))
    return str(value)


def _table(mapping: dict) -> list[str]:
    width = max((len(k) for k in mapping), default=0)
    lines = []
    for key, value in mapping.items():
        lines += _wrap(str(value), f"  {key:<{width}}  ", " " * (width + 4))
    return lines


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first,
                         subsequent_indent=rest if rest is not None else first) or [first]
