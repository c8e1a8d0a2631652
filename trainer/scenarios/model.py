"""Scenario data: the immutable objects a validated scenario file becomes."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

DIFFICULTIES = ("easy", "medium", "hard")

# Every ending a scenario may declare, with a label for the UI. Whether an ending is a good
# result depends on the scenario (a callback is a win with a relative, a miss with the
# debtor), so each end node says so itself with `success`.
OUTCOMES = {
    "promise_made": "Promise to pay captured",
    "plan_agreed": "Payment plan agreed",
    "settlement_agreed": "Settlement agreed",
    "payment_made": "Payment taken",
    "callback_scheduled": "Callback scheduled",
    "message_left": "Message left without disclosing the debt",
    "dispute_recorded": "Dispute recorded, collection paused for validation",
    "hardship_referral": "Referred to the hardship programme",
    "cease_acknowledged": "Cease request acknowledged",
    "attorney_referred": "Attorney details taken, debtor not pressed",
    "escalated_to_supervisor": "Escalated to a supervisor",
    "complaint_filed": "The debtor is filing a complaint",
    "refused": "The debtor refused to engage",
    "hung_up": "The debtor hung up",
    "third_party_disclosed": "The debt was disclosed to a third party",
    "wrong_number": "Wrong number",
    "out_of_time": "Ran out of turns",
}

# The runner keeps these in every state; a node's `set` may change them.
STATE_FLAGS = ("right_party_verified", "listener", "dispute_open", "cease_requested", "attorney")


@dataclass(frozen=True, slots=True)
class Transition:
    """One way out of a node: a condition on tags and mood, a mood change and a target."""

    index: int  # 1-based position in the node's list, for reasons and error messages
    goto: str
    any: frozenset[str] = frozenset()
    all: frozenset[str] = frozenset()
    none: frozenset[str] = frozenset()
    mood_at_least: int | None = None
    mood_below: int | None = None
    mood: int = 0
    say: tuple[str, ...] = ()  # replaces the target node's line when this transition fires
    why: str = ""

    @property
    def unconditional(self) -> bool:
        """True for the default transition: no tag or mood condition at all."""
        return not (self.any or self.all or self.none
                    or self.mood_at_least is not None or self.mood_below is not None)

    def matches(self, tags: set[str], mood: int) -> bool:
        """True when every condition holds for these tags at this mood."""
        return ((not self.any or bool(self.any & tags))
                and self.all <= tags
                and not (self.none & tags)
                and (self.mood_at_least is None or mood >= self.mood_at_least)
                and (self.mood_below is None or mood < self.mood_below))


@dataclass(frozen=True, slots=True)
class Node:
    """One moment of the call: what the debtor says there and where each answer leads."""

    id: str
    say: tuple[str, ...]
    set: dict[str, Any] = field(default_factory=dict)
    end: bool = False
    outcome: str | None = None
    success: bool | None = None
    transitions: tuple[Transition, ...] = ()
    note: str = ""
    line: int = 0  # line of the node in its file
    moment: str | None = None  # what the line calls for, when the author says so


@dataclass(frozen=True, slots=True)
class Mood:
    """The debtor's anger scale: where it starts, its bounds, and where reaching max leads."""

    start: int
    min: int
    max: int
    on_max: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A validated scenario: persona, account facts, required steps and the dialogue graph."""

    id: str
    title: str
    difficulty: str
    summary: str
    persona: dict[str, str]
    facts: dict[str, Any]
    steps: tuple[str, ...]
    pass_mark: int
    max_turns: int
    mood: Mood
    start: str
    nodes: dict[str, Node]
    out_of_time_say: tuple[str, ...] = ()
    offers: dict[str, str] = field(default_factory=dict)  # what the account allows offering
    file: str = ""
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    content_hash: str = ""  # of `data`: which version of the scenario this is


    def card(self) -> dict[str, Any]:
        """The library card: what a list of scenarios shows (JSON-ready)."""
        return {"id": self.id, "title": self.title, "difficulty": self.difficulty,
                "summary": self.summary, "persona": dict(self.persona),
                "steps": list(self.steps), "pass_mark": self.pass_mark,
                "max_turns": self.max_turns}

    def to_dict(self) -> dict[str, Any]:
        """The whole scenario as loaded from its file (a deep copy, JSON-ready)."""
        return copy.deepcopy(self.data)

    def sort_key(self) -> tuple[int, str, str]:
        """Library order: difficulty, then title."""
        # Quoted titles ('"Stop calling me!"') sort by their first word, not the quote mark.
        return DIFFICULTIES.index(self.difficulty), self.title.strip("\"'“”‘’ ").casefold(), self.id


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the scenario as canonical JSON: a comment or layout edit is the same version."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def as_lines(value: str | list[str] | None) -> tuple[str, ...]:
    """A `say` value as a tuple of variants."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def build(data: dict[str, Any], file: str, node_lines: dict[str, int]) -> Scenario:
    """Turn validated file data into a Scenario."""
    nodes = {}
    for node_id, raw in data["nodes"].items():
        transitions = tuple(
            Transition(
                index=i, goto=t["goto"], any=frozenset(t.get("any", ())),
                all=frozenset(t.get("all", ())), none=frozenset(t.get("none", ())),
                mood_at_least=t.get("mood_at_least"), mood_below=t.get("mood_below"),
                mood=t.get("mood", 0), say=as_lines(t.get("say")), why=t.get("why", ""))
            for i, t in enumerate(raw.get("transitions", ()), start=1))
        nodes[node_id] = Node(
            id=node_id, say=as_lines(raw["say"]), set=dict(raw.get("set", {})),
            end=bool(raw.get("end")), outcome=raw.get("outcome"), success=raw.get("success"),
            transitions=transitions, note=raw.get("note", ""), line=node_lines.get(node_id, 0),
            moment=raw.get("moment"))
    mood = data["mood"]
    return Scenario(
        id=data["id"], title=data["title"], difficulty=data["difficulty"],
        summary=data["summary"], persona=dict(data["persona"]), facts=dict(data["facts"]),
        steps=tuple(data["steps"]), pass_mark=data["pass_mark"], max_turns=data["max_turns"],
        mood=Mood(mood["start"], mood["min"], mood["max"], mood.get("on_max")),
        start=data["start"], nodes=nodes, out_of_time_say=as_lines(data.get("out_of_time_say")),
        offers=dict(data.get("offers", {})), file=file, data=copy.deepcopy(data),
        content_hash=content_hash(data))
