"""The runner keeps the conversation's compliance state, so the flags follow the call."""

import json

import pytest
from scenario_helpers import TINY

from trainer.scenarios import get_scenario, load_file
from trainer.scenarios.runner import advance, context_for, start


def play(engine, sc, texts, state=None):
    """Score each answer in the runner's context and advance; returns (state, cards, steps)."""
    if state is None:
        state, _ = start(sc)
    cards, steps = [], []
    for text in texts:
        card = engine(text, context_for(sc, state))
        step = advance(sc, state, card.tags)
        cards.append(card)
        steps.append(step)
        state = step.state
        if step.finished:
            break
    return state, cards, steps


def flag(card, code):
    return next((f for f in card.flags if f.code == code), None)


def good_path(good_trainees, sid, answers):
    return [t["text"] for t in good_trainees[sid]["turns"][:answers]]


def test_the_state_follows_every_line_and_stays_plain_json(engine, good_trainees):
    sc = get_scenario("stop_calling")
    state, _, _ = play(engine, sc, good_path(good_trainees, "stop_calling", 2))
    held = state["compliance"]
    assert json.loads(json.dumps(state)) == state
    # opening (0), answer (1), "Yeah, it's Ray" (2), the mini-Miranda (3), "Stop calling" (4)
    assert held["party"] == "right_party" and held["party_turn"] == 2
    assert held["mini_miranda"] == 3
    kinds = {r["kind"]: r["turn"] for r in held["requests"]}
    assert kinds["cease"] == 4 and kinds["no_work"] == 4


def test_pressing_after_stop_calling_is_flagged_with_the_turn_it_relied_on(engine, good_trainees):
    sc = get_scenario("stop_calling")
    state, _, _ = play(engine, sc, good_path(good_trainees, "stop_calling", 2))
    state, cards, steps = play(engine, sc, ["I hear you. Can you at least pay $50 today?"], state)
    found = flag(cards[0], "pressing_after_cease")
    assert found.severity == "critical"
    assert "at turn 4" in found.state and "stop" in found.state
    assert steps[0].mood_delta > 0  # and Ray reacts


def test_a_call_at_work_after_he_said_no_calls_at_work_is_flagged(engine, good_trainees):
    sc = get_scenario("stop_calling")
    texts = good_path(good_trainees, "stop_calling", 4)  # up to his "can't take calls at work"
    state, _, _ = play(engine, sc, texts)
    assert state["node"] == "wrapping"
    state, cards, steps = play(engine, sc, ["Understood. I'll try you at work on Friday then."],
                               state)
    found = flag(cards[0], "inconvenient_contact")
    assert found and found.severity == "major" and "at work" in found.state
    assert steps[0].debtor_line.startswith("At WORK?") and steps[0].mood_delta > 0


def test_offering_mail_instead_is_not_flagged(engine, good_trainees):
    sc = get_scenario("stop_calling")
    state, _, _ = play(engine, sc, good_path(good_trainees, "stop_calling", 4))
    _, cards, steps = play(engine, sc, ["Understood. Everything will come by mail to 2417 Birch "
                                        "Lane, and no more calls at work."], state)
    assert cards[0].flags == [] and steps[0].success


def test_wrong_party_disclosure_shows_who_is_on_the_line(engine):
    sc = get_scenario("wrong_party")
    state, cards, steps = play(engine, sc, [
        "Hi, may I speak with Marcus Green, please?",
        "Could you tell him it's about his Pinecrest Credit Union loan?"])
    found = flag(cards[1], "third_party_disclosure")
    assert found.severity == "critical"
    assert found.state.startswith("third party on the line since turn 0")
    assert "his mother" in found.state
    assert steps[-1].outcome == "third_party_disclosed"


def test_attorney_and_dispute_scenarios_flag_pressing(engine, good_trainees):
    sc = get_scenario("attorney_cease")
    state, _, _ = play(engine, sc, good_path(good_trainees, "attorney_cease", 2))
    _, cards, _ = play(engine, sc, ["Before we get to him, could you put $100 down today?"], state)
    assert "attorney" in flag(cards[0], "pressing_after_attorney").state
    sc = get_scenario("not_my_debt")
    state, _, _ = play(engine, sc, good_path(good_trainees, "not_my_debt", 3))
    assert state["node"] == "dispute"
    _, cards, _ = play(engine, sc, ["I hear you, but could we set up a small plan for now?"], state)
    assert "disputed" in flag(cards[0], "pressing_after_dispute").state


def test_a_request_no_node_set_still_counts(engine, tmp_path):
    # The scenario author never set a flag; the debtor's own words put the request in force.
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY.replace('say: "Yes, speaking."',
                                 'say: "Yes, speaking. And please don\'t call me at work."'))
    sc = load_file(path)
    _, cards, _ = play(engine, sc, ["Hi, is this Pat Doe?",
                                    "Thanks, Pat. I'll give you a call at the office tomorrow."])
    found = flag(cards[1], "inconvenient_contact")
    assert found and "at turn 2" in found.state


def test_a_session_saved_before_the_state_existed_still_plays(engine):
    sc = get_scenario("wrong_party")
    state, _ = start(sc)
    del state["compliance"]
    card = engine("Can you tell him his loan is overdue?", context_for(sc, state))
    assert flag(card, "third_party_disclosure").severity == "critical"
    assert "compliance" in advance(sc, state, card.tags).state


def test_a_malformed_compliance_state_is_a_clear_error():
    from trainer.scenarios import ScenarioError

    sc = get_scenario("lost_job")
    state, _ = start(sc)
    state["compliance"] = {"party": "martian"}
    with pytest.raises(ScenarioError, match="compliance state"):
        context_for(sc, state)
