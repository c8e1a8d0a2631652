"""The compliance state one utterance is judged in, and the explicit facts that win.

A conversation passes its own state (score_conversation, the scenario runner); a single
utterance with only a debtor line infers one from that line, as a guess. Either way the
explicit Context fields (listener, right_party_verified, dispute_open, cease_requested,
attorney) override what was inferred, and started_at / consumer_timezone give the
consumer's local time.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from . import contact
from .cues import name_parts
from .state import START, ComplianceState, Request, after_debtor_line
from .types import Context

CONTEXT_FLAGS = {"cease_requested": "cease", "attorney": "attorney", "dispute_open": "dispute"}


@lru_cache(maxsize=4096)
def _from_line(line: str, name: tuple[str, ...]) -> ComplianceState:
    """One debtor line out of its conversation: what it says is a guess (for review), since
    the conversation may have settled it (a request answered, an identity confirmed)."""
    state = after_debtor_line(START, line, name)
    return replace(state, from_line=True, party_certain=False,
                   requests=tuple(replace(r, certain=False) for r in state.requests))


def for_context(ctx: Context) -> ComplianceState:
    """The state one utterance is judged in: the conversation's, or inferred from the debtor
    line; then the explicit Context fields on top (they win), and the local time."""
    if ctx.state is not None:
        state = ComplianceState.coerce(ctx.state)
    elif ctx.debtor_line:
        state = _from_line(ctx.debtor_line, name_parts(ctx.facts))
    else:
        state = START
    state = with_context(state, ctx)
    if ctx.started_at and state.local_minutes is None:
        found = contact.local_time(ctx.started_at, ctx.consumer_timezone)
        if found:
            state = replace(state, local_minutes=found[0], local_label=found[1])
    return state


def with_context(state: ComplianceState, ctx: Context, turn: int | None = None,
                 who: str | None = None) -> ComplianceState:
    """The explicit facts of the context override what was inferred.

    `turn` (and `who`) date what the facts change, when the caller knows the line that
    changed them (a scenario node that says who picked up); otherwise they are undated.
    """
    changes: dict[str, Any] = {}
    if ctx.listener == "third_party":
        if state.party != "third_party":
            changes.update(party="third_party", party_turn=turn, who=who)
        changes["party_certain"] = True
    elif ctx.listener == "debtor" and state.party in ("third_party", "representative"):
        changes.update(party="unknown", party_turn=None, who=None)
    if ctx.right_party_verified is True:
        if state.party != "right_party":
            changes.update(party="right_party", party_turn=turn, who=None)
        changes.update(party_certain=True, verification="done")
    elif ctx.right_party_verified is False and ctx.listener != "third_party":
        changes["unverified"] = True
        if state.party == "right_party":
            changes.update(party="unknown", party_turn=None, who=None)
    requests = list(state.requests)
    for key, kind in CONTEXT_FLAGS.items():
        value = getattr(ctx, key)
        if value is True:  # the caller's word: in force and certain
            said = next((r for r in requests if r.kind == kind), None)
            requests = [r for r in requests if r.kind != kind]
            requests.append(replace(said, certain=True) if said
                            else Request(kind=kind, turn=turn))
        elif value is False:
            requests = [r for r in requests if r.kind != kind]
    if len(requests) != len(state.requests) or requests != list(state.requests):
        changes["requests"] = tuple(requests)
    return replace(state, **changes) if changes else state
