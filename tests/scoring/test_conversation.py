"""score_conversation: in-play aggregation, steps hit and missed, customer lines as context."""

from trainer.scoring import score_conversation, score_utterance

CALL = [
    {"speaker": "customer", "text": "Hello?"},
    {"speaker": "agent", "text": "Hi, am I speaking with Dana Whitfield?"},
    {"speaker": "customer", "text": "Yes. I lost my job last month, so money is really tight."},
    {"speaker": "agent", "text": "I'm so sorry to hear you lost your job. What would be "
                                 "manageable for you each month?",
     "context": {"right_party_verified": True}},
]


def test_steps_hit_and_missed():
    result = score_conversation(CALL, {"steps": ["verification", "reason", "promise"]})
    assert result.steps_hit == ["verification", "reason"]
    assert result.steps_missed == ["promise"]
    # "turn" is the index into the conversation as given, customer lines included
    assert [s["turn"] for s in result.steps] == [1, 3, None]


def test_customer_lines_become_the_debtor_line_of_the_next_agent_turn():
    result = score_conversation(CALL)
    assert "reflection" in {e.signal for e in result.turns[1].evidence}


def test_dimension_is_judged_on_the_turns_where_it_was_in_play():
    verify = "Am I speaking with Dana Whitfield?"
    empathic = "I'm so sorry to hear that; it sounds really hard."
    one = score_conversation([empathic])
    both = score_conversation([verify, empathic])
    assert not any(e.dimension == "empathy" and e.signal != "reading"
                   for e in score_utterance(verify).evidence)
    assert both.scores["empathy"] == one.scores["empathy"]


def test_one_outburst_pulls_the_dimension_down():
    calm = ["Thank you for your patience.", "I can set up a plan for you."]
    result = score_conversation(calm + ["STOP WASTING MY TIME!!!"])
    assert result.scores["calmness"] < score_conversation(calm).scores["calmness"] - 10


def test_to_dict_has_the_session_shape():
    data = score_conversation(CALL, {"steps": ["verification"]}).to_dict()
    assert {"scores", "overall", "steps_hit", "steps_missed", "flags", "compliance",
            "critical_fail", "turns"} <= set(data)
    assert data["turns"] == 2
