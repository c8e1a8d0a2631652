"""Take the people out of a real call's words before they become a practice scenario.

Names (capitalised words the call never writes in lower case, the words after "my name is",
"this is", "speaking with", titles such as "Mr."), companies and streets, e-mail addresses,
every run of three or more digits or digit words (phone, account, card, date of birth, zip,
street number), the masks redaction left, and exact money amounts (rounded to two
significant figures, so the negotiation still makes sense) are replaced. The same name gets
the same stand-in everywhere. It is a first pass: an admin reviews every draft before it is
published.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .redact import DIGIT_WORDS, MASK

STAND_INS = ("Alex", "Jordan", "Casey", "Riley", "Morgan", "Taylor", "Jamie", "Avery",
             "Quinn", "Rowan", "Skyler", "Emerson")
NUMBER, EMAIL, STREET, COMPANY = "[number]", "[email]", "[street]", "Example Recovery"
# Capitalised words that are not people: pronouns, titles, days, months, card brands...
NOT_NAMES = {
    "i", "i'm", "i'll", "i've", "i'd", "ok", "okay", "yes", "no", "hello", "hi", "hey",
    "mr", "mrs", "ms", "miss", "dr", "sir", "madam", "ma'am", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "visa", "mastercard", "amex", "paypal", "zelle", "venmo", "god", "christmas", "easter",
    "english", "spanish", "american", "usd", "ssn", "fdcpa", "cfpb", "ach",
}
COMPANY_WORDS = r"(?:Recovery|Collections?|Bank|Finance|Financial|Credit|Services|Capital|" \
                r"Lending|Partners|Group|Agency|Associates|Solutions|Inc|LLC|Corp)"
STREET_WORDS = r"(?:Street|St|Lane|Ln|Avenue|Ave|Road|Rd|Drive|Dr|Court|Ct|Boulevard|Blvd|" \
               r"Way|Place|Pl|Terrace|Circle|Parkway)"
_WORD = r"[A-Z][a-z]+(?:['’][a-z]+)?"
_COMPANY = re.compile(rf"\b(?:{_WORD}\s+)+{COMPANY_WORDS}\b")
_STREET = re.compile(rf"\b(?:{_WORD}\s+)+{STREET_WORDS}\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_DIGIT_TOKEN = r"(?:\d+|" + "|".join(sorted(DIGIT_WORDS, key=len, reverse=True)) + r")"
# One pass, money first: at the same place, "$1,842.37" is an amount, not a run of digits.
_NUMBERS = re.compile(
    r"\$\s?(?P<usd>\d[\d,]*(?:\.\d+)?)|\b(?P<said>\d[\d,]*(?:\.\d+)?)\s+dollars\b"
    rf"|(?P<masked>(?=[\d\s\-]*{MASK})[{MASK}\d](?:[{MASK}\d\s\-]*[{MASK}\d])?)"
    rf"|\b{_DIGIT_TOKEN}(?:[\s,.\-/]+{_DIGIT_TOKEN}){{2,}}\b|\b\d{{3,}}\b", re.I)
_CAPITALISED = re.compile(rf"\b{_WORD}\b")
_INTRODUCED = re.compile(rf"\b(?i:my name is|name's|this is|it's|speaking with|talking to|"
                         rf"(?:mr|mrs|ms|miss|dr)\.?)\s+({_WORD}(?:\s+{_WORD})?)")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|[\"“]\s*)$")


@dataclass
class Anonymiser:
    """Replacements learnt from a whole call (all speakers), applied line by line."""

    names: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_texts(cls, texts: list[str]) -> Anonymiser:
        """Learn the names of a call from every line of it (companies and streets aside)."""
        texts = [_places(t)[0] for t in texts]
        lower = {w for t in texts for w in re.findall(r"\b[a-z][a-z']+\b", t)}
        found: list[str] = []
        for text in texts:
            for match in _INTRODUCED.finditer(text):
                found += [w for w in match.group(1).split() if w.lower() not in NOT_NAMES]
            for match in _CAPITALISED.finditer(text):
                word = match.group()
                if (word.lower() in NOT_NAMES or word.lower() in lower
                        or _SENTENCE_START.search(text[:match.start()])):
                    continue
                found.append(word)
        anonymiser = cls()
        placeholders = set(COMPANY.split()) | set(STAND_INS)
        for word in dict.fromkeys(w for w in found if w not in placeholders):
            anonymiser.names[word] = STAND_INS[len(anonymiser.names) % len(STAND_INS)]
        return anonymiser

    def _count(self, kind: str, n: int = 1) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n

    def __call__(self, text: str) -> str:
        """The line with people, places, numbers and exact amounts taken out."""
        text, found = _places(text)
        for kind, n in found.items():
            self._count(kind, n)
        text = _NUMBERS.sub(self._number, text)
        if self.names:
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, self.names)) + r")\b")
            text, n = pattern.subn(lambda m: self.names[m.group()], text)
            self._count("name", n)
        return text

    def _number(self, match: re.Match) -> str:
        if match.group("usd") or match.group("said"):
            self._count("amount")
            return _round_money(match.group("usd") or match.group("said"))
        self._count("number")
        return NUMBER


def _places(text: str) -> tuple[str, dict[str, int]]:
    """E-mail addresses, companies and streets replaced; how many of each."""
    counts = {}
    for kind, pattern, stand_in in (("email", _EMAIL, EMAIL), ("company", _COMPANY, COMPANY),
                                    ("street", _STREET, STREET)):
        text, counts[kind] = pattern.subn(stand_in, text)
    return text, counts


def _round_money(raw: str) -> str:
    """$1,842.37 -> $1,800: the size of the amount stays, the exact figure goes."""
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return NUMBER
    if value >= 10:
        digits = int(math.floor(math.log10(value))) - 1
        value = round(value, -digits)
    return f"${value:,.0f}"
