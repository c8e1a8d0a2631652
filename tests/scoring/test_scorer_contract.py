"""One contract, every registered scorer: 0-100, additive, evidence that points at the words."""

import pytest

from trainer.scoring import SCORERS
from trainer.scoring.engine import analyse
from trainer.scoring.lexicon import all_signal_ids
from trainer.scoring.scorers.base import clamp, feature_config
from trainer.scoring.types import Context

SAMPLES = [
    ("I understand this is a really difficult time. Let's find a plan that works for you.", None),
    ("IF YOU DON'T PAY TODAY WE WILL HAVE YOU ARRESTED.", None),
    ("Um, maybe you could, like, try to pay something? I guess whatever works.", None),
    ("That's great news, thank you! Can you do $50 on Friday by debit card?", None),
    ("You lost your job? Everybody has problems. Pay up.", {"debtor_line": "I lost my job."}),
    ("It sounds like the hospital bills hit at the worst time.",
     {"debtor_line": "The hospital bills came in the same week I lost my job."}),
]
NON_SIGNAL_EVIDENCE = {"tone", "tone_calm", "reading", "reflection", "caps", "caps_assertive",
                       "but_demand", "direct_question", "cold_demand", "curt", "clipped",
                       "emphasis_caps",
                       "exploring_question"}


@pytest.mark.parametrize("name", sorted(SCORERS))
@pytest.mark.parametrize(("text", "context"), SAMPLES)
def test_scorer_contract(name, text, context):
    ctx = Context.coerce(context)
    utterance = analyse(text, ctx)
    result = SCORERS[name].score(utterance, ctx)
    assert result.name == name
    assert 0 <= result.score <= 100
    known = all_signal_ids() | NON_SIGNAL_EVIDENCE | {"creditor_named", "asks_for_debtor"}
    caps = [e for e in result.evidence if e.signal.startswith("cap_")]
    assert len(caps) <= 1
    for ev in result.evidence:
        assert ev.dimension == name
        assert ev.effect != 0 and ev.why.strip()
        assert ev.signal in known or ev.signal.startswith("cap_")
        assert 0 <= ev.start < ev.end <= len(text)
        assert ev.text == text[ev.start:ev.end]
    # additive: the score is the base plus the evidence, clamped, then the cap (itself evidence)
    base = feature_config()["base"][name]
    uncapped = clamp(base + sum(e.effect for e in result.evidence if e not in caps))
    expected = clamp(uncapped + sum(e.effect for e in caps))
    assert result.score == pytest.approx(expected)


def test_every_dimension_has_one_registered_scorer():
    assert sorted(SCORERS) == sorted(["empathy", "positive_language", "assertiveness", "calmness"])
    assert all(s.name == key for key, s in SCORERS.items())


def test_scorer_base_can_be_set_by_constructor():
    ctx = Context()
    low = type(SCORERS["empathy"])(base=30).score(analyse("Okay.", ctx), ctx)
    high = type(SCORERS["empathy"])(base=70).score(analyse("Okay.", ctx), ctx)
    assert high.score == pytest.approx(70 + sum(e.effect for e in high.evidence))
    assert high.score - low.score == pytest.approx(40)
