"""The shipped library: it validates, and every scenario plays out as designed."""

import pytest

from trainer.scenarios import OUTCOMES, get_scenario, load_library
from trainer.scenarios.runner import advance, context_for, start
from trainer.scoring.tags import STEPS

REQUIRED_IDS = ["lost_job", "stop_calling", "not_my_debt", "medical_hardship", "wrong_party",
                "settlement_haggle", "broken_promise", "credit_question", "attorney_cease",
                "cooperative_plan"]
LIBRARY = load_library()
SHIPPED = list(LIBRARY.scenarios)

HOSTILE = {"hostile", "blame", "no_empathy", "not_calm"}
EMPATHIC = {"empathy", "acknowledgement", "calm"}


def test_every_shipped_scenario_validates():
    assert LIBRARY.errors == []
    assert set(REQUIRED_IDS) <= set(SHIPPED)
    assert len(SHIPPED) >= 10


def test_library_mixes_difficulties_in_order():
    levels = [sc.difficulty for sc in LIBRARY]
    assert {"easy", "medium", "hard"} <= set(levels)
    assert levels == sorted(levels, key=["easy", "medium", "hard"].index)


def test_get_scenario():
    assert get_scenario("lost_job").facts["debtor_name"] == "Dana Whitfield"
    with pytest.raises(KeyError):
        get_scenario("no_such_scenario")


@pytest.mark.parametrize("sid", SHIPPED)
def test_scenario_starts_before_verification(sid):
    sc = get_scenario(sid)
    state, line = start(sc)
    assert state["right_party_verified"] is False and line.strip()
    assert all(step in STEPS for step in sc.steps)
    assert {n.outcome for n in sc.nodes.values() if n.end} <= set(OUTCOMES)
    assert any(n.success for n in sc.nodes.values() if n.end)
    assert any(n.end and not n.success for n in sc.nodes.values())


@pytest.mark.parametrize("sid", SHIPPED)
def test_good_trainee_by_tags_reaches_a_good_ending(sid, good_trainees):
    sc = get_scenario(sid)
    script = good_trainees[sid]
    assert 4 <= len(script["turns"]) <= 10
    state, _ = start(sc)
    steps = []
    for turn in script["turns"]:
        steps.append(advance(sc, state, set(turn["tags"])))
        state = steps[-1].state
        if state["finished"]:
            break
    step = steps[-1]
    assert step.finished, f"still at {state['node']} after {len(steps)} turns"
    assert len(steps) == len(script["turns"]) <= sc.max_turns
    assert (step.outcome, step.success) == (script["outcome"], True)
    hit = set().union(*(turn["tags"] for turn in script["turns"]))
    assert [s for s in sc.steps if STEPS[s][0] not in hit] == []


def _after_opening(sc, good_trainees, answers=2):
    """The state after the good trainee's first answers (verification, disclosure)."""
    state, _ = start(sc)
    for turn in good_trainees[sc.id]["turns"][:answers]:
        state = advance(sc, state, set(turn["tags"])).state
    return state


@pytest.mark.parametrize("sid", SHIPPED)
def test_hostile_and_empathic_answers_get_different_replies(sid, good_trainees):
    sc = get_scenario(sid)
    state = _after_opening(sc, good_trainees)
    hostile = advance(sc, state, HOSTILE)
    kind = advance(sc, state, EMPATHIC)
    assert hostile.debtor_line != kind.debtor_line
    assert hostile.state["mood"] > kind.state["mood"]
    assert hostile.success is not True


@pytest.mark.parametrize("sid", SHIPPED)
def test_repeated_abuse_ends_the_call_badly(sid, good_trainees):
    sc = get_scenario(sid)
    state = _after_opening(sc, good_trainees)
    for _ in range(sc.max_turns):
        step = advance(sc, state, {"abuse", "insult", "threat_arrest"})
        state = step.state
        if step.finished:
            break
    assert step.finished and step.success is False
    assert step.outcome in {"hung_up", "complaint_filed", "third_party_disclosed", "refused"}


