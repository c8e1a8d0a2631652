"""Scenario checks: JSON Schema errors and graph/vocabulary errors, each with its line."""

from __future__ import annotations

import json
from collections import deque
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from .positions import Path_, dotted, line_of

SCHEMA_FILE = Path(__file__).with_name("schema.json")
CONDITION_KEYS = ("any", "all", "none", "mood_at_least", "mood_below")

Problem = tuple[int, str]  # (1-based line, reason)


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    """The compiled scenario schema."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_problems(data: Any, lines: dict[Path_, int]) -> list[Problem]:
    """Every JSON Schema error, pointed at the line of the value (or key) it is about."""
    problems = []
    for error in validator().iter_errors(data):
        path = tuple(error.absolute_path)
        if "propertyNames" in error.schema_path:  # point at the offending key, not its parent
            path += (error.instance,)
        extra = _unexpected_keys(error)
        if extra:
            for key in extra:
                problems.append((line_of(lines, path + (key,)),
                                 f"{dotted(path + (key,))}: unknown field {key!r}"))
            continue
        problems.append((line_of(lines, path), _message(path, error)))
    return sorted(set(problems))


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    if error.validator != "additionalProperties" or error.validator_value is not False:
        return []
    allowed = set(error.schema.get("properties", {}))
    return sorted(k for k in error.instance if k not in allowed)


def _message(path: Path_, error: jsonschema.ValidationError) -> str:
    where = f"{dotted(path)}: " if path else ""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind in ("minProperties", "minItems"):
        text = f"needs at least {value} entr{'y' if value == 1 else 'ies'}"
    elif kind == "type" and isinstance(instance, bool) and "string" in json.dumps(value):
        # YAML 1.1 reads bare yes/no/on/off as booleans; say how to keep them as words.
        text = f"{instance!r} is not text (quote it: YAML reads yes/no/on/off as true/false)"
    elif "propertyNames" in error.schema_path:
        text = f"{error.message} (node ids are snake_case)"
    else:
        text = error.message
    if len(text) > 160:
        text = text[:157] + "..."
    return where + text


def semantic_problems(data: dict[str, Any], lines: dict[Path_, int], stem: str,
                      known_tags: set[str], step_ids: set[str]) -> list[Problem]:
    """Errors the schema cannot express: names, references, vocabulary and graph shape."""
    problems: list[Problem] = []

    def report(path: Path_, message: str) -> None:
        problems.append((line_of(lines, path), f"{dotted(path)}: {message}"))

    nodes: dict[str, dict] = data["nodes"]
    if data["id"] != stem:
        report(("id",), f"id {data['id']!r} must match the file name {stem!r}")
    for i, step in enumerate(data["steps"]):
        if step not in step_ids:
            report(("steps", i), f"unknown step {step!r} (known: {', '.join(sorted(step_ids))})")
    _check_mood(data, nodes, report)
    if data["start"] not in nodes:
        report(("start",), f"unknown start node {data['start']!r}")
    elif nodes[data["start"]].get("end"):
        report(("start",), f"start node {data['start']!r} is an end node")
    for node_id, node in nodes.items():
        _check_node(node_id, node, nodes, known_tags, report)
    if data["start"] in nodes and not nodes[data["start"]].get("end"):
        _check_graph(data, nodes, report)
    return sorted(problems)


def _check_mood(data: dict, nodes: dict, report) -> None:
    mood = data["mood"]
    if mood["min"] >= mood["max"]:
        report(("mood", "max"), f"max {mood['max']} must be above min {mood['min']}")
    elif not mood["min"] <= mood["start"] <= mood["max"]:
        report(("mood", "start"),
               f"start {mood['start']} is outside [{mood['min']}, {mood['max']}]")
    elif "on_max" in mood and mood["start"] >= mood["max"]:
        report(("mood", "start"), "start is already at max, so on_max would fire at once")
    if "on_max" in mood:
        target = mood["on_max"]
        if target not in nodes:
            report(("mood", "on_max"), f"unknown goto target {target!r}")
        elif not nodes[target].get("end"):
            report(("mood", "on_max"), f"on_max target {target!r} must be an end node")


def _check_node(node_id: str, node: dict, nodes: dict, known_tags: set[str], report) -> None:
    from trainer.scoring.moment import kinds

    base = ("nodes", node_id)
    transitions = node.get("transitions", [])
    if "moment" in node and node["moment"] not in kinds():
        report(base + ("moment",), f"unknown moment {node['moment']!r} (known: "
                                   f"{', '.join(kinds())})")
    if node.get("end"):
        if transitions:
            report(base + ("transitions",), "an end node cannot have transitions")
        return
    for key in ("outcome", "success"):
        if key in node:
            report(base + (key,), f"{key} is only allowed on an end node (end: true)")
    for i, t in enumerate(transitions):
        where = base + ("transitions", i)
        if t["goto"] not in nodes:
            report(where + ("goto",), f"unknown goto target {t['goto']!r}")
        for key in ("any", "all", "none"):
            for j, tag in enumerate(t.get(key, ())):
                if tag not in known_tags:
                    report(where + (key, j), f"unknown tag {tag!r}")
        if "mood_at_least" in t and "mood_below" in t and t["mood_at_least"] >= t["mood_below"]:
            report(where, "mood_at_least must be below mood_below, or it can never match")
        if not any(k in t for k in CONDITION_KEYS) and i < len(transitions) - 1:
            report(where, f"unconditional transition before the last one: "
                          f"transitions {i + 1}..{len(transitions) - 1} can never fire")
    if transitions and any(k in transitions[-1] for k in CONDITION_KEYS):
        report(base + ("transitions", len(transitions) - 1),
               "the last transition must be an unconditional default (no any/all/none/mood_*)")


def _check_graph(data: dict, nodes: dict, report) -> None:
    """Every node reachable from start, and an end reachable from every reachable node."""
    # Unknown targets are reported by _check_node; here they are simply not edges.
    edges = {nid: {t["goto"] for t in n.get("transitions", []) if t["goto"] in nodes}
             for nid, n in nodes.items()}
    on_max = data["mood"].get("on_max")
    if on_max in nodes:
        # Mood only reaches max through a transition that raises it, so only such nodes
        # can be forced to on_max.
        for nid, node in nodes.items():
            if any(t.get("mood", 0) > 0 for t in node.get("transitions", [])):
                edges[nid].add(on_max)
    reachable = _reach(data["start"], edges)
    for nid in nodes:
        if nid not in reachable:
            report(("nodes", nid), f"node {nid!r} is unreachable from start {data['start']!r}")
    ends = {nid for nid, n in nodes.items() if n.get("end")}
    reverse: dict[str, set[str]] = {nid: set() for nid in nodes}
    for src, targets in edges.items():
        for dst in targets:
            reverse[dst].add(src)
    can_end = set().union(*(_reach(e, reverse) for e in ends)) if ends else set()
    if data["start"] not in can_end:
        report(("start",), f"no end node is reachable from start {data['start']!r}")
        return
    for nid in sorted(reachable - can_end):
        report(("nodes", nid), f"no end node is reachable from node {nid!r}")


def _reach(origin: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = {origin}, deque([origin])
    while todo:
        for nxt in edges.get(todo.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
