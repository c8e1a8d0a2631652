"""Redaction: card, bank and social security numbers are masked everywhere they appear."""

import json

import pytest
from call_helpers import transcript

from trainer.calls.formats import read_transcript
from trainer.calls.pipeline import score_call, swap_speakers
from trainer.calls.redact import aba_ok, luhn_ok, redact


@pytest.mark.parametrize("text, kind, masked", [
    ("My card number is 4111 1111 1111 1111.", "card", "My card number is •••• •••• •••• 1111."),
    ("use 5500-0000-0000-0004 please", "card", "use ••••-••••-••••-0004 please"),
    ("it's 378282246310005", "card", "it's •••••••••••0005"),
    ("card four one one one one one one one one one one one one one one one",
     "card", None),
    ("my social is 123-45-6789", "ssn", "my social is •••-••-••••"),
    ("social security number 123 45 6789", "ssn", "social security number ••• •• ••••"),
    ("routing number 021000021", "routing", "routing number •••••••••"),
    ("my checking account is 000123456789", "bank_account",
     "my checking account is ••••••••••••"),
    ("Card number 4, 111, 111, 111, 111.", "card", None),  # speech-to-text lost digits
])
def test_sensitive_numbers_are_masked_keeping_the_length(text, kind, masked):
    out, found = redact(text)
    assert [r.kind for r in found] == [kind]
    assert len(out) == len(text) and out != text
    left = sum(ch.isdigit() for ch in out[found[0].start:found[0].end])
    assert left == (4 if kind == "card" and text[found[0].end - 1].isdigit() else 0)
    if masked:
        assert out == masked


@pytest.mark.parametrize("text", [
    "I can pay 200 dollars on the 15th of June.",
    "Call me back at 555 123 4567.",
    "Your balance is $1,842.50 and the account ends in 4455.",  # four digits are not a number
    "The reference is 1234567890123456.",  # 16 digits, no card word, fails Luhn
    "We spoke on 03/02/2026 at 10:15.",
    "My zip code is 90210.",
])
def test_ordinary_numbers_are_left_alone(text):
    assert redact(text) == (text, [])


def test_the_checksums():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert aba_ok("021000021") and not aba_ok("021000022")


def test_the_stored_scorecard_never_holds_the_number(tmp_path):
    path = tmp_path / "call.json"
    path.write_bytes(transcript(
        ("agent", "Hi, this is Sam from Harbor Point Recovery. Is this Dana?"),
        ("customer", "Yes. Take my card, 4111 1111 1111 1111, and my social 123-45-6789."),
        ("agent", "Thank you. I will read it back: card 4111 1111 1111 1111.")))
    card = score_call(path)
    dumped = json.dumps(card)
    assert "4111 1111 1111" not in dumped and "123-45-6789" not in dumped
    assert card["redactions"] == {"count": 3, "by_kind": {"card": 2, "ssn": 1}}
    assert "•••• •••• •••• 1111" in card["turns"][2]["text"]
    swapped = json.dumps(swap_speakers(card))
    assert "4111 1111 1111" not in swapped and "123-45-6789" not in swapped


def test_word_timings_are_masked_with_the_text():
    from trainer.calls.scorecard import redact_turns
    from trainer.calls.transcript import Turn, Word

    words = [Word(w, i * 0.5, i * 0.5 + 0.4) for i, w in enumerate(
        ["card", "4111", "1111", "1111", "1111", "thanks"])]
    [turn], counts = redact_turns([Turn("customer", "card 4111 1111 1111 1111 thanks", 0, 3,
                                        words)])
    assert [w.text for w in turn.words] == ["card", "••••", "••••", "••••", "1111", "thanks"]
    assert [w.start for w in turn.words] == [w.start for w in words] and counts == {"card": 1}


def test_a_transcript_read_is_not_redacted_until_scored(calls_dir):
    call = read_transcript((calls_dir / "call.json").read_bytes(), "call.json")
    assert "4111 1111 1111 1111" in call.turns[9].text  # the scorecard masks it (above)
