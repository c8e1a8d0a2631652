"""Run a scenario: pure functions over a plain, JSON-ready state dict.

The state is everything needed to continue a conversation, so the web app can store it as
JSON between requests. `start` and `advance` never change the state they are given.
It keeps the conversation's compliance state (trainer.scoring.state) under "compliance":
every debtor line and every answer's tags move it, a node's `set` is written into it, and
`context_for` hands it to the engine, so the flags follow what was said on the call.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from trainer.scoring import state as compliance_state
from trainer.scoring.state_context import with_context
from trainer.scoring.tags import STEPS, expand
from trainer.scoring.types import Context, ScoringInputError

from .loader import ScenarioError
from .model import STATE_FLAGS, Node, Scenario, Transition

STATE_KEYS = ("node", "mood", "turn", *STATE_FLAGS, "finished", "outcome", "debtor_line", "done")
OPTIONAL_KEYS = ("debtor_line", "done")  # sessions stored before "done" existed go on without it


@dataclass(frozen=True, slots=True)
class Step:
    """What one trainee answer did: the new state and the debtor's reply."""

    state: dict[str, Any]
    debtor_line: str | None  # None when the call ended with no closing line
    finished: bool
    outcome: str | None
    mood_delta: int  # the change actually applied, after clamping to the mood scale
    reason: str  # which transition fired and why, for the UI
    success: bool | None = None  # for a finished call: was the ending a good one

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready copy."""
        return asdict(self)


def start(sc: Scenario) -> tuple[dict[str, Any], str]:
    """A fresh state at the start node, and the debtor's opening line."""
    node = sc.nodes[sc.start]
    state: dict[str, Any] = {
        "node": node.id, "mood": sc.mood.start, "turn": 0,
        # Most calls are answered by the debtor; a scenario where someone else picks up
        # says so with `set: {listener: third_party}` on its start node.
        "right_party_verified": False, "listener": "debtor",
        "dispute_open": False, "cease_requested": False, "attorney": False,
        "finished": False, "outcome": None, "done": [],
    }
    state.update(node.set)
    line = _pick(node.say, 0)
    state["debtor_line"] = line
    state["compliance"] = _heard(sc, compliance_state.call_start(), line, node.set).to_dict()
    return state, line


def context_for(sc: Scenario, state: dict[str, Any]) -> dict[str, Any]:
    """The scoring Context fields (as a dict) for the trainee's next answer.

    The explicit fields are read off the compliance state, which already holds what the
    scenario's nodes set, so they agree with it.
    """
    _check_state(sc, state)
    held = _compliance(sc, state)
    listener = {"third_party": "third_party", "right_party": "debtor",
                "unknown": "debtor"}.get(held.party)
    return {
        "debtor_line": state.get("debtor_line"),
        "facts": copy.deepcopy(sc.facts),
        "right_party_verified": held.party == "right_party",
        "listener": listener,
        "dispute_open": held.request("dispute") is not None,
        "cease_requested": held.request("cease") is not None,
        "attorney": held.request("attorney") is not None,
        "turn_index": int(state["turn"]),
        "moment": sc.nodes[state["node"]].moment,
        "so_far": list(state.get("done") or []),
        "offers": dict(sc.offers),
        "state": held.to_dict(),
    }


def _compliance(sc: Scenario, state: dict[str, Any]) -> compliance_state.ComplianceState:
    """The compliance state kept in the session state (rebuilt for a session that predates it)."""
    kept = state.get("compliance")
    if kept is None:
        flags = {k: state[k] for k in STATE_FLAGS}
        return _heard(sc, compliance_state.call_start(), state.get("debtor_line") or "", flags)
    try:
        return compliance_state.ComplianceState.coerce(kept)
    except ScoringInputError as exc:
        raise ScenarioError(f"the compliance state is malformed: {exc.message}") from exc


def _heard(sc: Scenario, held, line: str | None, node_set: dict[str, Any]):
    """The compliance state after the debtor's line, with what the node sets written in."""
    turn = held.turns
    if line:
        held = compliance_state.advance(held, "debtor", line, facts=sc.facts)
    facts = {k: v for k, v in node_set.items() if k in STATE_FLAGS}
    if facts:
        held = with_context(held, Context(**facts), turn=turn)
    return held


