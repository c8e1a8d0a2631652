"""Bad input gets a clear error (or a Scorecard with no evidence), never a crash."""

import pytest

from trainer.scoring import ScoringInputError, score_conversation, score_utterance


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("   \n\t ", "empty"), ("x" * 5001, "too_long"),
    (b"\xff\xfe bad bytes", "bad_encoding"), (None, "bad_type"), (42, "bad_type"),
    ("hello\x00world", "bad_characters"), ("12345 67890", "no_words"),
    ("asdkjh qwpoeiru zxmcnv lkqwje", "not_english"),
    ("Je ne peux pas payer maintenant, désolé", "not_english"),
    ("これは英語ではありません", "not_english"),
])
def test_bad_text_raises_a_clear_error(text, code):
    with pytest.raises(ScoringInputError) as err:
        score_utterance(text)
    assert err.value.code == code
    assert err.value.message and "\n" not in err.value.message


def test_limit_is_inclusive_and_utf8_bytes_are_accepted():
    assert score_utterance("ok " * 1666 + "ok").text
    assert score_utterance(b"Thank you for calling.").scores


def test_text_without_any_signal_says_so():
    card = score_utterance("Quantum chromodynamics describes gluons binding quarks tightly.")
    assert {e.signal for e in card.evidence} <= {"reading"} and card.flags == []
    assert card.warnings and "no named scoring signal" in card.warnings[0]


@pytest.mark.parametrize(("context", "code"), [
    ({"no_such_field": 1}, "bad_context"), (["a list"], "bad_context"),
])
def test_bad_context_is_rejected(context, code):
    with pytest.raises(ScoringInputError) as err:
        score_utterance("Thank you.", context)
    assert err.value.code == code


def test_a_string_context_is_the_debtors_line():
    card = score_utterance("So the job loss hit you hard.", "I lost my job and it hit me hard.")
    assert "reflection" in {e.signal for e in card.evidence}


@pytest.mark.parametrize(("turns", "context", "code"), [
    ([], None, "no_agent_turns"),
    ([{"speaker": "customer", "text": "Hello?"}], None, "no_agent_turns"),
    ([{"no_text": 1}], None, "bad_turn"),
    (["Thank you."], {"steps": ["no_such_step"]}, "bad_steps"),
])
def test_bad_conversations_are_rejected(turns, context, code):
    with pytest.raises(ScoringInputError) as err:
        score_conversation(turns, context)
    assert err.value.code == code
