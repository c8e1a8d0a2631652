"""The no-baseline fit (delivery_fit) and how its file merges into the rules (delivery_rules)."""

import json

import pytest
import yaml

from trainer.scoring.delivery import (
    FIT_FILE,
    RULES_FILE,
    DeliveryRulesError,
    audio_calmness,
    delivery_evidence,
    fitted_features,
    load_delivery_rules,
    read_rules,
    with_fit,
)
from trainer.scoring.delivery_fit import fit
from trainer.speech.acted_speech import Clip, emodb_label, ravdess_label


def clip(speaker, angry, hz, n=0):
    return Clip(f"{speaker}-{n}", speaker, angry, {"spectral_centroid_hz": hz})


def speakers(offsets):
    """Each speaker: calm clips at 400-490 Hz and angry ones at 700-790 Hz, plus an offset."""
    return [clip(s, angry, base + offset + 10 * i, i)
            for s, offset in offsets.items()
            for angry, base in ((False, 400.0), (True, 700.0)) for i in range(10)]


def test_ramps_span_the_calm_tenth_to_the_strained_tenth_and_take_the_points():
    fitted = fit(speakers({"a": 0.0, "b": 50.0}))
    effort = fitted["signals"]["vocal_effort"]
    assert effort["feature"] == "spectral_centroid_hz"
    assert 400 <= effort["start"] <= 430  # the calm clips' 10th percentile
    assert 800 <= effort["full"] <= 840  # the angry clips' 90th percentile
    assert effort["weight"] == read_rules()["fit_points"]
    assert fitted["speakers"] == ["a", "b"] and fitted["clips"] == 40


def test_every_speaker_weighs_the_same_however_many_clips_they_have():
    once = speakers({"a": 0.0, "b": 300.0})
    a_three_times = once + [c for c in once if c.speaker == "a"] * 2
    assert fit(a_three_times)["signals"] == fit(once)["signals"]


def test_a_feature_that_is_not_higher_in_anger_gets_no_weight_and_no_evidence():
    flipped = [clip(c.speaker, not c.angry, c.delivery["spectral_centroid_hz"], i)
               for i, c in enumerate(speakers({"a": 0.0}))]
    fitted = fit(flipped)
    assert fitted["signals"]["vocal_effort"]["weight"] == 0.0
    rules = with_fit(read_rules(), fitted)
    loud = {"speaking_s": 3.0, "speech_start_s": 0.0, "speech_end_s": 3.0,
            "spectral_centroid_hz": 5000.0}
    assert "vocal_effort" not in {e.signal for e in delivery_evidence(loud, rules=rules)}


def test_a_fitted_ramp_changes_the_score_it_is_merged_into():
    strained = {"speaking_s": 3.0, "speech_start_s": 0.0, "speech_end_s": 3.0,
                "spectral_centroid_hz": 900.0}
    low = with_fit(read_rules(), fit(speakers({"a": 0.0})))  # full at about 790 Hz
    high = with_fit(read_rules(), fit(speakers({"a": 400.0})))  # start at about 800 Hz
    assert audio_calmness(strained, rules=low) < audio_calmness(strained, rules=high) - 30


def test_the_shipped_fit_matches_the_rules():
    shipped = json.loads(FIT_FILE.read_text())
    assert set(shipped["signals"]) == set(fitted_features(read_rules()))
    assert len(shipped["speakers"]) >= 6  # RAVDESS 01-04, EmoDB 03 and 08


def write(tmp_path, rules_doc, fit_doc):
    rules, fitted = tmp_path / "delivery.yaml", tmp_path / "delivery_fit.json"
    rules.write_text(yaml.safe_dump(rules_doc))
    fitted.write_text(fit_doc if isinstance(fit_doc, str) else json.dumps(fit_doc))
    return rules, fitted


@pytest.mark.parametrize(("fit_doc", "message"), [
    ({"signals": {}}, "vocal_effort/absolute: not fitted for spectral_centroid_hz"),
    ({"signals": {"vocal_effort": {"feature": "alpha_ratio_db", "start": 0, "full": 1,
                                   "weight": 5}}}, "not fitted for spectral_centroid_hz"),
    ({"signals": {"vocal_effort": {"feature": "spectral_centroid_hz", "start": 900,
                                   "full": 400, "weight": 5}}}, "full must exceed start"),
    ({"signals": {"vocal_effort": {"feature": "spectral_centroid_hz", "start": 400,
                                   "full": 900, "weight": 500}}}, "greater than the maximum"),
    ("{not json", "cannot read"),
])
def test_a_broken_or_stale_fit_is_refused_with_the_place_named(tmp_path, fit_doc, message):
    rules, fitted = write(tmp_path, yaml.safe_load(RULES_FILE.read_text()), fit_doc)
    with pytest.raises(DeliveryRulesError, match=message):
        load_delivery_rules(rules, fitted)


@pytest.mark.parametrize(("name", "label"), [
    ("03-01-05-02-01-01-03", ("ravdess-03", True)),
    ("03-01-02-01-01-01-03", ("ravdess-03", False)),
    ("03-01-03-01-01-01-03", None),  # happy: not used
    ("08a01Wa", ("emodb-08", True)),
    ("03b10Nc", ("emodb-03", False)),
    ("03a02Fd", None),
])
def test_clip_labels_come_from_the_file_names(name, label):
    found = ravdess_label(name) if name.count("-") == 6 else emodb_label(name)
    assert found == label
