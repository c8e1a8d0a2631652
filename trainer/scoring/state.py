"""The conversation's compliance state: who is on the line, and what the consumer has asked.

One pure function, `advance`, folds every line of a call (debtor and agent) into a
ComplianceState: the party on the line (unknown, the right party, a third party and who, or
someone acting for the consumer), right-party verification, the mini-Miranda, the consumer's
requests in force (each with the turn that made it), and the consumer's local time. The
compliance rules are functions of (utterance, state). What one utterance is judged in
(its conversation's state, or one inferred from its debtor line, with the explicit Context
fields on top) is state_context.py; what a debtor line says is cues.py.
The state is plain data: `to_dict` / `ComplianceState.coerce` keep it in a session's JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from . import contact
from .cues import line_hits, name_parts, normalise
from .text import english
from .types import ScoringInputError

PARTIES = ("unknown", "right_party", "third_party", "representative")
VERIFICATION = ("none", "asked", "refused", "done")
# What each request means, for the sentence a flag shows ("asked to stop contact at turn 3").
REQUESTS = {
    "cease": "asked to stop contact or refused to pay",
    "attorney": "said an attorney represents them",
    "dispute": "disputed the debt or asked for validation",
    "no_work": "asked not to be called at work",
    "inconvenient": "said a time or place is inconvenient",
    "not_now": "said they cannot talk now",
    "channel": "asked to be contacted another way",
}
_ATTORNEY = re.compile(r"\b(?:attorney|lawyer|counsel)\b")
# The agent asks for the consumer by name ("Is this Keisha?", "May I speak with Mr. Boyd?"),
# so the next "yes" or "no" answers who is on the line.
_IDENTITY_ASK = re.compile(
    r"\b(?:is (?:this|that|it)|am i (?:speaking|talking) (?:with|to)|are you|(?:may|can|could) i "
    r"(?:please )?(?:speak|talk) (?:with|to)|i(?:'m| am) (?:looking for|trying to reach|calling "
    r"for)|looking for|trying to reach|calling for|is (?:mr\.? |mrs\.? |ms\.? |miss )?[a-z]+"
    r"(?: [a-z]+)? (?:there|available|home|around|in)\b|(?:do i|have i) have the right person)")
_DETAIL_ASK = re.compile(
    r"\b(?:date of birth|birth ?date|dob|birthday|last (?:four|4)|social security|ssn|"
    r"zip ?code|postcode|post code|(?:street |home |mailing )?address (?:on file|we have)|"
    r"(?:confirm|verify) (?:your|the) (?:address|identity|full name|name and))\b")


@dataclass(frozen=True, slots=True)
class Request:
    """A request of the consumer's that is in force, with the turn and words that made it."""

    kind: str
    turn: int | None  # None: given by the caller's context, not said in the conversation
    text: str = ""
    certain: bool = True
    detail: tuple[str, ...] = ()  # places, days and times ruled out; a channel's name

    def describe(self, from_line: bool = False) -> str:
        """'consumer asked to stop contact or refused to pay at turn 3 ("stop calling me")'."""
        where = (f"at turn {self.turn}" if self.turn is not None and not from_line
                 else "in the debtor's line" if from_line and self.turn is not None
                 else "(given by the context)")
        said = f' ("{self.text}")' if self.text else ""
        return f"consumer {REQUESTS[self.kind]} {where}{said}"


