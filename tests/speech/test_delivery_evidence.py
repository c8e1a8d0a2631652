"""Audio calmness evidence from delivery dicts, and the rules file's validation."""

import ast
import copy
import math
from pathlib import Path

import pytest
import yaml

from trainer.scoring import ScoringInputError
from trainer.scoring.delivery import (
    RULES_FILE,
    DeliveryRulesError,
    audio_calmness,
    delivery_evidence,
    load_delivery_rules,
)
from trainer.scoring.scorers.base import feature_config

ROOT = Path(__file__).resolve().parents[2]
# The fitted no-baseline vocal-effort ramp (delivery_fit.json): values relative to it keep
# these tests true after a refit.
EFFORT = next(s for s in load_delivery_rules()["signals"] if s["id"] == "vocal_effort")
CALM_HZ = EFFORT["absolute"]["start"] - 20.0
STRAINED_HZ = EFFORT["absolute"]["full"] + 20.0


def window(start, end, **features):
    calm = {"words_per_minute": 150.0, "syllables_per_second": 3.8, "loudness_db": -24.0,
            "pitch_median_hz": 120.0, "alpha_ratio_db": -11.0, "spectral_centroid_hz": CALM_HZ}
    return {"start_s": start, "end_s": end, "speaking_s": end - start, **calm, **features}


def delivery(windows=None, **features):
    """A calm answer of three 3-second windows, with overrides."""
    windows = windows or [window(0.0, 3.0), window(3.2, 6.2), window(6.4, 9.4)]
    d = {"duration_s": 10.0, "speaking_s": 9.4, "speech_start_s": 0.0, "speech_end_s": 9.4,
         "words_per_minute": 150.0, "syllables_per_second": 3.8, "pause_ratio": 0.04,
         "longest_pause_s": 0.2, "pitch_median_hz": 120.0, "pitch_variability_st": 2.5,
         "loudness_db": -24.0, "loudness_variability_db": 8.0, "alpha_ratio_db": -11.0,
         "spectral_centroid_hz": CALM_HZ, "longest_burst_s": 3.0,
         "bursts": [[0.0, 3.0], [3.2, 6.2], [6.4, 9.4]],
         "windows": windows}
    d.update(features)
    return d


def by_signal(evidence):
    out = {}
    for e in evidence:
        out.setdefault(e.signal, []).append(e)
    return out


def test_a_calm_delivery_earns_a_small_bonus_and_nothing_else():
    evidence = delivery_evidence(delivery())
    assert [e.signal for e in evidence] == ["calm_delivery"]
    assert 0 < evidence[0].effect <= 5 and evidence[0].dimension == "calmness"
    assert audio_calmness(delivery()) > feature_config()["base"]["calmness"]


def test_a_fast_stretch_is_located_and_explained():
    d = delivery([window(0.0, 3.0), window(3.1, 7.4, words_per_minute=192.0),
                  window(7.6, 9.4)])
    rate = by_signal(delivery_evidence(d))["speaking_rate"]
    assert len(rate) == 1
    assert (rate[0].start_s, rate[0].end_s) == (3.1, 7.4)
    assert rate[0].effect < 0
    assert rate[0].why.startswith("fast: 192 wpm") and "from 3.1 s to 7.4 s" in rate[0].why
    assert rate[0].to_dict()["start_s"] == 3.1 and "start" not in rate[0].to_dict()


def test_faster_is_less_calm_and_the_effect_is_capped_at_the_weight():
    scores = [audio_calmness(delivery([window(0, 3, words_per_minute=wpm)],
                                      words_per_minute=wpm)) for wpm in (150, 180, 210, 400)]
    assert scores[0] > scores[1] > scores[2] > scores[3]
    weight = next(s for s in load_delivery_rules()["signals"]
                  if s["id"] == "speaking_rate")["weight"]
    worst = sum(e.effect for e in delivery_evidence(
        delivery([window(0, 3, words_per_minute=999)], words_per_minute=999)))
    assert worst >= -weight - 1e-9


