"""Which evidence becomes a <mark> in the answer, and which is only listed."""

from trainer.display.highlight import segments
from trainer.scoring import score_utterance

TEXT = "I understand. Could you manage $50 this Friday?"


def test_the_reading_layers_rest_of_the_wording_is_listed_not_marked():
    card = score_utterance(TEXT).to_dict()
    whole = [e for e in card["evidence"] if (e["start"], e["end"]) == (0, len(TEXT))]
    assert whole and all(e["signal"] == "reading" for e in whole)
    marked = [item for seg in segments(card) for item in seg.items]
    assert marked  # the named signals and the reading layer's words are still marked
    assert not any((i["start"], i["end"]) == (0, len(TEXT)) for i in marked)
    # "I understand" raises empathy: its segment stays "up", not painted by a whole-answer item
    understand = next(seg for seg in segments(card) if "understand" in seg.text)
    assert understand.direction == "up"


def test_a_signal_that_covers_the_whole_answer_is_still_marked():
    card = {"text": "Calm down.", "evidence": [
        {"dimension": "calmness", "signal": "calm_down", "effect": -20, "why": "x",
         "start": 0, "end": 9}], "flags": []}
    assert [seg.items[0]["signal"] for seg in segments(card) if seg.items] == ["calm_down"]


def test_a_flag_marks_down_whatever_the_points():
    card = {"text": "We will sue you, thanks.", "evidence": [
        {"dimension": "positive_language", "signal": "thanks", "effect": 30, "why": "x",
         "start": 0, "end": 23}],
        "flags": [{"code": "threat_legal", "rule": "FDCPA", "why": "y", "start": 0, "end": 14,
                   "severity": "major"}]}
    directions = {seg.text: seg.direction for seg in segments(card) if seg.items}
    assert directions == {"We will sue yo": "down", "u, thanks": "up"}
