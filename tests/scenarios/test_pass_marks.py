"""Every scenario's pass mark against three trainees: the scripted good one passes every
scenario with room to spare, a plain businesslike one passes the easy ones, a hostile one
fails them all. Each is scored by the real engine and judged as a finished session is."""

from pathlib import Path

import pytest
import yaml
from good_trainee import good_answers

from trainer.scenarios import get_scenario, load_library
from trainer.scenarios.runner import advance, context_for, start
from trainer.scoring import score_utterance
from trainer.sessions.cards import stored_card
from trainer.sessions.verdict import fail_reasons, summarise

SHIPPED = list(load_library().scenarios)
OTHERS = yaml.safe_load((Path(__file__).parent / "data" / "other_trainees.yaml").read_text())
MARGIN = 3  # the good trainee clears each mark by this much, so a small engine change keeps it


def judged(sid, answers):
    """Play the answers to the end; (final state, session summary, reasons it failed)."""
    sc = get_scenario(sid)
    state, _ = start(sc)
    cards = []
    for text in answers:
        card = score_utterance(text, context_for(sc, state))
        step = advance(sc, state, card.tags)
        state = step.state
        cards.append(stored_card(card))
        if step.finished:
            break
    summary = summarise(cards, sc, finished=state["finished"])
    return state, summary, fail_reasons(summary, sc.pass_mark, cards)


@pytest.mark.parametrize("sid", SHIPPED)
def test_the_scripted_good_trainee_passes_with_room_to_spare(sid):
    state, summary, reasons = judged(sid, good_answers(sid))
    assert state["finished"] and reasons == [], reasons
    assert summary["overall"] >= get_scenario(sid).pass_mark + MARGIN, summary["scores"]


@pytest.mark.parametrize("sid", [s for s in SHIPPED if get_scenario(s).difficulty == "easy"])
def test_a_plain_businesslike_trainee_passes_the_easy_scenarios(sid):
    assert sid in OTHERS["businesslike"], f"write a businesslike trainee for {sid}"
    state, summary, reasons = judged(sid, OTHERS["businesslike"][sid])
    assert state["finished"] and reasons == [], reasons
    assert summary["overall"] >= get_scenario(sid).pass_mark


@pytest.mark.parametrize("sid", SHIPPED)
def test_a_hostile_trainee_fails_and_is_told_why(sid):
    sc = get_scenario(sid)
    state, summary, reasons = judged(sid, (OTHERS["hostile"] * sc.max_turns)[:sc.max_turns])
    assert state["finished"] and reasons
    assert all("_" not in r.split(":")[0] for r in reasons)  # words, never ids
