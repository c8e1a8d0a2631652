"""The runner: first-match transitions, mood, state changes, turn limit, purity."""

import copy
import json
from dataclasses import fields

import pytest

from trainer.scenarios import ScenarioError
from trainer.scenarios.runner import STATE_KEYS, advance, context_for, start, succeeded
from trainer.scoring.types import Context


def walk(sc, *tag_sets):
    """Start the scenario and apply each tag set in turn; returns (state, last step)."""
    state, _ = start(sc)
    step = None
    for tags in tag_sets:
        step = advance(sc, state, set(tags))
        state = step.state
    return state, step


def test_start_state_is_plain_json(tiny):
    state, line = start(tiny)
    assert line == "Hello?"
    assert set(state) == set(STATE_KEYS) | {"compliance"}
    held = state.pop("compliance")
    assert state == {
        "node": "hello", "mood": 3, "turn": 0, "right_party_verified": False,
        "listener": "debtor", "dispute_open": False, "cease_requested": False,
        "attorney": False, "finished": False, "outcome": None, "debtor_line": "Hello?",
        "done": []}
    # the call is followed from its opening line: nobody has confirmed who they are yet
    assert (held["party"], held["opened_at"], held["turns"], held["requests"]) == (
        "unknown", 0, 1, [])
    assert json.loads(json.dumps(held)) == held


def test_the_state_remembers_the_steps_done_and_the_context_passes_them_on(tiny):
    state, _ = walk(tiny, {"verification"}, {"thanks", "open_question"})
    assert state["done"] == ["reason", "verification"]
    context = context_for(tiny, state)
    assert context["so_far"] == ["reason", "verification"]
    assert context["moment"] is None and context["offers"] == {}
    del state["done"]  # a session stored before the runner kept them goes on
    assert context_for(tiny, state)["so_far"] == []


def test_first_matching_transition_wins(tiny):
    # Both the hostile and the verification transitions match; hostile is listed first.
    state, step = walk(tiny, {"hostile", "verification"})
    assert state["node"] == "hello"
    assert step.debtor_line == "Excuse me?"
    assert "transition 1 of 3" in step.reason and "found hostile" in step.reason


def test_default_transition_and_variants_by_turn(tiny):
    state, step = walk(tiny, {"calm"})
    assert state["node"] == "hello" and step.debtor_line == "Hello again?"  # turn 1: variant 2
    assert "default" in step.reason
    step = advance(tiny, state, set())
    assert step.debtor_line == "Hello?"  # turn 2 wraps round to variant 1


def test_state_set_on_entering_a_node(tiny):
    state, step = walk(tiny, {"verification"})
    assert state["node"] == "verified" and state["right_party_verified"] is True
    assert step.debtor_line == "Yes, speaking."
    assert context_for(tiny, state)["right_party_verified"] is True


def test_mood_delta_is_applied(tiny):
    state, step = walk(tiny, {"hostile"})
    assert state["mood"] == 7 and step.mood_delta == 4
    assert "mood 3 -> 7" in step.reason


def test_mood_is_clamped_and_delta_reports_the_real_change(tiny):
    state, step = walk(tiny, {"verification"}, {"thanks"})  # -5 from 3 stops at min 0
    assert state["mood"] == 0 and step.mood_delta == -3


def test_reaching_max_mood_forces_the_hang_up(tiny):
    state, step = walk(tiny, {"hostile"}, {"hostile"})  # 3 -> 7 -> 10 = max
    assert step.finished and step.outcome == "hung_up" and step.success is False
    assert step.debtor_line == "Bye." and state["node"] == "hung_up"
    assert "reached its max" in step.reason


def test_mood_conditions(tiny):
    # At mood 3, empathy does not meet mood_at_least 5: the call stays put.
    calm, step = walk(tiny, {"verification"}, {"empathy"})
    assert calm["mood"] == 3 and step.debtor_line == "Yes, speaking."
    # At mood 7 it matches: mood -2 and the transition's own line.
    angry, step = walk(tiny, {"hostile"}, {"verification"}, {"empathy"})
    assert angry["mood"] == 5 and step.debtor_line == "Thanks. I'm calmer now."
    # mood_below 2: once calm enough the call ends well by itself.
    _, step = walk(tiny, {"verification"}, {"thanks"}, {"calm"})
    assert step.outcome == "promise_made" and "mood 0 < 2" in step.reason


