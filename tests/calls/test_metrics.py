"""Metrics on constructed audio with known answers: activity, overtalk, silence, monologue."""

import numpy as np
import pytest
from call_helpers import bursts, wav_bytes

from trainer.calls.activity import active_regions, channel_verdict
from trainer.calls.metrics import call_metrics, longest_monologue
from trainer.calls.transcript import Turn

RATE = 16000
TOLERANCE = 0.05  # seconds: one 20 ms frame each side, plus rounding
AGENT = [(0.5, 4.0), (4.6, 9.0), (14.0, 18.0)]  # a 0.6 s pause inside the first stretch
CUSTOMER = [(8.5, 11.0), (11.5, 12.0), (17.0, 17.5)]  # two overlaps: 8.5-9.0 and 17.0-17.5
DURATION = 20.0


@pytest.fixture(scope="module")
def regions():
    agent = active_regions(bursts(AGENT, DURATION, seed=1), RATE)
    customer = active_regions(bursts(CUSTOMER, DURATION, seed=2), RATE)
    return agent, customer


def test_activity_finds_the_bursts_and_fills_short_pauses(regions):
    agent, customer = regions
    expected_agent = [(0.5, 4.0), (4.6, 9.0), (14.0, 18.0)]  # 0.6 s pause: kept apart
    assert len(agent) == len(expected_agent) and len(customer) == 3
    for (a, b), (x, y) in zip(agent + customer, expected_agent + CUSTOMER, strict=True):
        assert abs(a - x) <= TOLERANCE and abs(b - y) <= TOLERANCE


def test_metrics_have_the_known_answers(regions):
    agent, customer = regions
    metrics = call_metrics(agent, customer, DURATION, [Turn("agent", "one two three", 0, 1)])
    agent_s, customer_s = 3.5 + 4.4 + 4.0, 2.5 + 0.5 + 0.5
    assert metrics["agent_talk_ratio"] == pytest.approx(agent_s / (agent_s + customer_s),
                                                        abs=0.01)
    talk = (4.0 - 0.5) + (11.0 - 4.6) + 0.5 + (18.0 - 14.0)  # the union of both sides
    assert metrics["silence_ratio"] == pytest.approx(1 - talk / DURATION, abs=0.01)
    assert metrics["overtalk_count"] == 2
    assert metrics["overtalk_s"] == pytest.approx(1.0, abs=0.1)
    # 0.5-9.0: the 0.6 s pause has no customer speech in it, so the agent keeps the floor
    assert metrics["longest_monologue_s"] == pytest.approx(8.5, abs=0.1)
    assert metrics["agent_words_per_minute"] == round(3 / (agent_s / 60))


def test_a_customer_word_in_a_pause_ends_the_monologue():
    agent = [(0.0, 5.0), (6.0, 12.0)]
    assert longest_monologue(agent, []) == (0.0, 12.0)
    assert longest_monologue(agent, [(5.2, 5.6)]) == (6.0, 12.0)
    assert longest_monologue([], []) is None


def test_touching_is_not_overtalk_and_tiny_overlaps_do_not_count():
    metrics = call_metrics([(0, 5)], [(5, 8), (7.9, 8.05)], 10.0, [])
    assert metrics["overtalk_count"] == 0


@pytest.mark.parametrize("left, right, verdict", [
    (AGENT, CUSTOMER, None),
    (AGENT, [], "right_silent"),
    ([], CUSTOMER, "left_silent"),
    ([], [], "both_silent"),
])
def test_channel_verdicts(left, right, verdict):
    assert channel_verdict(bursts(left, DURATION, seed=1), bursts(right, DURATION, seed=2),
                           RATE) == verdict


def test_two_copies_of_one_signal_are_mono():
    signal = bursts(AGENT, DURATION, seed=3)
    assert channel_verdict(signal, signal * 0.9, RATE) == "identical"


def test_constructed_stereo_audio_decodes_to_the_same_activity():
    from trainer.speech import decode_channels

    data = wav_bytes([bursts(AGENT, DURATION, 8000, 1), bursts(CUSTOMER, DURATION, 8000, 2)])
    left, right = decode_channels(data).samples
    assert len(active_regions(left, RATE)) == 3 and len(active_regions(right, RATE)) == 3
    assert np.isclose(active_regions(right, RATE)[0][0], 8.5, atol=TOLERANCE)
