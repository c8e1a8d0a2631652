"""Scenarios driven by the real scoring engine: what a trainee types decides the branch."""

import pytest

from trainer.scenarios import get_scenario, load_library
from trainer.scenarios.runner import advance, context_for, start
from trainer.scoring.tags import STEPS

SHIPPED = list(load_library().scenarios)


def play(engine, sc, texts, state=None):
    """Score each text in the runner's context and advance; returns (state, steps, cards)."""
    if state is None:
        state, _ = start(sc)
    steps, cards = [], []
    for text in texts:
        card = engine(text, context_for(sc, state))
        step = advance(sc, state, card.tags)
        steps.append(step)
        cards.append(card)
        state = step.state
        if step.finished:
            break
    return state, steps, cards


@pytest.mark.parametrize("sid", SHIPPED)
def test_good_trainee_reaches_a_good_ending_with_the_real_engine(sid, engine, good_trainees):
    sc = get_scenario(sid)
    script = good_trainees[sid]
    state, steps, cards = play(engine, sc, [turn["text"] for turn in script["turns"]])
    trail = " | ".join(step.reason for step in steps)
    assert steps[-1].finished, f"not finished after {len(steps)} answers: {trail}"
    assert (steps[-1].outcome, steps[-1].success) == (script["outcome"], True), trail
    assert len(steps) <= sc.max_turns
    tags = set().union(*(card.tags for card in cards))
    assert [s for s in sc.steps if STEPS[s][0] not in tags] == [], "required steps missed"
    assert [f.code for card in cards for f in card.flags if f.severity == "critical"] == []


def _at(engine, sc, good_trainees, answers):
    """The state after the good trainee's first `answers` answers, scored for real."""
    texts = [turn["text"] for turn in good_trainees[sc.id]["turns"][:answers]]
    state, _, _ = play(engine, sc, texts)
    return state


@pytest.mark.parametrize("sid, answers, hostile, kind", [
    ("lost_job", 3,
     "That's not my problem. You signed up for the card, so you have to pay it.",
     "I'm so sorry to hear that, Dana. Losing your job is incredibly stressful."),
    ("stop_calling", 2,
     "Calm down, sir. There's no need to get upset. You owe this money.",
     "I hear you, and I'm sorry about the calls at work. We will stop calling you."),
    ("medical_hardship", 3,
     "Everybody has medical bills. You still need to pay what you owe.",
     "I'm so sorry you went through that. That sounds really hard."),
    ("broken_promise", 2,
     "You promised to pay on the 1st and you didn't. That's on you.",
     "I understand things come up. Can you tell me what happened?"),
])
def test_hostile_and_empathic_text_lead_to_different_replies(
        sid, answers, hostile, kind, engine, good_trainees):
    sc = get_scenario(sid)
    state = _at(engine, sc, good_trainees, answers)
    hostile_card = engine(hostile, context_for(sc, state))
    kind_card = engine(kind, context_for(sc, state))
    assert "hostile" in hostile_card.tags and "hostile" not in kind_card.tags
    rough = advance(sc, state, hostile_card.tags)
    warm = advance(sc, state, kind_card.tags)
    assert rough.debtor_line != warm.debtor_line
    assert rough.state["mood"] > warm.state["mood"]


def test_disclosing_to_the_mother_ends_the_call(engine):
    sc = get_scenario("wrong_party")
    _, steps, cards = play(engine, sc, [
        "Hi, may I speak with Marcus Green?",
        "I'm calling about his overdue Pinecrest Credit Union loan. He owes $2,960.15.",
    ])
    assert "third_party_disclosure" in {f.code for f in cards[-1].flags}
    assert (steps[-1].outcome, steps[-1].success) == ("third_party_disclosed", False)


def test_pressing_after_stop_calling_escalates(engine, good_trainees):
    sc = get_scenario("stop_calling")
    state = _at(engine, sc, good_trainees, 2)
    assert state["cease_requested"] is True
    card = engine("I understand, but can you make a payment of $200 today?",
                  context_for(sc, state))
    assert "pressing_after_cease" in {f.code for f in card.flags}
    step = advance(sc, state, card.tags)
    assert step.state["node"] == "not_listening" and step.mood_delta > 0


def test_asking_for_the_balance_before_verifying_is_noticed(engine):
    sc = get_scenario("lost_job")
    state, opening = start(sc)
    card = engine("Hi Dana, you owe $1,842.37 on your Summit Ridge Visa.", context_for(sc, state))
    assert "debt_before_verification" in {f.code for f in card.flags}
    step = advance(sc, state, card.tags)
    assert step.debtor_line != opening and step.mood_delta > 0
