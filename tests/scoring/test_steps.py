"""One truth on the scorecard: each step is done, missed, not applicable or not reached yet,
and the rules table agrees with the steps list."""

import pytest

from trainer.scoring import score_conversation
from trainer.scoring.steps import STEP_RULES, judge, step_name
from trainer.scoring.tags import STEP_NAMES, STEPS

STEPS_HERE = ["verification", "mini_miranda", "cease_ack", "recap"]
VERIFY = "Hi, this is Sam from Harbor Point Recovery. Am I speaking with Ray Kowalski?"
MIRANDA = ("This is an attempt to collect a debt and any information obtained will be used "
           "for that purpose.")


def summary(texts, finished, **context):
    result = score_conversation(texts, {"steps": STEPS_HERE, **context}).to_dict()
    return judge(result, finished=finished)


def status(card, step):
    return next(s["status"] for s in card["steps"] if s["id"] == step)


def rule(card, code):
    return next(c["status"] for c in card["compliance"] if c["rule"] == code)


def test_an_unfinished_call_has_steps_not_reached_yet_never_missed():
    card = summary([VERIFY], finished=False, right_party_verified=True)
    assert status(card, "verification") == "done"
    assert [status(card, s) for s in STEPS_HERE[1:]] == ["not_reached"] * 3
    assert rule(card, "missing_mini_miranda") == "not_reached"  # agrees with the step
    assert card["steps_missed"] == [] and card["steps_hit"] == ["verification"]


def test_a_finished_call_without_the_disclosure_misses_it_in_both_lists():
    card = summary([VERIFY, "Okay, thanks for your time."], finished=True,
                   right_party_verified=True)
    assert status(card, "mini_miranda") == "missed"
    assert rule(card, "missing_mini_miranda") == "fail"
    assert card["steps_missed"] == ["mini_miranda", "recap"]  # no cease request: n/a


def test_steps_for_what_never_happened_are_not_applicable_in_both_lists():
    card = summary(["Hello, is anyone there?"], finished=True, right_party_verified=False)
    assert status(card, "mini_miranda") == "not_applicable"
    assert rule(card, "missing_mini_miranda") == "not_applicable"
    assert status(card, "cease_ack") == "not_applicable"
    assert status(card, "verification") == "missed"


def test_a_cease_request_makes_its_acknowledgement_a_missed_step():
    card = summary([VERIFY, MIRANDA, "So when can you pay?"], finished=True,
                   right_party_verified=True, cease_requested=True)
    assert status(card, "mini_miranda") == "done" and rule(card, "missing_mini_miranda") == "pass"
    assert status(card, "cease_ack") == "missed"


@pytest.mark.parametrize("step", sorted(STEPS))
def test_every_step_has_a_name_for_people(step):
    assert step in STEP_NAMES and step_name(step) == STEP_NAMES[step]
    assert "_" not in step_name(step)
    assert set(STEP_RULES) <= set(STEPS)
