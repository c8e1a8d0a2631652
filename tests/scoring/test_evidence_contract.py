"""The evidence contract (issue 12), over every registered scorer and the reading layer, on a
generated set of lines: every item is meaningful, nothing inside a threat, insult, abuse,
dismissive or flagged span raises any dimension, assertiveness never credits a threat or a
command to calm down, and a capped score's explanation leads with its cap."""

import itertools
import random

import pytest

from trainer.scoring import SCORERS, reading, score_utterance
from trainer.scoring.engine import prepare
from trainer.scoring.scorers.base import clamp, feature_config
from trainer.scoring.scorers.evidence import MEANINGFUL, hostile_spans, is_cap
from trainer.scoring.tags import expand
from trainer.scoring.types import DIMENSIONS, Context

OPENERS = ["", "Hi, this is Sam from Harbor Point Recovery.", "I understand this is hard.",
           "Thanks for explaining that.", "Okay.", "Listen to me."]
HOSTILE = ["", "We will have you arrested.", "If you don't pay, we'll take you to court.",
           "Calm down.", "Just calm down, sir.", "You people are all deadbeats.",
           "I'll call your employer about this.", "This is your FINAL warning!!!",
           "I'm sorry you feel that way.", "Pay up, damn it.",
           "We'll sue you and garnish your wages."]
ASKS = ["", "Can you pay $50 on Friday by debit card?", "What's been making it hard to keep up?",
        "Let's set up a plan that works for you.", "To confirm: $200 by debit card on June 5th.",
        "Your balance with Summit Ridge Bank is $1,842.37.", "I will email you the details today."]
CONTEXTS = [None,
            {"debtor_line": "I lost my job three weeks ago."},
            {"right_party_verified": False, "facts": {"creditor": "Summit Ridge Bank",
                                                      "debtor_name": "Dana Whitfield"}},
            {"right_party_verified": True, "cease_requested": True,
             "debtor_line": "Stop calling me at work!"}]


def _lines(n=160, seed=1692):
    """n (text, context) pairs from the fragments above, the same on every run."""
    combos = [" ".join(p for p in parts if p)
              for parts in itertools.product(OPENERS, HOSTILE, ASKS)]
    combos = [c for c in combos if c]
    rng = random.Random(seed)
    return [(text, rng.choice(CONTEXTS)) for text in rng.sample(combos, n)]


LINES = _lines()


def _overlaps(item, spans):
    return any(s < item.end and item.start < e for s, e in spans)


def test_the_generated_lines_exercise_every_rule():
    cards = [score_utterance(text, ctx) for text, ctx in LINES]
    assert sum("threat" in c.tags for c in cards) >= 40
    assert sum("calm_down" in c.tags for c in cards) >= 10
    assert sum("abuse" in c.tags for c in cards) >= 10
    assert sum(bool(c.flags) for c in cards) >= 60
    assert sum(any(is_cap(e) for e in c.evidence) for c in cards) >= 30
    assert sum(any(e.signal == "reading" for e in c.evidence) for c in cards) >= 100


@pytest.mark.parametrize("name", DIMENSIONS)
@pytest.mark.parametrize(("text", "context"), LINES, ids=lambda v: str(v)[:40])
def test_evidence_contract(name, text, context):
    ctx = Context.coerce(context)
    utterance, _, _ = prepare(text, ctx)
    result = SCORERS[name].score(utterance, ctx)
    hostile = hostile_spans(utterance)
    aggression = [(m.start, m.end) for m in utterance.matches
                  if m.signal.id == "calm_down" or "threat" in expand(set(m.tags))]
    items = result.evidence
    caps = [e for e in items if is_cap(e)]
    # additive: base + the items, clamped, then the cap; so every reason shown is in the score
    base = feature_config()["base"][name]
    uncapped = clamp(base + sum(e.effect for e in items if not is_cap(e)))
    assert result.score == pytest.approx(clamp(uncapped + sum(e.effect for e in caps)))
    # a capped score's explanation leads with the cap
    assert len(caps) <= 1
    if caps:
        assert items[0] is caps[0]
    readings = [e for e in items if e.signal == "reading"]
    assert len(readings) <= 1  # the reading layer is one "overall wording" item
    for e in items:
        assert e.dimension == name and e.why.strip()
        if not is_cap(e):
            assert abs(e.effect) >= MEANINGFUL, e
        if e.start is not None:
            assert e.text == text[e.start:e.end]
        if e.effect > 0 and e.signal != "reading":
            assert not _overlaps(e, hostile), f"{e.signal} credits words inside {hostile}"
        if name == "assertiveness" and e.effect > 0 and e.signal != "reading":
            assert not _overlaps(e, aggression), f"{e.signal} credits a threat or 'calm down'"
    for e in readings:
        assert (e.start, e.end) == (0, len(text))
        assert len(e.words or []) <= reading.SHOWN
        for w in e.words or []:
            assert w["text"] == text[w["start"]:w["end"]]
            assert (w["effect"] > 0) == (e.effect > 0)  # named words push the item's way
            if w["effect"] > 0:
                assert not any(s < w["end"] and w["start"] < end for s, end in hostile)


@pytest.mark.parametrize(("text", "context"), LINES[:40], ids=lambda v: str(v)[:40])
def test_the_scorecard_lists_what_the_scorers_gave(text, context):
    card = score_utterance(text, context)
    ctx = Context.coerce(context)
    utterance, _, _ = prepare(text, ctx)
    for name in DIMENSIONS:
        result = SCORERS[name].score(utterance, ctx)
        assert card.scores[name] == pytest.approx(result.score)
        assert [e.to_dict() for e in card.evidence if e.dimension == name] == \
            [e.to_dict() for e in result.evidence]
