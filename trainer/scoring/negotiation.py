"""Negotiation detectors: the structured facts behind asks, options, minimums and promises.

The language signals find the words (money_amount, specific_date, payment_method, ...);
this module reads them into values: amounts as numbers, dates resolved to ISO dates
against the call's date, and a promise to pay as amount, date and method.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from .types import Context

_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20,
                 "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                 "seventy": 70, "seventy-five": 75, "eighty": 80, "ninety": 90}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_COMMITMENT = re.compile(
    r"\b(?:you(?:'ll| will| are going to|'re going to| agreed| have agreed|'ve agreed)|"
    r"I(?:'ll| will) (?:process|charge|debit|take|schedule|set|put|run)|I have you down|"
    r"I've got you down|(?:is|are|it's) (?:scheduled|set up|booked)|we(?:'ll| will) "
    r"(?:process|charge|debit|take|draft)|(?:your )?promise to pay)\b", re.IGNORECASE)
_METHODS = {"by check": "check", "a check": "check", "personal check": "check", "cheque": "check",
            "autopay": "autopay", "auto-pay": "autopay", "automatic payment": "autopay",
            "automatic payments": "autopay", "the card on file": "card on file",
            "card ending": "card", "by card": "card", "ach": "bank transfer (ACH)",
            "direct debit": "bank transfer (ACH)", "routing number": "bank transfer (ACH)",
            "checking account": "bank account", "savings account": "bank account",
            "the portal": "online portal", "our website": "online portal",
            "online payment": "online portal"}


def parse_amount(text: str) -> float | None:
    """'$1,240.50' -> 1240.5, '50 dollars' -> 50.0, 'two hundred dollars' -> 200.0."""
    low = text.lower().replace(",", "")
    digits = re.search(r"\d+(?:\.\d+)?", low)
    if digits:
        value = float(digits.group())
        return value * 1000 if re.search(r"\d\s?k\b", low) else value
    total, current = 0, 0
    for word in low.replace(" and ", " ").split():
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
    value = total + current
    return float(value) if value else None


def resolve_date(text: str, today: date) -> str | None:
    """An ISO date for a spoken date ('Friday', 'March 3rd', 'the 14th', 'tomorrow'), or None."""
    low = text.lower().strip(" .,")
    if "today" in low or "tonight" in low:
        return today.isoformat()
    if "tomorrow" in low:
        return (today + timedelta(days=1)).isoformat()
    for name, weekday in _WEEKDAYS.items():
        if name in low:
            ahead = (weekday - today.weekday()) % 7
            if low.startswith("next") and ahead < 7:
                ahead += 7 if ahead == 0 else 0
            return (today + timedelta(days=ahead)).isoformat()
    slash = re.search(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", low)
    if slash:
        month, day, year = int(slash[1]), int(slash[2]), slash[3]
        year = (2000 + int(year) if year and len(year) == 2 else int(year)) if year else None
        return _safe_date(year or today.year, month, day, today, roll=year is None)
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", low)
    month = next((n for word, n in _MONTHS.items() if re.search(rf"\b{word}\b", low)), None)
    if month and day_match:
        return _safe_date(today.year, month, int(day_match[1]), today, roll=True)
    if day_match and "the" in low:
        day = int(day_match[1])
        target = _safe_date(today.year, today.month, day, today, roll=False)
        if target and target >= today.isoformat():
            return target
        nxt = today.replace(day=1) + timedelta(days=32)
        return _safe_date(nxt.year, nxt.month, day, today, roll=False)
    last_day = calendar.monthrange(today.year, today.month)[1]
    if "end of" in low and "month" in low:
        return today.replace(day=last_day).isoformat()
    if "end of" in low and "week" in low:
        return (today + timedelta(days=(4 - today.weekday()) % 7)).isoformat()
    if "first" in low or "1st" in low:
        nxt = today.replace(day=1) + timedelta(days=32)
        return nxt.replace(day=1).isoformat()
    return None


def _safe_date(year: int, month: int, day: int, today: date, roll: bool) -> str | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if roll and (today - value).days > 60:  # "March 3rd" said in November means next March
        value = value.replace(year=year + 1)
    return value.isoformat()


def _reference_date(context: Context) -> date:
    raw = context.facts.get("today") if context.facts else None
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return date.today()


def _first(items: list[dict], key: str):
    return items[0][key] if items else None


def extract(utterance) -> dict[str, Any]:
    """Structured negotiation facts of one analysed utterance, each with its words."""
    today = _reference_date(utterance.context)
    found: dict[str, list] = {"money_amount": [], "specific_date": [], "payment_method": []}
    for m in utterance.matches:
        key = "specific_date" if m.signal.id == "relative_day" else m.signal.id
        if key in found:
            found[key].append(m)
    found["specific_date"].sort(key=lambda m: m.start)
    amounts = [{"amount": parse_amount(utterance.span(m.start, m.end)), "currency": "USD",
                "text": utterance.span(m.start, m.end), "start": m.start, "end": m.end}
               for m in found["money_amount"]]
    dates = [{"date": resolve_date(utterance.span(m.start, m.end), today),
              "text": utterance.span(m.start, m.end), "start": m.start, "end": m.end}
             for m in found["specific_date"]]
    methods = [{"method": _METHODS.get(utterance.span(m.start, m.end).lower(),
                                       utterance.span(m.start, m.end).lower()),
                "text": utterance.span(m.start, m.end), "start": m.start, "end": m.end}
               for m in found["payment_method"]]
    tags = utterance.tags
    ask = next((m for m in utterance.matches if "payment_ask" in m.tags), None)
    minimum = next((m for m in utterance.matches if m.signal.id == "minimum_quote"), None)
    committed = bool(_COMMITMENT.search(utterance.norm)) or "recap" in tags
    promise = None
    if amounts and dates and methods and committed:
        promise = {"amount": _first(amounts, "amount"), "currency": "USD",
                   "date": _first(dates, "date"), "method": _first(methods, "method")}
    return {
        "payment_ask": {"amount": _first(amounts, "amount"), "date": _first(dates, "date"),
                        "text": utterance.span(ask.start, ask.end)} if ask else None,
        "options": [o for o in ("plan", "settlement", "down_payment", "hardship_ack") if o in tags],
        "minimum_quoted": {"text": utterance.span(minimum.start, minimum.end),
                           "amount": _first(amounts, "amount")} if minimum else None,
        "promise": promise,
        "recap": "recap" in tags,
        "amounts": amounts, "dates": dates, "methods": methods,
    }
