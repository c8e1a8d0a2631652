"""The conversation's compliance state: a pure fold over the lines, shown on every flag."""

import json

import pytest

from trainer.scoring import score_conversation, score_utterance
from trainer.scoring.state import ComplianceState, advance, call_start
from trainer.scoring.state_context import for_context
from trainer.scoring.types import Context, ScoringInputError

FACTS = {"debtor_name": "Dana Whitfield", "creditor": "Northside Medical", "balance": 1842.5}


def fold(*lines, facts=FACTS):
    state = call_start()
    for line in lines:
        speaker, text = ("agent", line[3:]) if line.startswith("A: ") else ("debtor", line[3:])
        state = advance(state, speaker, text, facts=facts)
    return state


def test_advance_is_pure_and_the_state_is_plain_json():
    before = call_start()
    after = advance(before, "debtor", "Stop calling me.")
    assert before.requests == () and before.turns == 0
    assert [r.kind for r in after.requests] == ["cease"] and after.turns == 1
    data = after.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert ComplianceState.coerce(data) == after


@pytest.mark.parametrize(("lines", "party", "who"), [
    (["D: Hello?", "A: Is Dana Whitfield there?", "D: No, this is her roommate."],
     "third_party", "her roommate"),
    (["D: Hello?", "A: Is Dana Whitfield there?", "D: Speaking."], "right_party", None),
    (["D: Hello?", "A: Is this Dana?", "D: Yeah."], "right_party", None),
    (["D: Hello?", "A: Is this Dana?", "D: Nope."], "third_party",
     "someone who said no when asked for the consumer"),
    (["D: Hello?", "A: Is Dana there?", "D: I'm her husband. She's out."], "right_party",
     "her husband, who counts as the consumer (FDCPA 1692c(d))"),
    (["D: Hello?", "A: Is Dana there?", "D: You've got the wrong number."], "third_party",
     "wrong number"),
    (["D: Hello?", "A: May I speak with Dana?", "D: Dana's not here right now."], "third_party",
     "someone who says dana's not here"),
    (["D: Hello?", "A: Is Dana there?", "D: I'm her attorney. What is this about?"],
     "representative", "her attorney"),
    (["D: Hello?", "A: Is Dana there?", "D: Who's asking?"], "unknown", None),
])
def test_who_is_on_the_line(lines, party, who):
    state = fold(*lines)
    assert (state.party, state.who) == (party, who)


def test_requests_carry_the_turn_and_words_that_made_them():
    state = fold("D: Hello?", "A: Is this Dana?", "D: Yes.",
                 "D: My lawyer handles this now. And don't call me at work.",
                 "D: Also it's not my debt, send me proof.")
    turns = {r.kind: r.turn for r in state.requests}
    assert turns == {"attorney": 3, "no_work": 3, "dispute": 4}
    assert state.request("attorney").describe() == (
        'consumer said an attorney represents them at turn 3 ("my lawyer handles this now")')


@pytest.mark.parametrize("line", ["I don't have a lawyer.", "Maybe I should get a lawyer.",
                                  "If you call again I'll get a lawyer.",
                                  "I'm thinking about hiring an attorney."])
def test_no_representation_without_an_attorney_in_place(line):
    assert fold("D: Hello?", "A: Is this Dana?", "D: Yes.", "D: " + line).request(
        "attorney") is None


def test_cannot_talk_now_lasts_until_the_consumer_speaks_again():
    state = fold("D: Hello?", "A: Is this Dana?", "D: Yes, but I'm driving right now.")
    assert state.request("not_now") is not None
    assert fold("D: Hello?", "A: Is this Dana?", "D: Yes, but I'm driving right now.",
                "A: Sorry, when is better?", "D: After six.").request("not_now") is None


