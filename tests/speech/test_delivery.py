"""Delivery metrics on controlled audio: known pitch, gain, inserted silence, pace."""

import json
import math

import numpy as np
import pytest
from speech_helpers import tone

from trainer.speech import AudioError, decode_audio, measure_baseline, transcribe
from trainer.speech.delivery import measure_delivery

HEADLINE = ("words_per_minute", "pause_ratio", "longest_pause_s", "pitch_median_hz",
            "pitch_variability_st", "loudness_db", "loudness_variability_db")


def whole(samples, rate=16000):
    """Treat the whole signal as speech (tones are not speech to the VAD)."""
    return [(0.0, len(samples) / rate)]


@pytest.mark.parametrize("freq", [90.0, 220.0, 440.0])
def test_a_tone_gives_its_pitch(freq):
    samples = tone(freq)
    d = measure_delivery(samples, speech=whole(samples))
    assert abs(d["pitch_median_hz"] - freq) < 0.01 * freq
    assert d["pitch_variability_st"] < 0.1


def test_a_one_octave_glide_spans_about_twelve_semitones():
    samples = tone((150.0, 300.0), seconds=3.0)
    d = measure_delivery(samples, speech=whole(samples))
    assert 150 * 2 ** 0.4 < d["pitch_median_hz"] < 150 * 2 ** 0.6  # the middle of the glide
    assert 9.0 < d["pitch_range_st"] < 10.5  # p10..p90 of an even 12-semitone sweep = 9.6
    assert 3.0 < d["pitch_variability_st"] < 3.9  # sd of a uniform 12 st spread = 3.46


def test_sine_level_in_dbfs():
    samples = tone(440.0, amplitude=0.5)
    d = measure_delivery(samples, speech=whole(samples))
    assert abs(d["loudness_db"] - 20 * math.log10(0.5 / math.sqrt(2))) < 0.2


@pytest.mark.parametrize("gain_db", [-12.0, -6.0, 6.0])
def test_gain_shifts_loudness_by_that_many_db_and_nothing_else(answer_samples, gain_db):
    base = measure_delivery(answer_samples)
    louder = measure_delivery(answer_samples * np.float32(10 ** (gain_db / 20)))
    assert abs(louder["loudness_db"] - base["loudness_db"] - gain_db) < 0.3
    assert abs(louder["loudness_variability_db"] - base["loudness_variability_db"]) < 0.3
    assert abs(louder["pitch_median_hz"] - base["pitch_median_hz"]) < 1.0
    assert abs(louder["alpha_ratio_db"] - base["alpha_ratio_db"]) < 0.3


def test_inserted_silence_is_measured_as_a_pause(answer_samples):
    base = measure_delivery(answer_samples)
    cut = int(2.78 * 16000)  # inside the short pause between the two sentences
    gap = np.zeros(int(1.5 * 16000), np.float32)
    longer = measure_delivery(np.concatenate([answer_samples[:cut], gap, answer_samples[cut:]]))
    assert abs(longer["longest_pause_s"] - base["longest_pause_s"] - 1.5) < 0.2
    assert longer["pause_ratio"] > base["pause_ratio"] + 0.15
    # a pause of a second or more is thinking time, not speaking time
    assert abs(longer["speaking_s"] - base["speaking_s"]) < 0.4
    assert [round(a) for a in longer["pauses"][-1]] == [3, 4]


@pytest.mark.slow
def test_fast_speech_ranks_above_slow_speech(audio_dir):
    rates = {}
    for name in ("fast.flac", "slow.flac"):
        audio = decode_audio(audio_dir / name)
        result = transcribe(audio)
        d = measure_delivery(audio.samples, result.words, speech=result.speech)
        rates[name] = (d["words_per_minute"], d["syllables_per_second"])
    assert rates["fast.flac"][0] > 1.5 * rates["slow.flac"][0]
    assert rates["fast.flac"][0] > 200 and rates["slow.flac"][0] < 170
    assert rates["fast.flac"][1] > 1.4 * rates["slow.flac"][1]  # audio-only agrees


def test_audio_only_rate_without_words(audio_dir):
    fast = measure_delivery(decode_audio(audio_dir / "fast.flac").samples)
    slow = measure_delivery(decode_audio(audio_dir / "slow.flac").samples)
    assert fast["words_per_minute"] is None and fast["words"] is None
    assert fast["syllables_per_second"] > 1.4 * slow["syllables_per_second"]


def test_words_give_the_rate_over_speaking_time(answer_samples):
    words = [{"word": "w", "start": i * 0.3, "end": i * 0.3 + 0.2} for i in range(16)]
    d = measure_delivery(answer_samples, words)
    assert d["words"] == 16
    assert d["words_per_minute"] == pytest.approx(16 / d["speaking_s"] * 60, abs=0.5)


def test_windows_cover_the_speech_in_order(answer_samples):
    d = measure_delivery(answer_samples)
    assert d["windows"]
    starts = [w["start_s"] for w in d["windows"]]
    assert starts == sorted(starts)
    assert d["windows"][0]["start_s"] == d["speech_start_s"]
    assert d["windows"][-1]["end_s"] == d["speech_end_s"] <= d["duration_s"]


def test_long_speech_is_split_into_windows_and_bursts(answer_samples):
    joined = np.concatenate([answer_samples] * 4)  # ~22 s; the gaps between copies are short
    d = measure_delivery(joined)
    assert len(d["windows"]) >= 6
    assert all(w["speaking_s"] <= 4.0 for w in d["windows"])
    assert d["longest_burst_s"] > 5


def test_silence_gives_an_empty_but_valid_dict(audio_dir):
    d = measure_delivery(decode_audio(audio_dir / "silence.wav").samples)
    assert d["speaking_s"] == 0 and d["words_per_minute"] is None
    assert d["pitch_median_hz"] is None and d["windows"] == []
    json.dumps(d)


def test_result_is_plain_json_with_the_interface_keys(answer_samples):
    d = measure_delivery(answer_samples, [{"word": "x", "start": 0.1, "end": 0.3}])
    assert set(HEADLINE) <= set(d) and {"duration_s", "speaking_s", "windows"} <= set(d)

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (int, float, str, bool)

    assert plain(d)  # no numpy scalars: the dict goes straight into JSON and the database


def test_baseline_needs_enough_speech(audio_dir, answer_samples):
    with pytest.raises(AudioError) as caught:
        measure_baseline(audio_dir / "silence.wav")
    assert caught.value.code == "no_speech"
    baseline = measure_baseline(audio_dir / "answer.wav")
    assert baseline["loudness_db"] == measure_delivery(answer_samples)["loudness_db"]