@dataclass(frozen=True, slots=True)
class ComplianceState:
    """Who is on the line and what is in force, after the lines seen so far."""

    party: str = "unknown"
    party_turn: int | None = None
    who: str | None = None
    party_certain: bool = True
    opened_at: int | None = None  # the call's opening was seen: "unknown" means not yet confirmed
    unverified: bool = False  # the context says identity is not confirmed
    identity_asked: int | None = None  # the agent's question "Is this Dana?", still unanswered
    verification: str = "none"
    verification_turn: int | None = None
    mini_miranda: int | None = None
    requests: tuple[Request, ...] = ()
    local_minutes: int | None = None  # consumer's local time at the start of the call
    local_label: str | None = None
    turns: int = 0  # lines seen: the index the next line gets
    from_line: bool = False  # inferred from the one debtor line given with an utterance
    warnings: tuple[str, ...] = field(default=(), compare=False)

    # --- reading the state ---------------------------------------------------------------
    def request(self, kind: str) -> Request | None:
        """The request of this kind in force, if any."""
        return next((r for r in self.requests if r.kind == kind), None)

    @property
    def identity_pending(self) -> bool:
        """Nobody on the line has confirmed being the consumer, and the call is known."""
        return self.party == "unknown" and (self.opened_at is not None or self.unverified)

    @property
    def detail_pending(self) -> bool:
        """The consumer confirmed, but not the verification detail the agent asked for."""
        return self.party == "right_party" and self.verification in ("asked", "refused")

    @property
    def in_force(self) -> bool:
        """Something the state-dependent rules need: a third party or someone acting for
        the consumer, an identity not yet confirmed, or a request of the consumer's."""
        return (self.party in ("third_party", "representative") or self.identity_pending
                or self.detail_pending or bool(self.requests))

    @property
    def attorney_on_line(self) -> bool:
        """The person acting for the consumer is their attorney (1692c(b) allows that)."""
        return self.party == "representative" and bool(_ATTORNEY.search(self.who or ""))

    def describe_party(self) -> str:
        """The party on the line, in words, with the turn it became known."""
        since = (" (from the debtor's line)" if self.from_line and self.party_turn is not None
                 else f" since turn {self.party_turn}" if self.party_turn is not None
                 else " (given by the context)")
        who = f" ({self.who})" if self.who else ""
        if self.party == "third_party":
            return f"third party on the line{since}{who}"
        if self.party == "representative":
            return f"someone acting for the consumer on the line{since}{who}"
        if self.party == "right_party":
            return f"the consumer confirmed their identity{since.replace(' since', ' at')}{who}"
        if self.identity_asked is not None:
            return (f"identity not confirmed yet: the agent asked for the consumer at turn "
                    f"{self.identity_asked} and has no answer")
        if self.opened_at is not None and self.from_line:
            return "identity not confirmed yet (the debtor's line opens the call)"
        if self.opened_at is not None:
            return f"identity not confirmed yet (the call opened at turn {self.opened_at})"
        return "identity not confirmed (given by the context)" if self.unverified else "unknown"

    def describe_verification(self) -> str:
        """The verification detail still owed, in words."""
        how = "refused it" if self.verification == "refused" else "has not given it"
        return (f"the consumer was asked for a verification detail at turn "
                f"{self.verification_turn} and {how}")

    def describe_time(self) -> str:
        """The consumer's local time, in words."""
        return f"consumer's local time {self.local_label}"

    # --- JSON ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the scenario runner keeps it in the session state)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)
               if f.name not in ("requests", "warnings")}
        out["requests"] = [{"kind": r.kind, "turn": r.turn, "text": r.text,
                            "certain": r.certain, "detail": list(r.detail)}
                           for r in self.requests]
        return out

    @classmethod
    def coerce(cls, value: Any) -> ComplianceState:
        """A ComplianceState from itself or its dict; anything else is a clear error."""
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            raise ScoringInputError("bad_context", "state must be an object (a compliance "
                                    "state from a previous turn)")
        known = {f.name for f in fields(cls)} - {"warnings"}
        unknown = set(value) - known
        if unknown:
            raise ScoringInputError("bad_context",
                                    "unknown state field(s): " + ", ".join(sorted(unknown)))
        data = dict(value)
        try:
            data["requests"] = tuple(
                Request(kind=r["kind"], turn=r.get("turn"), text=r.get("text", ""),
                        certain=r.get("certain", True), detail=tuple(r.get("detail", ())))
                for r in data.get("requests", ()))
            state = cls(**data)
        except (TypeError, KeyError, AttributeError) as exc:
            raise ScoringInputError("bad_context", f"state is malformed: {exc}") from exc
        if (state.party not in PARTIES or state.verification not in VERIFICATION
                or any(r.kind not in REQUESTS for r in state.requests)):
            raise ScoringInputError("bad_context", "state has an unknown party, verification "
                                    "or request kind")
        return state


START = ComplianceState()


def call_start() -> ComplianceState:
    """The state at the start of a call that is followed from its first line."""
    return replace(START, opened_at=0)


# --- updates ---------------------------------------------------------------------------
def advance(state: ComplianceState, speaker: str, text: str, tags=(),
            facts: dict | None = None) -> ComplianceState:
    """The state after one more line: a pure function of the state and the line.

    `speaker` is "agent" or "debtor"; an agent line is read from the tags the engine found
    in it (a question for the consumer, the mini-Miranda) plus a verification-detail check.
    """
    if speaker == "agent":
        return _after_agent(state, text, set(tags))
    return after_debtor_line(state, text, name_parts(facts))