def advance(sc: Scenario, state: dict[str, Any], tags: Iterable[str]) -> Step:
    """Apply the trainee's answer (the tags the engine found in it) and return the next Step."""
    _check_state(sc, state)
    if state["finished"]:
        raise ScenarioError("the conversation has already finished")
    found = _tag_set(tags)
    node = sc.nodes[state["node"]]
    transition = next(t for t in node.transitions if t.matches(found, state["mood"]))

    mood_before = state["mood"]
    mood = max(sc.mood.min, min(sc.mood.max, mood_before + transition.mood))
    target = sc.nodes[transition.goto]
    forced = bool(sc.mood.on_max) and mood >= sc.mood.max and not target.end
    if forced:
        target = sc.nodes[sc.mood.on_max]

    lines = target.say if forced or not transition.say else transition.say
    line: str | None = _pick(lines, state["turn"] + 1)
    reason = _reason(node, transition, found, mood_before, mood, target, forced)
    finished = target.end or state["turn"] + 1 >= sc.max_turns
    if not target.end and finished:
        line = _pick(sc.out_of_time_say, state["turn"] + 1) if sc.out_of_time_say else None
        reason += f"; the call ran out of turns ({sc.max_turns})"
    new = arrive(sc, state, found, target.id, line, mood)
    if target.end:
        new.update(finished=True, outcome=target.outcome)
    elif finished:
        new.update(finished=True, outcome="out_of_time")
    return Step(state=new, debtor_line=line, finished=new["finished"], outcome=new["outcome"],
                mood_delta=mood - mood_before, reason=reason, success=succeeded(sc, new))


def arrive(sc: Scenario, state: dict[str, Any], found: set[str], node_id: str,
           line: str | None, mood: int | None = None) -> dict[str, Any]:
    """The state after an answer carrying the tags `found` leads to `node_id`, where the
    debtor says `line`: the node's `set`, the steps done and the compliance state follow."""
    target = sc.nodes[node_id]
    new = copy.deepcopy(state)
    new.update(node=node_id, mood=state["mood"] if mood is None else mood,
               turn=state["turn"] + 1, debtor_line=line)
    # The required steps done so far, whatever the scenario asks for: what the next line
    # calls for depends on them (trainer.scoring.moment).
    new["done"] = sorted(set(state.get("done") or ()) | {s for s, (tag, _) in STEPS.items()
                                                         if tag in found})
    new.update(target.set)
    answered = compliance_state.advance(_compliance(sc, state), "agent", "", found)
    new["compliance"] = _heard(sc, answered, line, target.set).to_dict()
    return new


def succeeded(sc: Scenario, state: dict[str, Any]) -> bool | None:
    """True/False for a finished call with a good/bad ending; None while it goes on."""
    if not state.get("finished"):
        return None
    if state.get("outcome") == "out_of_time":
        return False
    node = sc.nodes.get(state.get("node"))
    return bool(node and node.success)


def _pick(lines: tuple[str, ...], turn: int) -> str:
    """Variants rotate with the turn count, so a repeated node does not repeat itself."""
    return lines[turn % len(lines)]


def _tag_set(tags: Iterable[str]) -> set[str]:
    if isinstance(tags, str | bytes) or not isinstance(tags, Iterable):
        raise ScenarioError("tags must be a collection of tag names, not "
                            f"{type(tags).__name__}")
    found = set(tags)
    if not all(isinstance(t, str) for t in found):
        raise ScenarioError("every tag must be a string")
    return expand(found)


def _check_state(sc: Scenario, state: Any) -> None:
    if not isinstance(state, dict):
        raise ScenarioError(f"state must be a dict, not {type(state).__name__}")
    missing = [k for k in STATE_KEYS if k not in state and k not in OPTIONAL_KEYS]
    if missing:
        raise ScenarioError(f"state is missing {', '.join(missing)}")
    if state["node"] not in sc.nodes:
        raise ScenarioError(f"state node {state['node']!r} is not in scenario {sc.id!r}")
    if not isinstance(state["mood"], int) or not isinstance(state["turn"], int):
        raise ScenarioError("state mood and turn must be integers")


def _reason(node: Node, t: Transition, tags: set[str], before: int, after: int,
            target: Node, forced: bool) -> str:
    parts = []
    if t.any:
        parts.append(f"found {', '.join(sorted(t.any & tags))}")
    if t.all:
        parts.append(f"found all of {', '.join(sorted(t.all))}")
    if t.none:
        parts.append(f"none of {', '.join(sorted(t.none))}")
    if t.mood_at_least is not None:
        parts.append(f"mood {before} >= {t.mood_at_least}")
    if t.mood_below is not None:
        parts.append(f"mood {before} < {t.mood_below}")
    why = "; ".join(parts) if parts else "no earlier transition matched (default)"
    out = f"{node.id} -> {t.goto} (transition {t.index} of {len(node.transitions)}): {why}"
    if t.why:
        out += f" ({t.why.rstrip('.')})"
    if after != before:
        out += f"; mood {before} -> {after}"
    if forced:
        out += f"; mood reached its max, so the call goes to {target.id}"
    return out