@pytest.mark.parametrize("sid", [s for s in SHIPPED if s != "wrong_party"])
def test_debt_detail_before_verification_is_noticed(sid):
    sc = get_scenario(sid)
    state, opening = start(sc)
    step = advance(sc, state, {"debt_detail", "debt_before_verification"})
    assert step.debtor_line != opening and step.mood_delta > 0
    assert step.state["right_party_verified"] is False


def test_wrong_party_disclosure_ends_the_call():
    sc = get_scenario("wrong_party")
    state, _ = start(sc)
    assert context_for(sc, state)["listener"] == "third_party"
    step = advance(sc, state, {"verification"})
    step = advance(sc, step.state, {"debt_detail", "third_party_disclosure"})
    assert (step.outcome, step.success) == ("third_party_disclosed", False)


@pytest.mark.parametrize("sid, flag, opened", [
    ("stop_calling", "pressing_after_cease", "cease_requested"),
    ("not_my_debt", "pressing_after_dispute", "dispute_open"),
    ("attorney_cease", "pressing_after_attorney", "attorney"),
])
def test_pressing_after_cease_dispute_or_attorney_escalates(sid, flag, opened, good_trainees):
    sc = get_scenario(sid)
    turns = good_trainees[sid]["turns"]
    # Play the good path up to the moment the request (or dispute) is on the table.
    state, _ = start(sc)
    for turn in turns:
        if state[opened]:
            break
        state = advance(sc, state, set(turn["tags"])).state
    assert state[opened] is True
    assert context_for(sc, state)[opened] is True  # so the engine can raise the flag
    pressed = advance(sc, state, {flag, "payment_ask"})
    assert pressed.mood_delta > 0 or pressed.outcome == "complaint_filed"
    assert pressed.success is not True
    proper = advance(sc, state, {"cease_ack", "dispute_ack", "acknowledgement", "calm"})
    assert proper.mood_delta < 0 and not proper.finished
    assert proper.debtor_line != pressed.debtor_line


def test_settlement_quoting_the_minimum_loses_the_deal():
    sc = get_scenario("settlement_haggle")
    state, _ = start(sc)
    for tags in ({"verification"}, {"mini_miranda"}, {"minimum_quoted", "amount"}):
        step = advance(sc, state, tags)
        state = step.state
    step = advance(sc, state, {"settlement", "amount"})
    assert (step.outcome, step.success) == ("refused", False)


def test_credit_guess_escalates_to_a_supervisor():
    sc = get_scenario("credit_question")
    state, _ = start(sc)
    for tags in ({"verification"}, {"mini_miranda"}, {"credit_claim_false"}):
        step = advance(sc, state, tags)
        state = step.state
    step = advance(sc, state, {"credit_claim_false"})
    assert (step.outcome, step.success) == ("escalated_to_supervisor", False)


def test_vague_credit_talk_is_pinned_down_and_can_be_corrected():
    sc = get_scenario("credit_question")
    state, _ = start(sc)
    for tags in ({"verification"}, {"mini_miranda"}, {"credit_claim"}):
        state = advance(sc, state, tags).state
    assert state["node"] == "are_you_sure"
    corrected = advance(sc, state, {"credit_claim", "credit_facts"})
    doubled = advance(sc, state, {"next_step"})
    assert corrected.state["node"] == "honest" and doubled.state["node"] == "in_writing"


def test_the_package_is_pure_data_and_logic():
    from pathlib import Path

    import trainer.scenarios as package

    for source in Path(package.__file__).parent.glob("*.py"):
        text = source.read_text(encoding="utf-8").lower()
        for banned in ("import flask", "from flask", "sqlalchemy", "trainer.models",
                       "trainer.extensions"):
            assert banned not in text, f"{source.name} uses {banned}"