def test_all_and_none_conditions(tiny):
    _, step = walk(tiny, {"verification"}, {"amount"})
    assert not step.finished  # all: needs both amount and date
    _, step = walk(tiny, {"verification"}, {"amount", "date", "threat_legal"})
    assert not step.finished  # none: a threat (implied by threat_legal) blocks the deal
    _, step = walk(tiny, {"verification"}, {"amount", "date"})
    assert step.finished and step.outcome == "promise_made" and step.success is True
    assert step.debtor_line == "Deal."


def test_implied_tags_count(tiny):
    # threat_arrest implies threat implies hostile, so it takes the hostile branch.
    state, _ = walk(tiny, {"threat_arrest"})
    assert state["mood"] == 7


def test_max_turns_ends_the_call_out_of_time(tiny):
    state, step = walk(tiny, *[set()] * 4)
    assert not step.finished and state["turn"] == 4
    step = advance(tiny, state, set())
    assert step.finished and step.outcome == "out_of_time" and step.success is False
    assert step.debtor_line is None  # tiny has no out_of_time_say
    assert "ran out of turns (5)" in step.reason
    assert succeeded(tiny, step.state) is False


def test_out_of_time_line(tiny):
    data = {**tiny.data, "out_of_time_say": "Gotta go."}
    from trainer.scenarios.model import build

    sc = build(data, "tiny.yaml", {})
    _, step = walk(sc, *[set()] * 5)
    assert step.outcome == "out_of_time" and step.debtor_line == "Gotta go."


def test_an_end_on_the_last_turn_beats_out_of_time(tiny):
    _, step = walk(tiny, set(), set(), set(), {"verification"}, {"amount", "date"})
    assert step.outcome == "promise_made"


def test_advance_never_mutates_its_input(tiny):
    state, _ = start(tiny)
    for tags in ({"hostile"}, {"verification"}, {"empathy"}, {"amount", "date"}):
        before = copy.deepcopy(state)
        step = advance(tiny, state, tags)
        assert state == before
        assert step.state is not state
        state = step.state


def test_context_for_matches_the_scoring_context(tiny):
    state, _ = walk(tiny, {"hostile"})
    ctx = context_for(tiny, state)
    assert set(ctx) <= {f.name for f in fields(Context)}
    held = ctx.pop("state")
    assert ctx == {"debtor_line": "Excuse me?", "facts": tiny.facts,
                   "right_party_verified": False, "listener": "debtor", "dispute_open": False,
                   "cease_requested": False, "attorney": False, "turn_index": 1,
                   "moment": None, "so_far": [], "offers": {}}
    assert held == state["compliance"] and held["turns"] == 3  # opening, answer, reply
    assert Context.coerce(ctx).debtor_line == "Excuse me?"
    ctx["facts"]["balance"] = 0  # the caller's copy, not the scenario's facts
    assert tiny.facts["balance"] == 100.0


def test_advance_after_the_end_is_refused(tiny):
    state, step = walk(tiny, {"verification"}, {"amount", "date"})
    with pytest.raises(ScenarioError, match="already finished"):
        advance(tiny, state, set())


@pytest.mark.parametrize("state, message", [
    ("hello", "state must be a dict"),
    ({"node": "hello"}, "state is missing mood"),
])
def test_bad_state_is_a_clear_error(tiny, state, message):
    with pytest.raises(ScenarioError, match=message):
        advance(tiny, state, set())


def test_state_of_another_scenario_is_refused(tiny):
    state, _ = start(tiny)
    with pytest.raises(ScenarioError, match="state node 'lobby' is not in scenario 'tiny'"):
        context_for(tiny, {**state, "node": "lobby"})


@pytest.mark.parametrize("tags", ["hostile", 42, [1, 2]])
def test_bad_tags_are_a_clear_error(tiny, tags):
    state, _ = start(tiny)
    with pytest.raises(ScenarioError, match="tag"):
        advance(tiny, state, tags)


def test_step_is_json_ready(tiny):
    _, step = walk(tiny, {"verification"})
    out = json.loads(json.dumps(step.to_dict()))
    assert out["state"]["node"] == "verified" and out["finished"] is False
