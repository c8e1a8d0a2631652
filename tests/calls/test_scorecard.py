"""The call scorecard from transcripts: INTERFACES.md shape, checklist both ways, promise to
pay, customer sentiment, speaker swap, and which voice is the agent."""

import pytest
from call_helpers import transcript

from trainer.calls.pipeline import score_call, swap_speakers
from trainer.calls.roles import assign_roles
from trainer.calls.transcript import Turn

SHAPE = {"file", "id", "duration", "turns", "agent_scores", "overall", "critical_fail",
         "compliance", "metrics", "customer_sentiment", "promise_to_pay"}
METRICS = {"agent_talk_ratio", "silence_ratio", "overtalk_count", "longest_monologue_s",
           "agent_words_per_minute"}
GOOD_OPENING = ("agent", "Hi, this is Sam from Harbor Point Recovery. Am I speaking with Dana "
                "Whitfield?")
DISCLOSURE = ("agent", "Thanks, Dana. This is an attempt to collect a debt and any information "
              "obtained will be used for that purpose.")


@pytest.fixture(scope="module")
def fixture_card():
    from pathlib import Path

    return score_call(Path(__file__).parents[1] / "data" / "calls" / "call.json")


def _card(tmp_path, *turns, **meta):
    path = tmp_path / "call.json"
    path.write_bytes(transcript(*turns, **meta))
    return score_call(path)


def _check(card, rule):
    return next(item for item in card["compliance"] if item["rule"] == rule)


def test_the_scorecard_has_the_interfaces_shape(fixture_card):
    card = fixture_card
    assert SHAPE <= set(card) and METRICS <= set(card["metrics"])
    assert set(card["agent_scores"]) == {"empathy", "positive_language", "assertiveness",
                                         "calmness"}
    assert card["file"] == "call.json" and card["id"] == "fixture-call-1"
    assert card["duration"] == pytest.approx(69.69, abs=0.01)
    for turn in card["turns"]:
        assert {"speaker", "text", "start", "end"} <= set(turn)
        if turn["speaker"] == "agent":  # every agent turn is explained
            assert set(turn["scores"]) == set(card["agent_scores"]) and "evidence" in turn
        else:
            assert "scores" not in turn
    for item in card["compliance"]:
        assert item["status"] in ("pass", "fail", "not_applicable")
        assert item["severity"] in ("critical", "major", "minor")


def test_timed_transcripts_get_metrics_and_untimed_ones_do_not(fixture_card, calls_dir):
    assert fixture_card["metrics"]["overtalk_count"] == 1  # the script's one 0.8 s overlap
    assert fixture_card["metrics"]["agent_talk_ratio"] == pytest.approx(0.564, abs=0.01)
    assert score_call(calls_dir / "call.txt")["metrics"] is None


def test_promise_to_pay_is_read_back_with_amount_date_and_method(fixture_card):
    promise = fixture_card["promise_to_pay"]
    assert {k: promise[k] for k in ("amount", "currency", "date", "method")} == {
        "amount": 200.0, "currency": "USD", "date": "2026-03-06", "method": "debit card"}
    assert fixture_card["turns"][promise["turn"]]["speaker"] == "agent"  # Friday after Mar 2


def test_no_promise_is_null(tmp_path):
    card = _card(tmp_path, GOOD_OPENING, ("customer", "Yes."), DISCLOSURE,
                 ("customer", "I can't pay anything right now."))
    assert card["promise_to_pay"] is None


def test_customer_sentiment_moves_from_upset_to_relieved(tmp_path):
    card = _card(tmp_path, GOOD_OPENING,
                 ("customer", "This is awful, I am furious and scared, stop harassing me!"),
                 DISCLOSURE, ("customer", "I hate this, it is terrible."),
                 ("agent", "I understand. Let's find a plan that works for you."),
                 ("customer", "Thank you, that is a great relief, I really appreciate it."),
                 ("agent", "You're welcome."), ("customer", "Great, thanks so much, wonderful."))
    sentiment = card["customer_sentiment"]
    assert sentiment["start"] < -0.3 and sentiment["end"] > 0.3
    assert [s["turn"] for s in sentiment["series"]] == [1, 3, 5, 7]
    assert any(w["text"].lower() == "furious" for w in sentiment["series"][0]["words"])


def test_mini_miranda_both_ways(tmp_path):
    given = _card(tmp_path, GOOD_OPENING, ("customer", "Yes."), DISCLOSURE)
    missing = _card(tmp_path, GOOD_OPENING, ("customer", "Yes."),
                    ("agent", "Thanks. How are you doing today?"))
    assert _check(given, "missing_mini_miranda")["status"] == "pass"
    evidence = _check(given, "missing_mini_miranda")["evidence"][0]
    assert evidence["turn"] == 2 and evidence["agent_turn"] == 1  # call turns, not agent turns
    # without it the item is not a pass; it becomes a fail once the engine's conversation
    # state knows the right party was verified (the compliance issue): not_applicable today
    assert _check(missing, "missing_mini_miranda")["status"] in ("fail", "not_applicable")
    assert _check(missing, "missing_mini_miranda")["evidence"] == []


def test_a_threat_fails_the_call_with_the_turn_as_evidence(tmp_path):
    card = _card(tmp_path, GOOD_OPENING, ("customer", "Yes, but I can't pay."), DISCLOSURE,
                 ("customer", "I told you, I have no money."),
                 ("agent", "If you don't pay today we will have you arrested."))
    check = _check(card, "threat_arrest")
    assert check["status"] == "fail" and check["evidence"][0]["turn"] == 4
    assert card["critical_fail"] is True
    assert any(f["code"] == "threat_arrest" for f in card["turns"][4]["flags"])
    calm = _card(tmp_path, GOOD_OPENING, ("customer", "Yes, but I can't pay."), DISCLOSURE)
    assert _check(calm, "threat_arrest")["status"] == "pass" and calm["critical_fail"] is False


def test_swapping_speakers_rescores_the_other_side(tmp_path):
    card = _card(tmp_path, ("customer", "Hello?"), GOOD_OPENING, ("customer", "Yes, it's me."),
                 DISCLOSURE)
    swapped = swap_speakers(card)
    assert [t["speaker"] for t in swapped["turns"]] == ["agent", "customer", "agent", "customer"]
    assert "scores" in swapped["turns"][0] and "scores" not in swapped["turns"][1]
    assert swapped["speaker_assignment"]["swapped"] is True
    assert swap_speakers(swapped)["overall"] == card["overall"]


def test_the_agent_is_the_voice_that_collects(tmp_path):
    turns = [Turn("S1", "Hello?"), Turn("S2", GOOD_OPENING[1]), Turn("S1", "Yes, speaking."),
             Turn("S2", DISCLOSURE[1]), Turn("S1", "Okay, what is this about?"),
             Turn("S2", "Can you make a payment of $100 today by debit card?")]
    roles = assign_roles(turns)
    assert (roles.agent, roles.customer) == ("S2", "S1")
    assert roles.confidence == 1.0 and roles.evidence[0]["turn"] == 1
    assert "mini_miranda" in {a for e in roles.evidence for a in e["acts"]}


def test_two_voices_saying_nothing_telling_is_a_coin_toss():
    roles = assign_roles([Turn("S1", "Hello?"), Turn("S2", "Hi."), Turn("S1", "Yes?")])
    assert roles.confidence == 0.5
