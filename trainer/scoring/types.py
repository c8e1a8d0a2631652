"""Plain data the engine returns: evidence, flags, scorecards. No Flask, no database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DIMENSIONS = ("empathy", "positive_language", "assertiveness", "calmness")
# "review": an uncertain match (a weak pattern, an inferred state) that a reviewer should
# check; never critical on its own. It ranks above minor, which is certain but small.
Severity = Literal["critical", "major", "review", "minor"]
SEVERITIES = ("critical", "major", "review", "minor")
SEVERITY_ORDER = {name: rank for rank, name in enumerate(SEVERITIES)}


class ScoringInputError(ValueError):
    """The text cannot be scored (empty, too long, not decodable). The message says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(slots=True)
class Evidence:
    """One thing that moved one dimension: a span of text (or of audio) and its signed effect."""

    dimension: str
    signal: str
    effect: float
    why: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    start_s: float | None = None
    end_s: float | None = None
    # the words an item about the whole answer weighs most: [{"text", "start", "end", "effect"}]
    words: list[dict[str, Any]] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape from INTERFACES.md; audio evidence carries start_s/end_s, not start/end."""
        out: dict[str, Any] = {"dimension": self.dimension}
        if self.start is not None:
            out.update(start=self.start, end=self.end, text=self.text)
        if self.start_s is not None:
            out.update(start_s=round(self.start_s, 2), end_s=round(self.end_s, 2))
            if self.text is not None and self.start is None:
                out["text"] = self.text
        out.update(effect=round(self.effect, 1), signal=self.signal, why=self.why)
        if self.words:
            out["words"] = self.words
        return out


@dataclass(slots=True)
class Flag:
    """A compliance flag raised by one rule of the rule pack."""

    code: str
    severity: Severity
    rule: str
    why: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    review: bool = False  # a human must check it (e.g. a threat to sue may be lawful and intended)
    state: str | None = None  # the conversation state the rule relied on, in words

    def to_dict(self) -> dict[str, Any]:
        """JSON shape from INTERFACES.md, plus the state the flag relied on."""
        out = {"code": self.code, "severity": self.severity, "start": self.start, "end": self.end,
               "text": self.text, "rule": self.rule, "why": self.why}
        if self.review:
            out["review"] = True
        if self.state:
            out["state"] = self.state
        return out


@dataclass(slots=True)
class DimensionScore:
    """One dimension's 0-100 score and the evidence behind it."""

    name: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Context:
    """What the engine may know beyond the words: the debtor's line, scenario facts, state."""

    debtor_line: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # creditor, balance, debtor_name ...
    # Explicit facts about the call. None means "not known": the compliance state is then
    # inferred from the conversation or the debtor's line; a value given here wins.
    right_party_verified: bool | None = None  # None: unknown, so no verification flag is raised
    listener: Literal["debtor", "third_party"] | None = None
    dispute_open: bool | None = None  # the debtor disputes the debt and it is not yet validated
    cease_requested: bool | None = None  # the debtor asked to stop calling
    attorney: bool | None = None  # the debtor is represented by an attorney
    # The conversation's compliance state (state.ComplianceState or its JSON dict), when the
    # caller follows the whole conversation (score_conversation, the scenario runner).
    state: Any = None
    started_at: str | None = None  # ISO 8601 time the call started, with its UTC offset
    consumer_timezone: str | None = None  # IANA name, e.g. "America/Chicago"
    turn_index: int = 0
    source: Literal["typed", "transcribed"] = "typed"
    verbatim: bool = False  # a transcript known to keep fillers ("um", "uh")
    delivery: dict[str, Any] | None = None  # audio delivery features, see trainer.speech.delivery
    baseline: dict[str, Any] | None = None  # the speaker's calm baseline delivery, if recorded
    moment: str | None = None  # what the scenario node says this line calls for (moment.py)
    so_far: list[str] = field(default_factory=list)  # required-step ids done earlier in the call
    offers: dict[str, Any] = field(default_factory=dict)  # what the account allows (programmes)

    @classmethod
    def coerce(cls, value: Context | dict | str | None) -> Context:
        """Accept a Context, a plain dict, a debtor line as a string, or None."""
        if value is None:
            return cls()
        if isinstance(value, Context):
            return value
        if isinstance(value, str):
            return cls(debtor_line=value)
        if isinstance(value, dict):
            known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
            if "debtor" in value and "debtor_line" not in known:
                known["debtor_line"] = value["debtor"]
            unknown = set(value) - set(known) - {"debtor"}
            if unknown:
                raise ScoringInputError(
                    "bad_context", "unknown context field(s): " + ", ".join(sorted(unknown)))
            return cls(**known)
        raise ScoringInputError("bad_context", "context must be an object or a string")

    def fillers_count(self) -> bool:
        """Whisper drops fillers, so they only count in typed or verbatim text."""
        return self.source == "typed" or self.verbatim


@dataclass(slots=True)
class Scorecard:
    """Everything the engine says about one agent utterance."""

    text: str
    scores: dict[str, float]
    overall: float
    evidence: list[Evidence]
    flags: list[Flag]
    negotiation: dict[str, Any]
    suggestions: list[dict[str, str]]
    tags: set[str]
    id: Any = None
    warnings: list[str] = field(default_factory=list)
    moment: Any = None  # moment.Moment: what the debtor's line called for, when known
    # The compliance state (state.ComplianceState) the flags were judged in; not serialised.
    compliance_state: Any = field(default=None, repr=False, compare=False)

    @property
    def critical(self) -> bool:
        """True when any flag is critical: the session fails whatever the scores."""
        return any(f.severity == "critical" for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        """The Scorecard JSON shape from INTERFACES.md, plus negotiation facts and suggestions."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out.update(
            text=self.text,
            scores={k: round(v) for k, v in self.scores.items()},
            overall=round(self.overall),
            evidence=[e.to_dict() for e in self.evidence],
            flags=[f.to_dict() for f in self.flags],
            negotiation=self.negotiation,
            suggestions=self.suggestions,
            tags=sorted(self.tags),
        )
        if self.warnings:
            out["warnings"] = self.warnings
        if self.moment is not None and self.moment.kind != "unknown":
            out["called_for"] = self.moment.called_for
            out["moment"] = self.moment.to_dict()
        return out


def plain(obj: Any) -> Any:
    """Dataclass to JSON-ready dict (for the few types without their own to_dict)."""
    return asdict(obj)
