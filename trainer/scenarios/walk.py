"""Walk a scenario's graph: a runner state at every node, and what its moments call for."""

from __future__ import annotations

from collections import deque
from typing import Any

from .model import Scenario


def states_at_every_node(sc: Scenario) -> dict[str, dict[str, Any]]:
    """{node id: a runner state at that node} for every node that is not an end.

    Each state is the first way there (breadth first), as if each answer on the way carried
    the tags its transition asks for: the flags the nodes set, the compliance state, the
    line said on arriving and the steps done.
    """
    from trainer.scoring.tags import expand

    from .runner import arrive, start

    first, _ = start(sc)
    found = {sc.start: first}
    todo = deque([sc.start])
    while todo:
        state = found[todo.popleft()]
        for t in sc.nodes[state["node"]].transitions:
            target = sc.nodes[t.goto]
            if t.goto in found or target.end:
                continue
            asked = expand(set(t.all) | set(sorted(t.any)[:1]))
            found[t.goto] = arrive(sc, state, asked, t.goto, (t.say or target.say)[0])
            todo.append(t.goto)
    return found


_profiles: dict[tuple[str, int], dict[str, int]] = {}


def calls_for(sc: Scenario) -> dict[str, int]:
    """How many of the scenario's moments call for each dimension (and how many there are,
    under "moments"), computed once per loaded scenario."""
    from trainer.scoring.moment import moment_of
    from trainer.scoring.types import DIMENSIONS, Context

    from .runner import context_for

    key = (sc.id, id(sc))
    if key not in _profiles:
        states = states_at_every_node(sc)
        counts = dict.fromkeys(DIMENSIONS, 0)
        for state in states.values():
            for dim in moment_of(Context.coerce(context_for(sc, state))).dimensions:
                counts[dim] += 1
        if len(_profiles) > 512:  # libraries reload when files change; keep this small
            _profiles.clear()
        _profiles[key] = {**counts, "moments": len(states)}
    return _profiles[key]
