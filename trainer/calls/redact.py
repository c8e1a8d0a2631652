"""Mask card numbers, bank account and routing numbers and SSNs before anything is stored.

Masks keep the text's length (each digit becomes "•"), so word timings and evidence offsets
computed on the masked text stay valid. Card numbers keep their last four digits, as card
receipts do. Digits said as words ("four one one one") are found too, since speech-to-text
writes them either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MASK = "•"
DIGIT_WORDS = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3",
               "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
# A run of digits and digit words, joined by spaces, dashes, dots or commas.
_TOKEN = r"(?:\d+|" + "|".join(sorted(DIGIT_WORDS, key=len, reverse=True)) + r")"
_RUN = re.compile(rf"\b{_TOKEN}(?:[\s,.\-]+{_TOKEN})*\b", re.I)
_CARD_WORDS = re.compile(r"\b(card|visa|mastercard|amex|discover)\b", re.I)
_ACCOUNT_WORDS = re.compile(r"\b(account|acct|routing|aba|checking|savings|bank)\b", re.I)
_SSN_WORDS = re.compile(r"\b(social security|social|ssn|security number)\b", re.I)
CONTEXT_CHARS = 60  # how far before a number its label ("account number") may be


@dataclass(slots=True)
class Redaction:
    """One masked number: what kind, and where it was (character offsets)."""

    kind: str  # card | ssn | bank_account | routing
    start: int
    end: int


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum every payment card number passes."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def aba_ok(digits: str) -> bool:
    """The checksum of a US bank routing (ABA) number."""
    if len(digits) != 9:
        return False
    weights = (3, 7, 1) * 3
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def _digits(run: str) -> str:
    return "".join(tok if tok.isdigit() else DIGIT_WORDS[tok.lower()]
                   for tok in re.findall(_TOKEN, run, re.I))


def _kind(digits: str, before: str) -> str | None:
    n = len(digits)
    if 13 <= n <= 19 and luhn_ok(digits):
        return "card"
    if 12 <= n <= 19 and _CARD_WORDS.search(before):  # speech-to-text drops or adds digits
        return "card"
    if n == 9 and _SSN_WORDS.search(before):
        return "ssn"
    if n == 9 and aba_ok(digits) and _ACCOUNT_WORDS.search(before):
        return "routing"
    if 6 <= n <= 17 and _ACCOUNT_WORDS.search(before):
        return "bank_account"
    return None


_SSN_SHAPE = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")


def find(text: str) -> list[Redaction]:
    """Every sensitive number in the text, in order."""
    found = [Redaction("ssn", m.start(), m.end()) for m in _SSN_SHAPE.finditer(text)]
    for m in _RUN.finditer(text):
        if any(r.start < m.end() and m.start() < r.end for r in found):
            continue
        kind = _kind(_digits(m.group()), text[max(0, m.start() - CONTEXT_CHARS):m.start()])
        if kind:
            found.append(Redaction(kind, m.start(), m.end()))
    return sorted(found, key=lambda r: r.start)


def mask(text: str, redactions: list[Redaction]) -> str:
    """The text with each redaction's digits (and digit words) masked, length unchanged."""
    chars = list(text)
    for r in redactions:
        span = text[r.start:r.end]
        keep = _keep_last_four(span) if r.kind == "card" else set()
        for i, ch in enumerate(span):
            if ch.isalnum() and i not in keep:
                chars[r.start + i] = MASK
    return "".join(chars)


def _keep_last_four(span: str) -> set[int]:
    """Character positions of the card's last four digits, when they are written as digits."""
    positions = [i for i, ch in enumerate(span) if ch.isdigit()]
    return set(positions[-4:]) if len(positions) >= 4 and span[-1].isdigit() else set()


def redact(text: str) -> tuple[str, list[Redaction]]:
    """(masked text, what was masked)."""
    found = find(text)
    return (mask(text, found) if found else text), found
