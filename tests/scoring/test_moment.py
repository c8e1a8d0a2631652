"""What the moment called for: read from the debtor's line and the call so far, or named."""

import pytest

from trainer.scoring import DIMENSIONS, ScoringInputError, score_utterance
from trainer.scoring.moment import ANY_MOMENT, _config, kinds, moment_of
from trainer.scoring.types import Context

VERIFIED = {"right_party_verified": True, "so_far": ["verification", "mini_miranda"]}


@pytest.mark.parametrize("kind", kinds())
def test_every_dimension_is_either_called_for_or_says_why_not(kind):
    spec = _config()["kinds"][kind]
    assert set(spec["dimensions"]) | set(spec["not"]) == set(DIMENSIONS)
    assert not set(spec["dimensions"]) & set(spec["not"])
    assert "calmness" in spec["dimensions"]  # staying calm is always called for
    assert all(why.strip() for why in spec["not"].values())


@pytest.mark.parametrize(("context", "kind", "steps"), [
    ({"debtor_line": "Hello?", "right_party_verified": False}, "opening", ["verification"]),
    ({"debtor_line": "Hello?", "listener": "third_party", "right_party_verified": False},
     "third_party", []),
    ({"debtor_line": "Yeah, this is Dana. Who's calling?", "right_party_verified": True,
      "so_far": ["verification"]}, "disclosure", ["mini_miranda"]),
    ({"debtor_line": "I got laid off three weeks ago. I've got rent, I've got my son...",
      **VERIFIED}, "distress", ["reason", "hardship_ack"]),
    ({"debtor_line": "I'm just so worried about all of it.", **VERIFIED,
      "so_far": ["verification", "mini_miranda", "reason"]}, "distress", []),
    ({"debtor_line": "Could I do something like fifty a month?", **VERIFIED}, "negotiation",
     ["options"]),
    ({"debtor_line": "Okay. Yeah, I can do that. Put it on my debit card.", **VERIFIED},
     "agreement", ["promise", "recap"]),
    ({"debtor_line": "Can you call me back next week? I'll think about it.", **VERIFIED},
     "stall", []),
    ({"debtor_line": "You people are unbelievable. This is a scam.", **VERIFIED},
     "provocation", []),
    ({"debtor_line": "Whatever.", **VERIFIED, "cease_requested": True}, "cease", ["cease_ack"]),
    ({"debtor_line": "That is not my debt.", **VERIFIED}, "dispute", ["dispute_ack"]),
    ({"debtor_line": "So what happens now?", **VERIFIED}, "question", []),
    ({"debtor_line": "Right.", **VERIFIED}, "general", []),
    ({"debtor_line": "Right.", **VERIFIED, "moment": "distress"}, "distress", ["reason"]),
])
def test_the_moment_is_read_from_the_line_and_the_call_so_far(context, kind, steps):
    moment = moment_of(Context.coerce(context))
    assert (moment.kind, list(moment.steps)) == (kind, steps)
    assert moment.called_for == [*moment.dimensions, *moment.steps]


def test_an_opening_keeps_calling_for_verification_until_the_debtor_confirms():
    moment = moment_of(Context.coerce({"debtor_line": "Who wants to know?",
                                       "right_party_verified": False,
                                       "so_far": ["verification"]}))
    assert moment.kind == "opening" and moment.steps == ("verification",)


def test_the_overall_is_the_mean_of_what_the_moment_called_for():
    card = score_utterance("Hi, this is Sam from Harbor Point Recovery. Am I speaking with "
                           "Dana Whitfield?", {"debtor_line": "Hello?",
                                               "right_party_verified": False})
    assert card.moment.dimensions == ("assertiveness", "calmness")
    assert card.overall == pytest.approx((card.scores["assertiveness"]
                                          + card.scores["calmness"]) / 2)
    assert card.to_dict()["called_for"] == ["assertiveness", "calmness", "verification"]


def test_with_nothing_known_every_dimension_counts():
    card = score_utterance("I understand. Could you manage $50 this Friday?")
    assert card.moment is ANY_MOMENT
    assert card.overall == pytest.approx(sum(card.scores.values()) / 4)
    assert "called_for" not in card.to_dict()


def test_an_unknown_moment_is_a_clear_error():
    with pytest.raises(ScoringInputError, match="unknown moment 'panic'"):
        score_utterance("Okay.", {"debtor_line": "Hi", "moment": "panic"})
