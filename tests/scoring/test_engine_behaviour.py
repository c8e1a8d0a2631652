"""What the engine must get right beyond sentiment: the cases SCORING.md says VADER misreads,
caps on aggression, 'but' + demand, pseudo-empathy, negation, fillers and context."""

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from trainer.scoring import score_utterance
from trainer.scoring.engine import analyse
from trainer.scoring.types import Context


def signals(card, dimension=None):
    return {e.signal for e in card.evidence if dimension in (None, e.dimension)}


def test_empathy_statement_is_not_negative_like_plain_vader():
    text = "I understand this is a really difficult time for you."
    assert SentimentIntensityAnalyzer().polarity_scores(text)["compound"] < 0
    card = score_utterance(text)
    assert card.scores["empathy"] >= 60
    assert card.scores["positive_language"] >= 50
    assert {"acknowledge_feelings", "validate_difficulty"} <= signals(card, "empathy")


def test_threat_is_not_positive_like_plain_vader():
    text = "If you don't pay today we will sue you and garnish your wages."
    assert SentimentIntensityAnalyzer().polarity_scores(text)["compound"] > 0
    card = score_utterance(text)
    assert card.scores["positive_language"] < 40
    assert card.scores["empathy"] < 40
    assert "threat_legal" in {f.code for f in card.flags}
    assert not any(e.signal == "tone" and e.effect > 0 for e in card.evidence)


@pytest.mark.parametrize("text", [
    "We are not going to sue you.",
    "Nobody is going to arrest you over this.",
    "I won't call your employer, that's not how we work.",
    "Nobody's going to sue you or turn up at your door; let's find a payment that works.",
])
def test_negated_threats_are_not_threats(text):
    card = score_utterance(text)
    assert not {"threat", "threat_legal", "threat_arrest", "threat_third_party"} & card.tags
    assert not card.flags


@pytest.mark.parametrize("text", [
    "If you don't pay today we will sue you.",
    "You don't want to end up in court, do you?",
    "People who don't pay end up in jail in this state.",
])
def test_conditional_or_veiled_threats_stay_threats(text):
    assert "threat" in score_utterance(text).tags


@pytest.mark.parametrize(("text", "tag"), [
    ("IF YOU DON'T PAY TODAY WE WILL HAVE YOU ARRESTED.", "threat_arrest"),
    ("You people are deadbeats, pay what you owe.", "insult"),
    ("PAY THE BALANCE NOW.", "shouting"),
])
def test_aggression_caps_assertiveness_and_calmness(text, tag):
    card = score_utterance(text)
    assert tag in card.tags
    assert card.scores["assertiveness"] <= 55
    assert card.scores["calmness"] <= 35


def test_a_cap_is_evidence_pointing_at_its_trigger():
    text = "THANK YOU SO MUCH, I CAN SET UP A PLAN FOR YOU, PLEASE CALL ME BACK"
    card = score_utterance(text)
    cap = next(e for e in card.evidence if e.signal == "cap_shouting" and e.dimension == "calmness")
    assert card.scores["calmness"] == 35
    assert cap.effect < 0 and cap.why.startswith("capped at 35")
    assert cap.text == text[cap.start:cap.end] and cap.text.isupper()


def test_a_firm_clear_ask_is_assertive_without_aggression():
    card = score_utterance("Can you make a payment of $200 by Friday? I'll email the confirmation.")
    assert card.scores["assertiveness"] >= 70
    assert card.scores["calmness"] >= 70
    assert not card.flags


def test_empathy_then_but_and_a_demand_keeps_only_part_of_the_credit():
    plain = score_utterance("I understand this is a difficult time.")
    but = score_utterance("I understand this is a difficult time, but you need to pay today.")
    assert but.scores["empathy"] < plain.scores["empathy"]
    for dimension in ("empathy", "positive_language"):
        discount = [e for e in but.evidence
                    if e.signal == "but_demand" and e.dimension == dimension]
        assert len(discount) == 1 and discount[0].effect < 0
        assert discount[0].text.startswith("but")
    credit = sum(m.signal.effects.get("empathy", 0) for m in analyse(but.text, Context()).matches
                 if m.signal.effects.get("empathy", 0) > 0 and m.end <= but.text.index("but"))
    halved = next(e for e in but.evidence if e.signal == "but_demand" and e.dimension == "empathy")
    assert halved.effect == -credit / 2



