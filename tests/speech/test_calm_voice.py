"""Calmness from the voice on constructed signals: the same speech made brighter, higher or
louder in one stretch scores less calm; turning the gain up or down alone does not."""

import numpy as np
import pytest
from scipy.signal import resample_poly

from trainer.scoring import score_utterance
from trainer.scoring.delivery import audio_calmness, delivery_evidence
from trainer.speech import decode_audio
from trainer.speech.delivery import measure_delivery


def rms(y):
    return float(np.sqrt(np.mean(np.square(y, dtype=np.float64))))


def same_level(y, like):
    return (y * rms(like) / rms(y)).astype(np.float32)


def signals(evidence):
    return {e.signal: e for e in evidence}


@pytest.fixture(scope="module")
def calm(answer_samples):
    return measure_delivery(answer_samples)


def test_a_brighter_voice_scores_less_calm(answer_samples, calm):
    # pre-emphasis tilts the spectrum up, as pressing the voice does
    brighter = same_level(np.append(answer_samples[0], np.diff(answer_samples)), answer_samples)
    bright = measure_delivery(brighter)
    assert bright["spectral_centroid_hz"] > calm["spectral_centroid_hz"] + 200
    assert audio_calmness(bright) < audio_calmness(calm) - 15


def test_a_higher_pitched_voice_scores_less_calm(answer_samples, calm):
    higher = resample_poly(answer_samples, 4, 5).astype(np.float32)  # 25 % higher, 4 st
    high = measure_delivery(higher)
    assert high["pitch_median_hz"] == pytest.approx(1.25 * calm["pitch_median_hz"], rel=0.05)
    assert audio_calmness(high) < audio_calmness(calm) - 5
    # against the speaker's own calm voice the raised pitch itself is named
    pitch = signals(delivery_evidence(high, calm))["pitch"]
    assert pitch.effect < 0 and "above your calm baseline" in pitch.why


def test_a_stretch_louder_than_the_rest_of_the_answer_is_located(answer_samples, calm):
    louder = answer_samples.copy()
    louder[int(2.8 * 16000):] *= 4.0  # the second sentence 12 dB up
    loud = measure_delivery(np.clip(louder, -1, 1))
    found = signals(delivery_evidence(loud))["loudness"]
    assert found.effect < 0 and found.start_s >= 2.5 and found.end_s <= loud["duration_s"]
    assert "louder than the rest of the answer" in found.why
    assert audio_calmness(loud) < audio_calmness(calm) - 5


@pytest.mark.parametrize("gain", [0.1, 0.3, 3.0])
def test_the_microphone_gain_alone_changes_nothing(answer_samples, calm, gain):
    other = measure_delivery(np.clip(answer_samples * gain, -1, 1))
    assert audio_calmness(other) == pytest.approx(audio_calmness(calm), abs=2)


def test_a_clipped_shout_scores_low_against_the_same_words_said_calmly(audio_dir):
    shout = measure_delivery(decode_audio(audio_dir / "shout_clipped.flac").samples)
    same = measure_delivery(decode_audio(audio_dir / "shout_calm.flac").samples)
    assert audio_calmness(shout) < 40
    assert audio_calmness(shout) < audio_calmness(same) - 10


def test_audio_evidence_in_the_scorecard_points_at_seconds_and_says_why(audio_dir):
    shout = measure_delivery(decode_audio(audio_dir / "shout_clipped.flac").samples)
    card = score_utterance("Pay it now. I said pay it now.", {"delivery": shout,
                                                              "source": "transcribed"})
    typed = score_utterance("Pay it now. I said pay it now.")
    assert card.scores["calmness"] < typed.scores["calmness"] - 30
    audio = [e for e in card.to_dict()["evidence"] if e["signal"] == "vocal_effort"]
    assert audio and all(e["dimension"] == "calmness" and e["effect"] < 0 for e in audio)
    for item in audio:
        assert 0 <= item["start_s"] < item["end_s"] <= shout["duration_s"]
        assert item["why"].startswith("tense, raised voice: voice energy centred at")
        assert f"from {item['start_s']:.1f} s to {item['end_s']:.1f} s" in item["why"]
