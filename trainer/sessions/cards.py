"""Scorecards as stored on a Turn, and back into the engine's Scorecard (for score_conversation).

A stored card keeps the compliance state its answer was judged in, so the session's
checklist judges each turn in its own state (which rules applied), not in a replay.
"""

from __future__ import annotations

from typing import Any

from trainer.scoring.moment import Moment
from trainer.scoring.types import Evidence, Flag, Scorecard

_EVIDENCE_FIELDS = set(Evidence.__dataclass_fields__)
_FLAG_FIELDS = set(Flag.__dataclass_fields__)


def card_from_dict(data: dict[str, Any]) -> Scorecard:
    """Rebuild a Scorecard from its to_dict() form, as stored on a Turn."""
    return Scorecard(
        text=data["text"],
        scores=dict(data["scores"]),
        overall=data["overall"],
        evidence=[Evidence(**{k: v for k, v in e.items() if k in _EVIDENCE_FIELDS})
                  for e in data.get("evidence", [])],
        flags=[Flag(**{k: v for k, v in f.items() if k in _FLAG_FIELDS})
               for f in data.get("flags", [])],
        negotiation=dict(data.get("negotiation") or {}),
        suggestions=list(data.get("suggestions") or []),
        tags=set(data.get("tags") or []),
        id=data.get("id"),
        warnings=list(data.get("warnings") or []),
        moment=Moment.from_dict(data.get("moment")),
        compliance_state=_state(data.get("compliance_state")),
    )


def stored_card(card: Scorecard) -> dict[str, Any]:
    """The scorecard to store on a Turn: its JSON shape plus the compliance state it was
    judged in (left out of what the API returns, see `public_card`)."""
    out = card.to_dict()
    if card.compliance_state is not None:
        out["compliance_state"] = card.compliance_state.to_dict()
    return out


def public_card(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored scorecard as the API and pages show it."""
    return {k: v for k, v in stored.items() if k != "compliance_state"}


def _state(data):
    from trainer.scoring.state import ComplianceState
    from trainer.scoring.types import ScoringInputError

    try:
        return ComplianceState.coerce(data) if data is not None else None
    except ScoringInputError:
        return None  # a state stored by another version: the call is replayed instead
