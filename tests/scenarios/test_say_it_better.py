""""Say it better" at every node of every scenario: fitted to the whole call, it never offers
a programme, an amount or a date the account does not allow, and never breaks a rule."""

import re
from datetime import date

import pytest

from trainer.scenarios import get_scenario, load_library
from trainer.scenarios.runner import context_for
from trainer.scenarios.walk import states_at_every_node
from trainer.scoring import score_utterance
from trainer.scoring.engine import analyse
from trainer.scoring.negotiation import extract
from trainer.scoring.suggestions import GOOD_ENOUGH
from trainer.scoring.types import Context

SHIPPED = list(load_library().scenarios)
# Answers that leave each dimension weakest in turn, so every kind of phrasing comes up.
ANSWERS = ["Okay.", "You owe this. Pay it today.",
           "I'm so sorry to hear that. That sounds really hard.",
           "Um, maybe you could, like, pay something? I guess."]
PROGRAMMES = re.compile(r"\b(settle\w*|pause\w*|hardship|waive\w*|plan|split\w*|assistance)\b",
                        re.IGNORECASE)
NO_PRESSING = ("dispute_open", "cease_requested", "attorney")
NUMBER = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?")
GOOD = GOOD_ENOUGH  # the high band: a phrasing offered for a dimension scores at least this


def _allowed(sc):
    """The amounts, dates, programme words and numbers the account allows a phrasing to name."""
    texts = list(sc.offers.values())
    amounts = {sc.facts["balance"]}
    dates, words = set(), set()
    for text in texts:
        facts = extract(analyse(text, Context()))
        amounts |= {a["amount"] for a in facts["amounts"]}
        dates |= {d["date"] for d in facts["dates"]}
        words |= {w.lower()[:5] for w in PROGRAMMES.findall(text)}
    account = " ".join(texts + [f"{sc.facts['balance']:,.2f}"] +
                       [str(v) for v in sc.facts.values() if isinstance(v, str)])
    return amounts, dates, words, set(NUMBER.findall(account))


def _situations(sc):
    """(node, context) at every node, as reached first and with nothing done yet."""
    for node, state in states_at_every_node(sc).items():
        yield node, context_for(sc, state)
        yield node, context_for(sc, dict(state, done=[]))


@pytest.mark.parametrize("sid", SHIPPED)
def test_say_it_better_at_every_node_stays_within_the_account_and_the_rules(sid):
    sc = get_scenario(sid)
    amounts, dates, words, numbers = _allowed(sc)
    today = date.today().isoformat()  # "I'll send it today" names no payment date
    offered = 0
    for node, context in _situations(sc):
        may_press = context["right_party_verified"] and context["listener"] == "debtor" and \
            not any(context[key] for key in NO_PRESSING)
        for answer in ANSWERS:
            for tip in score_utterance(answer, context).suggestions:
                offered += 1
                where = f"{sid}/{node} after {answer!r}: {tip['text']!r}"
                card = score_utterance(tip["text"], context)
                assert card.flags == [], where  # never a phrasing a rule would flag
                assert not card.tags & {"hostile", "minimum_quoted"}, where
                if not may_press:
                    assert "payment_ask" not in card.tags, where
                if "step" not in tip:  # a better phrasing for a dimension is good at it
                    assert card.scores[tip["dimension"]] >= GOOD, where
                named = card.negotiation
                assert {a["amount"] for a in named["amounts"]} <= amounts, where
                assert {d["date"] for d in named["dates"]} <= dates | {today}, where
                assert {w.lower()[:5] for w in PROGRAMMES.findall(tip["text"])} <= words, where
                # no number of its own: not a "30-day pause" where the account has 90 days
                assert set(NUMBER.findall(tip["text"])) <= numbers, where
                assert "{" not in tip["text"] and "}" not in tip["text"], where
    assert offered >= 2 * len(states_at_every_node(sc))  # it does say something, nearly everywhere


@pytest.mark.parametrize(("sid", "node", "done", "expected"), [
    ("lost_job", "hello", [], "Am I speaking with Dana Whitfield?"),  # the opening: verify
    ("lost_job", "identified", ["verification"], "This is an attempt to collect a debt"),
    ("lost_job", "reason", ["verification", "mini_miranda", "reason"],
     "reduced monthly payments for up to six months"),  # the hardship help this account has
    ("medical_hardship", "reason", ["verification", "mini_miranda", "reason"],
     "pauses your payments for 90 days"),  # and a different one on another account
    ("medical_hardship", "reason", ["verification", "mini_miranda"], "what's been making it"),
    ("not_my_debt", "dispute", ["verification", "mini_miranda"], "send you written validation"),
    ("stop_calling", "stop_calling", ["verification", "mini_miranda"], "We'll stop calling you"),
    ("wrong_party", "hello", [], "call [your name] back"),
])
def test_the_first_phrasing_is_the_step_the_moment_is_for(sid, node, done, expected):
    sc = get_scenario(sid)
    context = context_for(sc, dict(states_at_every_node(sc)[node], done=done))
    tips = score_utterance("Okay.", context).suggestions
    assert tips and expected in tips[0]["text"], tips


def test_after_a_plain_hello_it_does_not_talk_about_feelings():
    sc = get_scenario("lost_job")
    context = context_for(sc, states_at_every_node(sc)["hello"])
    tips = score_utterance("Hello?", context).suggestions
    assert tips and not any("frustrat" in t["text"] or "feel" in t["text"] for t in tips)
