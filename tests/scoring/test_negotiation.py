"""Negotiation detectors: amounts, dates, methods, asks, options, minimums, promises."""

import pytest

from trainer.scoring import score_utterance
from trainer.scoring.negotiation import parse_amount, resolve_date

TODAY = {"facts": {"today": "2026-11-24"}}  # a Tuesday


@pytest.mark.parametrize(("text", "value"), [
    ("$1,240", 1240.0), ("$75.50", 75.5), ("50 dollars", 50.0), ("two hundred dollars", 200.0),
    ("fifty dollars", 50.0), ("$2k", 2000.0),
])
def test_amounts(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(("text", "iso"), [
    ("today", "2026-11-24"), ("tomorrow", "2026-11-25"), ("Friday", "2026-11-27"),
    ("this Friday", "2026-11-27"), ("March 3rd", "2027-03-03"), ("June 5th", "2027-06-05"),
    ("the 14th", "2026-12-14"), ("the 30th", "2026-11-30"), ("12/1", "2026-12-01"),
    ("end of the month", "2026-11-30"),
])
def test_dates_resolve_against_the_call_date(text, iso):
    from datetime import date

    assert resolve_date(text, date(2026, 11, 24)) == iso


def test_payment_ask_with_amount_and_date():
    facts = score_utterance("Could you manage $50 this Friday?", TODAY).negotiation
    assert facts["payment_ask"]["amount"] == 50.0
    assert facts["payment_ask"]["date"] == "2026-11-27"


def test_promise_to_pay_is_captured_from_a_read_back():
    card = score_utterance("To confirm: $200 by debit card on June 5th; I'll email written "
                           "confirmation.", TODAY)
    assert card.negotiation["promise"] == {"amount": 200.0, "currency": "USD",
                                           "date": "2027-06-05", "method": "debit card"}
    assert card.negotiation["recap"] is True
    assert "promise" in card.tags


def test_a_proposal_is_not_yet_a_promise():
    card = score_utterance("Could you pay $200 by debit card on Friday?", TODAY)
    assert card.negotiation["promise"] is None and "promise" not in card.tags


def test_options_offered():
    card = score_utterance("We could set up a payment plan, or settle for a lump sum, with a "
                           "small down payment today.")
    assert set(card.negotiation["options"]) >= {"plan", "settlement", "down_payment"}


def test_quoting_a_minimum_is_detected_and_costs_assertiveness():
    card = score_utterance("The least we can accept is $400.")
    assert card.negotiation["minimum_quoted"]["amount"] == 400.0
    assert any(e.signal == "minimum_quote" and e.effect < 0 for e in card.evidence)