@pytest.mark.parametrize("text", [
    "I'm sorry you feel that way.", "Calm down, there's no need to get upset.",
])
def test_pseudo_empathy_lowers_empathy(text):
    card = score_utterance(text)
    assert card.scores["empathy"] < 25
    assert "dismissive" in card.tags


def test_fillers_count_only_when_typed():
    text = "Um, so, uh, can you pay something today?"
    typed = score_utterance(text, {"source": "typed"})
    spoken = score_utterance(text, {"source": "transcribed"})
    assert "filler" in signals(typed) and "filler" not in signals(spoken)
    assert typed.scores["assertiveness"] < spoken.scores["assertiveness"]


def test_reflecting_the_debtors_words_raises_empathy():
    line = "The hospital bills came the same month I lost my job."
    reflect = score_utterance("So the hospital bills and the job both hit at once.",
                              {"debtor_line": line})
    unrelated = score_utterance("So the hospital bills and the job both hit at once.")
    assert "reflection" in signals(reflect, "empathy")
    assert reflect.scores["empathy"] > unrelated.scores["empathy"]


def test_an_acronym_is_not_shouting_but_capitals_are():
    assert "shouting" not in score_utterance("Hi, this is Sam from ABC Collections.").tags
    assert "shouting" in score_utterance("This is your FINAL warning").tags


def test_suggestions_target_the_weakest_dimension_and_fit_the_situation():
    card = score_utterance("You have to pay.", {"debtor_line": "I lost my job last week."})
    weakest = min(card.scores, key=card.scores.get)
    assert card.suggestions and all(s["dimension"] == weakest for s in card.suggestions)
    assert any("job" in s["text"] for s in card.suggestions) or weakest != "empathy"


def test_suggestions_never_press_after_a_cease_request():
    card = score_utterance("Okay.", {"debtor_line": "Stop calling me.", "cease_requested": True})
    for tip in card.suggestions:
        again = score_utterance(tip["text"], {"cease_requested": True})
        assert not again.flags, (tip, again.flags)


def test_tags_include_signal_ids_flags_and_derived_tags():
    card = score_utterance("Thank you. Can you pay $50 on Friday?")
    assert {"thanks", "explicit_ask", "payment_ask", "amount", "date", "question"} <= card.tags


def test_scorecard_json_shape_matches_interfaces():
    data = score_utterance("I understand. Can you pay $50 by Friday?").to_dict()
    assert set(data) >= {"text", "scores", "overall", "evidence", "flags"}
    assert set(data["scores"]) == {"empathy", "positive_language", "assertiveness", "calmness"}
    for ev in data["evidence"]:
        assert {"dimension", "start", "end", "text", "effect", "signal", "why"} <= set(ev)


@pytest.mark.parametrize(("needling", "plain", "signal"), [
    ("Bit late to be worrying about your credit now, isn't it?",
     "It's a good time to look at your credit now.", "tag_question"),
    ("Let me stop you there. I need to know if you're paying.",
     "Thanks for explaining. I need to know if you're able to pay.", "cut_off"),
    ("Oh, identity theft. Cool story.", "Oh, identity theft. Let's look into that.", "sarcasm"),
])
def test_needling_wording_is_less_calm_than_plain_wording(needling, plain, signal):
    card = score_utterance(needling)
    assert signal in {e.signal for e in card.evidence if e.dimension == "calmness"}
    assert card.scores["calmness"] < score_utterance(plain).scores["calmness"] - 15


def test_a_polite_would_you_tag_is_not_needling():
    card = score_utterance("No worries. Just let him know Rita called, would you? Cheers.")
    assert "tag_question" not in {e.signal for e in card.evidence}
