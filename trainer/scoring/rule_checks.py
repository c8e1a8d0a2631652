"""Rule predicates that tags and state conditions cannot express on their own.

A compliance rule may name one of these as its `check` (data/compliance.yaml). Each takes
the analysed utterance, the compliance state, the rule's trigger tags found in the
utterance and the rule, and returns a Verdict (raise the flag, with how sure and on what
state) or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import contact
from .state import ComplianceState

_SENTENCE_END = re.compile(r"[.?!;]")
# The channels a request for "email / text / letters only" leaves open: not the phone.
_WRITTEN = {"email", "e-mail", "text", "mail", "letter", "letters", "writing", "post", "write",
            "message"}
# Continuing the call, rather than offering another time, when the consumer cannot talk now.
_CONTINUING = {"insist_continue", "payment_ask", "plan", "settlement", "down_payment", "pressure",
               "collecting"}
# The amount stated as owed now ("you owe $2,300", "the balance is now $2,100"), not a past
# figure ("your original balance was $2,400").
_OWED_NOW = re.compile(r"\b(?:you (?:still )?owe|owing|(?:it's|that's|it is|that is)(?: now)?|"
                       r"(?:balance|total|amount)(?: due| owed)?"
                       r"(?:'s| is| comes to| stands at| will be|'ll be)(?: now)?|"
                       r"(?:comes|brings it|goes) (?:up )?to|(?:is|are) (?:now )?due|"
                       r"you(?:'re| are) (?:now )?(?:at|up to))\s*$")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Raise the flag: how sure, what state it relied on, and which trigger tags made it."""

    certain: bool = True
    state: str | None = None
    tags: frozenset[str] | None = None


def _sentence(lower: str, start: int, end: int) -> str:
    left = max([0] + [m.end() for m in _SENTENCE_END.finditer(lower, 0, start)])
    after = _SENTENCE_END.search(lower, end)
    return lower[left:after.end() if after else len(lower)]


def inconvenient_contact(utterance, state: ComplianceState, hit: set[str],
                         rule=None) -> Verdict | None:
    """A proposed time or place the consumer ruled out, a time outside 8 am-9 pm, or
    carrying on when the consumer said they cannot talk now."""
    ruled_out = [r for r in state.requests if r.kind in ("no_work", "inconvenient")]
    written = [r for r in state.requests if r.kind == "channel" and set(r.detail) & _WRITTEN]
    for m in utterance.matches:
        if m.signal.id != "contact_proposal":
            continue
        proposed = contact.details(_sentence(utterance.lower, m.start, m.end))
        late = contact.outside_hours(proposed)
        if late:
            return Verdict(state=f"proposes contact at {late}, outside 8 am to 9 pm",
                           tags=frozenset({"contact_proposal"}))
        for request in ruled_out:
            overlap = contact.forbidden_overlap(request.detail, proposed)
            if overlap:
                return Verdict(certain=request.certain, tags=frozenset({"contact_proposal"}),
                               state=f"{request.describe(state.from_line)}; proposes {overlap}")
        if written and "call_proposal" in m.tags:
            return Verdict(certain=False, tags=frozenset({"contact_proposal"}),
                           state=f"{written[0].describe(state.from_line)}; proposes a call")
    now = state.request("not_now")
    if now and hit & _CONTINUING:
        return Verdict(certain=now.certain, state=now.describe(state.from_line),
                       tags=frozenset(hit & _CONTINUING))
    return None


_MENTIONS = {"debt_detail", "amount", "money_talk"}
# What a line that only mentions the debt may be doing instead of pressing: acknowledging
# the dispute and explaining validation, acknowledging the request to stop, referring the
# account to the attorney.
_ALLOWED = {
    "dispute": re.compile(r"\b(?:disput\w*|validat\w*|verif\w*|itemi[sz]ed|receipts?|records?|"
                          r"documents?|proof|statement|investigat\w*|review\w*)\b"),
    "cease": re.compile(r"\b(?:writing|letter|mail|noted|note|request|honou?r)\b"),
    "attorney": re.compile(r"\b(?:attorney|lawyer|counsel|him|her|them|their|his)\b"),
}


def pressing(utterance, state: ComplianceState, hit: set[str], rule) -> Verdict | None:
    """Asking, offering a plan or pushing is pressing. Only mentioning the debt or money
    is allowed as part of the permitted act for the request (validation, the stop, the
    attorney); otherwise it is still pressing, but for a reviewer to judge."""
    if not hit <= _MENTIONS:
        return Verdict(tags=frozenset(hit - _MENTIONS))
    kind = rule.requires["request"][0]
    if "cease_ack" in utterance.tags or _ALLOWED[kind].search(utterance.lower):
        return None
    return Verdict(certain=False)


def debt_before_verification(utterance, state: ComplianceState, hit: set[str],
                             rule=None) -> Verdict | None:
    """Only naming the collection agency in a greeting is for a reviewer; the debt itself,
    an amount or the mini-Miranda before identity is confirmed is clear."""
    return Verdict(certain=not hit <= {"collector_identity"})


def unauthorized_fee(utterance, state: ComplianceState, hit: set[str],
                     rule=None) -> Verdict | None:
    """A fee, charge or interest added; or an amount owed above the balance on the account."""
    if "fee_added" in hit:
        return Verdict(tags=frozenset({"fee_added"}))
    facts = utterance.context.facts or {}
    balance = facts.get("balance")
    if not isinstance(balance, int | float) or isinstance(balance, bool) or balance <= 0:
        return None
    from .negotiation import parse_amount

    for m in utterance.matches:
        if m.signal.id != "money_amount":
            continue
        value = parse_amount(utterance.span(m.start, m.end))
        before = utterance.lower[max(0, m.start - 40):m.start]
        if value and value > balance * 1.005 + 1 and _OWED_NOW.search(before):
            return Verdict(tags=frozenset({"amount"}),
                           state=f"the balance on the account is ${balance:,.2f}")
    return None


def calling_hours(state: ComplianceState) -> tuple[str, list[dict]]:
    """(status, evidence) of the call's start against 8 am to 9 pm, the consumer's time."""
    if state.local_minutes is None:
        return "not_applicable", []
    ok = contact.EARLIEST <= state.local_minutes <= contact.LATEST
    return ("pass" if ok else "fail"), [{"turn": 0, "text": f"the call started at "
                                         f"{state.local_label}", "state": state.describe_time()}]


# Utterance-scope checks: (utterance, state, trigger tags, rule) -> Verdict | None.
CHECKS: dict[str, Callable] = {
    "debt_before_verification": debt_before_verification,
    "inconvenient_contact": inconvenient_contact,
    "pressing": pressing,
    "unauthorized_fee": unauthorized_fee,
}
# Conversation-scope checks: (state after the last line) -> (status, evidence).
CONVERSATION_CHECKS: dict[str, Callable] = {"calling_hours": calling_hours}
