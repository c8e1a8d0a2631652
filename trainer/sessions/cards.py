"""Stored scorecard JSON back into the engine's Scorecard objects (for score_conversation)."""

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
    )
