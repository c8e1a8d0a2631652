"""What the moment called for: the dimensions and steps a debtor line asks of the next answer.

An opening calls for identification and verification, distress for empathy, an objection
or a provocation for calm and assertive, a stall for a specific ask, a settlement for a
plan with amount, date and method. A scenario node may name its moment; otherwise it is
read from the debtor's line and the call so far (who is on the line, whether they are
verified, which requests are in force, which steps are done: data/moments.yaml). A
dimension the moment did not call for is shown greyed with one line saying why, and does
not drag down the session score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .suggestions import situations as situations_of
from .types import DIMENSIONS, Context, ScoringInputError

DATA = Path(__file__).with_name("data")
SITUATION_MOMENTS = {"job_loss": "distress", "medical": "distress", "bereavement": "distress",
                     "angry": "provocation", "settlement": "negotiation", "plan": "negotiation",
                     "credit": "question"}
LINE_ORDER = ("provocation", "agreement", "negotiation", "distress", "stall", "question")
# Situations that tell which hardship a distress moment is about (hardship help is due).
HARDSHIPS = {"job_loss", "medical", "bereavement"}


@dataclass(frozen=True, slots=True)
class Moment:
    """What one debtor line called for."""

    kind: str
    why: str
    dimensions: tuple[str, ...]
    steps: tuple[str, ...] = ()
    not_called_for: dict[str, str] = field(default_factory=dict)

    @property
    def called_for(self) -> list[str]:
        """Dimensions then steps, as the API lists them."""
        return [*self.dimensions, *self.steps]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"kind": self.kind, "why": self.why, "dimensions": list(self.dimensions),
                "steps": list(self.steps), "not_called_for": dict(self.not_called_for)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Moment | None:
        """A stored moment back (None for turns stored before moments were kept)."""
        if not isinstance(data, dict) or not data.get("dimensions"):
            return None
        return cls(kind=data.get("kind", "general"), why=data.get("why", ""),
                   dimensions=tuple(d for d in DIMENSIONS if d in data["dimensions"]),
                   steps=tuple(data.get("steps") or ()),
                   not_called_for=dict(data.get("not_called_for") or {}))


ANY_MOMENT = Moment(kind="unknown", why="no debtor line or call state was given",
                    dimensions=DIMENSIONS)


@cache
def _config() -> dict:
    config = yaml.safe_load((DATA / "moments.yaml").read_text())
    config["patterns"] = {kind: re.compile("|".join(r"\b" + re.escape(cue) for cue in cues))
                          for kind, cues in config["cues"].items()}
    return config


def kinds() -> tuple[str, ...]:
    """Every moment a scenario node may name."""
    return tuple(_config()["kinds"])


def _kind_from_line(line: str, situations: set[str]) -> str:
    patterns = _config()["patterns"]
    for kind in LINE_ORDER:
        if (kind in patterns and patterns[kind].search(line)) or any(
                SITUATION_MOMENTS.get(s) == kind for s in situations):
            return kind
    return "question" if "?" in line else "general"


def _kind_from_state(context: Context, done: set[str], situations: set[str]) -> str | None:
    if context.listener == "third_party":
        return "third_party"
    if context.right_party_verified is False:
        return "opening"
    if (context.cease_requested or context.attorney or "cease" in situations
            or "attorney" in situations) and "cease_ack" not in done:
        return "cease"
    if (context.dispute_open or "dispute" in situations) and "dispute_ack" not in done:
        return "dispute"
    if context.right_party_verified and "mini_miranda" not in done:
        return "disclosure"
    return None


def moment_of(context: Context) -> Moment:
    """The moment of the debtor line the context holds, or ANY_MOMENT when nothing is known."""
    if context.moment is None and not context.debtor_line and context.right_party_verified is None:
        return ANY_MOMENT
    if context.moment is not None and context.moment not in _config()["kinds"]:
        raise ScoringInputError("bad_context", f"unknown moment {context.moment!r} (known: "
                                f"{', '.join(kinds())})")
    done = set(context.so_far or ())
    found = situations_of(context)
    line = (context.debtor_line or "").lower()
    kind = (context.moment or _kind_from_state(context, done, found)
            or _kind_from_line(line, found))
    spec = _config()["kinds"][kind]
    # Verification is due until the debtor confirms, whatever an earlier answer asked.
    steps = [s for s in spec["steps"] if s not in done or (kind == "opening")]
    if kind == "distress" and not found & HARDSHIPS:
        steps = [s for s in steps if s != "hardship_ack"]  # no hardship named yet
    dimensions = tuple(d for d in DIMENSIONS if d in spec["dimensions"])
    return Moment(kind=kind, why=spec["why"], dimensions=dimensions, steps=tuple(steps),
                  not_called_for={d: spec["not"][d] for d in DIMENSIONS if d in spec["not"]})


def overall(scores: dict[str, float], moment: Moment) -> float:
    """The mean of the dimensions the moment called for."""
    return sum(scores[d] for d in moment.dimensions) / len(moment.dimensions)