def test_contradiction_the_latest_word_wins_and_the_flag_says_so():
    # confirms identity, then says it is the wrong number: a defined result, not a crash
    state = fold("D: Hello?", "A: Is this Dana Whitfield?", "D: Yes.", "A: Thanks, Dana.",
                 "D: Wait, no. Wrong number, sorry, I thought you said Donna.")
    assert state.party == "third_party" and "identity had been confirmed at turn 2" in state.who
    result = score_conversation(
        [{"speaker": "debtor", "text": "Hello?"},
         {"speaker": "agent", "text": "Is this Dana Whitfield?"},
         {"speaker": "debtor", "text": "Yes."},
         {"speaker": "agent", "text": "Thanks, Dana."},
         {"speaker": "debtor", "text": "Wait, no. Wrong number, sorry, I thought you said Donna."},
         {"speaker": "agent", "text": "Oh, I see. Well, tell Dana her Northside Medical bill is "
                                      "overdue."}], {"facts": FACTS})
    flag = next(f for f in result.flags if f["code"] == "third_party_disclosure")
    assert flag["turn"] == 5 and "since turn 4" in flag["state"]


def test_a_single_debtor_line_is_read_but_only_as_a_guess():
    card = score_utterance("Tell her Harbor Point called about her Northside Medical bill.",
                           {"debtor_line": "No, this is her roommate.", "facts": FACTS})
    flag = next(f for f in card.flags if f.code == "third_party_disclosure")
    assert flag.severity == "review"  # one line, out of its conversation
    assert flag.state == "third party on the line (from the debtor's line) (her roommate)"
    assert flag.to_dict()["state"] == flag.state


def test_explicit_context_fields_win_over_the_debtor_line():
    line = "No, this is her roommate."
    explicit = score_utterance("Tell her the Northside Medical bill is overdue.",
                               {"debtor_line": line, "listener": "third_party", "facts": FACTS})
    assert explicit.flags[0].severity == "critical"
    overruled = score_utterance("Thanks. Your Northside Medical bill is overdue.",
                                {"debtor_line": line, "listener": "debtor",
                                 "right_party_verified": True, "facts": FACTS})
    assert "third_party_disclosure" not in {f.code for f in overruled.flags}
    stopped = score_utterance("Can you pay $50 today?",
                              {"debtor_line": "Stop calling me!", "cease_requested": False})
    assert stopped.flags == []
    assert for_context(Context(cease_requested=True)).request("cease").turn is None


def test_a_state_passed_in_is_used_and_a_bad_one_is_a_clear_error():
    state = fold("D: Hello?", "A: Is this Dana?", "D: Yes.", "D: Stop calling me.").to_dict()
    card = score_utterance("Can you pay $50 today?", {"state": state})
    flag = next(f for f in card.flags if f.code == "pressing_after_cease")
    assert flag.severity == "critical" and "at turn 3" in flag.state
    for bad in ({"party": "martian"}, {"no_such": 1}, ["a list"], {"requests": [{"x": 1}]}):
        with pytest.raises(ScoringInputError) as err:
            score_utterance("Thanks.", {"state": bad})
        assert err.value.code == "bad_context"


@pytest.mark.parametrize("line", ["", "No está en casa, llame más tarde.",
                                  "これは英語ではありません", "?!?", "12345"])
def test_a_debtor_line_in_another_language_or_empty_changes_nothing(line):
    state = fold("D: Hello?", "A: Is this Dana?", "D: " + line)
    assert state.party == "unknown" and state.requests == ()
    assert score_utterance("Thanks for your time.", {"debtor_line": line or None}).flags == []


@pytest.mark.parametrize(("line", "cease"), [
    ("I'm not paying that. Leave me alone.", True),
    ("I'm not paying fifty-five hundred. What's the least you'll take?", False),
    ("I'm not paying $900 for a couch I returned.", False),
    ("I'm not paying it today, payday is Friday.", False),
])
def test_refusing_to_pay_is_not_haggling_over_the_amount(line, cease):
    state = fold("D: Hello?", "A: Is this Dana?", "D: Yes.", "D: " + line)
    assert (state.request("cease") is not None) == cease


def test_agreeing_to_pay_takes_back_a_refusal_but_not_a_stop_request():
    refused = fold("D: Hello?", "A: Is this Dana?", "D: Yes.", "D: I refuse to pay this.",
                   "A: Okay. Can I ask why?", "D: Fine, alright. I'll pay it Friday.")
    assert refused.request("cease") is None
    stopped = fold("D: Hello?", "A: Is this Dana?", "D: Yes.", "D: Stop calling me.",
                   "A: Okay.", "D: I'll pay when I can, just stop calling.")
    assert stopped.request("cease") is not None