def test_without_words_the_syllable_rate_is_used():
    d = delivery([window(0, 3, words_per_minute=None, syllables_per_second=7.0)],
                 words_per_minute=None)
    rate = by_signal(delivery_evidence(d))["speaking_rate"][0]
    assert "syllables/s" in rate.why


def test_loudness_is_judged_against_the_baseline_not_the_microphone():
    loud = delivery([window(0, 3, loudness_db=-14.0), window(3.2, 6.2, loudness_db=-14.0)],
                    loudness_db=-14.0)
    baseline = delivery(loudness_db=-24.0)
    assert "loudness" not in by_signal(delivery_evidence(loud))  # a hot mic alone proves nothing
    judged = by_signal(delivery_evidence(loud, baseline))["loudness"]
    assert judged[0].effect < -10 and "+10.0 dB above your calm baseline" in judged[0].why


def test_one_loud_outburst_counts_at_least_half_and_is_located():
    d = delivery([window(0, 3), window(3.2, 6.2, loudness_db=-12.0), window(6.4, 9.4)])
    rules = load_delivery_rules()
    weight = next(s for s in rules["signals"] if s["id"] == "loudness")["weight"]
    loud = by_signal(delivery_evidence(d))["loudness"]  # louder than the rest of the answer
    assert [(e.start_s, e.end_s) for e in loud] == [(3.2, 6.2)]
    assert loud[0].effect <= -rules["outburst_share"] * weight + 1e-9
    assert "louder than the rest of the answer" in loud[0].why


def test_raised_pitch_only_counts_against_a_baseline():
    d = delivery([window(0, 3, pitch_median_hz=240.0)], pitch_median_hz=240.0)
    assert "pitch" not in by_signal(delivery_evidence(d))
    pitch = by_signal(delivery_evidence(d, delivery(pitch_median_hz=120.0)))["pitch"][0]
    assert "+12.0 st above your calm baseline" in pitch.why and pitch.effect < -15


def test_tense_voice_lowers_calmness_monotonically():
    start, full = EFFORT["absolute"]["start"], EFFORT["absolute"]["full"]
    scores = [audio_calmness(delivery([window(0, 3, spectral_centroid_hz=hz)],
                                      spectral_centroid_hz=hz))
              for hz in (start - 50, start + 0.3 * (full - start), start + 0.7 * (full - start),
                         full + 200)]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1] + 40
    assert scores[-1] < 40  # a strained, shouting voice is not calm, whatever the words


def test_without_a_baseline_tension_is_explained_against_the_fitted_range():
    d = delivery([window(0.0, 3.0), window(3.2, 6.2, spectral_centroid_hz=STRAINED_HZ),
                  window(6.4, 9.4)])
    effort = by_signal(delivery_evidence(d))["vocal_effort"]
    assert [(e.start_s, e.end_s) for e in effort] == [(3.2, 6.2)]
    assert effort[0].effect <= -0.5 * EFFORT["absolute"]["weight"] + 1e-9  # an outburst
    start, full = EFFORT["absolute"]["start"], EFFORT["absolute"]["full"]
    assert effort[0].why == (f"tense, raised voice: voice energy centred at {STRAINED_HZ:.0f} Hz "
                             f"(calmest voices about {start:g}, most strained about {full:g} Hz)"
                             f" from 3.2 s to 6.2 s")


def test_with_a_baseline_tension_is_the_alpha_ratio_against_it():
    d = delivery(alpha_ratio_db=-2.0, spectral_centroid_hz=STRAINED_HZ,
                 windows=[window(0, 3, alpha_ratio_db=-2.0, spectral_centroid_hz=STRAINED_HZ)])
    effort = by_signal(delivery_evidence(d, delivery()))["vocal_effort"][0]
    assert "+9.0 dB above your calm baseline" in effort.why
    assert effort.effect == pytest.approx(-EFFORT["weight"])


def test_spreads_are_compared_with_the_baseline_by_difference():
    d = delivery(pitch_variability_st=5.0, loudness_variability_db=12.0)
    found = by_signal(delivery_evidence(d, delivery(pitch_variability_st=2.5,
                                                    loudness_variability_db=8.0)))
    assert "pitch spread +2.5 st above your calm baseline" in found["pitch_variability"][0].why
    assert "+4.0 dB above your calm baseline" in found["loudness_variability"][0].why