def _after_agent(state: ComplianceState, text: str, tags: set[str]) -> ComplianceState:
    turn = state.turns
    changes: dict[str, Any] = {"turns": turn + 1}
    if state.party == "unknown" and (tags & {"verification", "asks_for_debtor"}
                                     or _IDENTITY_ASK.search(normalise(text))):
        changes["identity_asked"] = turn
    if state.verification == "none" and state.party in ("unknown", "right_party") \
            and _DETAIL_ASK.search(normalise(text)):
        changes.update(verification="asked", verification_turn=turn)
    if "mini_miranda" in tags and state.mini_miranda is None:
        changes["mini_miranda"] = turn
    return replace(state, **changes)


def after_debtor_line(state: ComplianceState, text: str,
                      name: tuple[str, ...] = ()) -> ComplianceState:
    """The state after a debtor line; `name` is the consumer's name (cues.name_parts)."""
    turn = state.turns
    lower = normalise(text)
    # The cues are English: a line in another language is not read ("No, está en casa" is
    # not an English "no"), and score_conversation says so in its warnings.
    hits = line_hits(lower, name) if english(text) else []
    asked = state.identity_asked is not None
    changes: dict[str, Any] = {"turns": turn + 1, "identity_asked": None}
    # "I can't talk now" holds until the consumer speaks again.
    requests = [r for r in state.requests if r.kind != "not_now"]
    party_set = False
    for hit in hits:
        cue, sets = hit.cue, hit.cue.sets
        if cue.after == "identity_question" and not asked:
            continue
        if cue.after == "verification_question" and state.verification not in ("asked",
                                                                                "refused"):
            continue
        if cue.only_if and state.party not in cue.only_if:
            continue
        if "party" in sets and not party_set:
            party_set = True
            changes.update(_party_change(state, sets["party"], turn, hit, lower))
        elif "opening" in sets and state.opened_at is None and state.party == "unknown":
            changes["opened_at"] = turn
        elif "verification" in sets and "verification" not in changes:
            changes["verification"] = sets["verification"]
        elif "request" in sets and not any(r.kind == sets["request"] for r in requests):
            requests.append(_request(sets["request"], turn, lower, hit))
        elif sets.get("withdraws") == "refusal":
            requests = [r for r in requests if "refusal" not in r.detail]
    changes["requests"] = tuple(requests)
    return replace(state, **changes)


def _party_change(state, party, turn, hit, lower) -> dict[str, Any]:
    who = hit.cue.who.format(who=(hit.who or "").strip()) if hit.cue.who else None
    if state.party == party:  # said again, or who it is said later: keep since when
        return {"who": who or state.who,
                "party_certain": state.party_certain or hit.cue.certain}
    if state.party == "right_party" and who:
        who += f"; identity had been confirmed at turn {state.party_turn}"
    return {"party": party, "party_turn": turn, "who": who, "party_certain": hit.cue.certain}


def _request(kind: str, turn: int, lower: str, hit) -> Request:
    detail: tuple[str, ...] = ()
    if kind in ("no_work", "inconvenient", "not_now"):
        detail = contact.details(lower)
        if kind == "no_work" and "place:work" not in detail:
            detail += ("place:work",)
    elif kind == "channel" and hit.channel:
        detail = (hit.channel,)
    elif hit.cue.id == "refuses_to_pay":
        detail = ("refusal",)
    return Request(kind=kind, turn=turn, text=_excerpt(lower, hit.start, hit.end),
                   certain=hit.cue.certain, detail=detail)


_SENTENCE_END = re.compile(r"[.!?;]")


def _excerpt(lower: str, start: int, end: int, reach: int = 60) -> str:
    """The consumer's sentence around a cue, trimmed to whole words."""
    left = max([0] + [m.end() for m in _SENTENCE_END.finditer(lower, 0, start)])
    after = _SENTENCE_END.search(lower, end)
    right = after.start() if after else len(lower)
    left, right = max(left, start - reach), min(right, end + reach)
    text = lower[left:right]
    if left and lower[left - 1].isalnum():
        text = text.split(" ", 1)[-1]
    if right < len(lower) and lower[right].isalnum():
        text = text.rsplit(" ", 1)[0]
    return text.strip(" ,.;:!?")