def test_long_burst_without_a_pause():
    d = delivery(longest_burst_s=20.0, bursts=[[0.0, 20.0]], speaking_s=20.0,
                 speech_end_s=20.0)
    burst = by_signal(delivery_evidence(d))["long_burst"][0]
    assert (burst.start_s, burst.end_s) == (0.0, 20.0) and burst.effect < 0


def test_effects_add_up_to_the_audio_score():
    d = delivery([window(0, 3, words_per_minute=200.0, spectral_centroid_hz=STRAINED_HZ)],
                 loudness_variability_db=12.0, pitch_variability_st=5.0)
    total = sum(e.effect for e in delivery_evidence(d))
    neutral = feature_config()["base"]["calmness"]
    assert audio_calmness(d) == pytest.approx(max(0, min(100, neutral + total)))
    assert {"speaking_rate", "vocal_effort", "loudness_variability", "pitch_variability"} <= \
        set(by_signal(delivery_evidence(d)))


@pytest.mark.parametrize("bad", [None, "fast", float("nan"), float("inf"), True])
def test_missing_or_junk_features_are_skipped(bad):
    d = delivery([window(0, 3, spectral_centroid_hz=bad, words_per_minute=bad)],
                 spectral_centroid_hz=bad, words_per_minute=bad, pitch_variability_st=bad)
    evidence = delivery_evidence(d, {"loudness_db": bad})
    assert all(math.isfinite(e.effect) for e in evidence)


def test_too_little_speech_is_not_judged():
    assert delivery_evidence(delivery(speaking_s=0.2)) == []
    assert delivery_evidence(None) == []
    assert delivery_evidence({}) == []


@pytest.mark.parametrize("bad", ["loud", 3, ["x"]])
def test_a_delivery_that_is_not_an_object_is_a_clear_input_error(bad):
    with pytest.raises(ScoringInputError) as caught:
        delivery_evidence(bad)
    assert caught.value.code == "bad_context"


def test_shipped_rules_are_valid_and_cited():
    rules = load_delivery_rules()
    ids = [s["id"] for s in rules["signals"]]
    assert {"speaking_rate", "pitch_variability", "loudness", "loudness_variability",
            "long_burst", "vocal_effort", "pitch"} <= set(ids)
    assert all(len(s["source"]) > 40 for s in rules["signals"])


def write_rules(tmp_path, mutate):
    doc = yaml.safe_load(RULES_FILE.read_text())
    mutate(doc)
    path = tmp_path / "delivery.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["signals"][0].pop("source"), "'source' is a required property"),
    (lambda d: d["signals"][1]["baseline"].update(full=-20.0), "full must exceed start"),
    (lambda d: d["signals"][0].update(colour="red"), "colour"),
    (lambda d: d["signals"].append(copy.deepcopy(d["signals"][0])), "duplicate signal ids"),
    (lambda d: d.update(min_speaking_s=-1), "min_speaking_s"),
    (lambda d: d["signals"][0].update(scope="sometimes"), "signals/0/scope"),
])
def test_broken_rules_files_are_refused_with_the_place_named(tmp_path, mutate, message):
    path = write_rules(tmp_path, mutate)
    with pytest.raises(DeliveryRulesError) as caught:
        load_delivery_rules(path)
    assert message in str(caught.value) and "delivery.yaml" in str(caught.value)


def test_not_yaml_is_refused(tmp_path):
    path = tmp_path / "delivery.yaml"
    path.write_text("signals: [unclosed")
    with pytest.raises(DeliveryRulesError, match="cannot read"):
        load_delivery_rules(path)


def imports_of(path):
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_scoring_delivery_is_pure_python():
    assert not imports_of(ROOT / "trainer/scoring/delivery.py") & {
        "numpy", "librosa", "scipy", "flask", "sqlalchemy", "trainer"}


def test_speech_package_imports_neither_flask_nor_the_database():
    for path in (ROOT / "trainer/speech").glob("*.py"):
        assert not imports_of(path) & {"flask", "flask_sqlalchemy", "sqlalchemy"}, path.name
