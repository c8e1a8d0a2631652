"""Does the audio calmness score separate angry from calm speech? Prints AUCs on real data.

Reads the acted-emotion dev sets in place (never copied: their licences allow evaluation,
not redistribution): /work/shared/data/dev/ravdess/*.wav (RAVDESS: neutral 01, calm 02,
angry 05) and /work/shared/data/dev/emodb/*.wav (EmoDB: N neutral, W anger).

For each clip: delivery metrics from the audio alone (no words: EmoDB is German and the
sentences say nothing about emotion), then trainer.scoring.delivery.audio_calmness without
a baseline, and with a per-speaker baseline measured on the speaker's *other* neutral clips
(leave-one-out, so a neutral clip is never its own baseline).

AUC here = probability that a calm/neutral clip scores calmer than an angry one (0.5 is
chance). Raw features are reported as AUC(angry > calm): above 0.5 means higher in anger.

    .venv/bin/python benchmarks/calmness_audio.py [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from trainer.scoring.delivery import audio_calmness
from trainer.speech import decode_audio
from trainer.speech.delivery import measure_delivery

DEFAULT_DATA = Path("/work/shared/data/dev")
FEATURES = ("syllables_per_second", "pause_ratio", "pitch_median_hz",
            "pitch_variability_st", "loudness_db", "loudness_variability_db", "alpha_ratio_db",
            "longest_burst_s")
RELATIVE = {"loudness_db": "dB", "pitch_median_hz": "st", "alpha_ratio_db": "dB",
            "pitch_variability_st": "st", "loudness_variability_db": "dB"}
GAP = np.zeros(8000, np.float32)  # 0.5 s between clips joined into one baseline read-aloud


def ravdess_label(path: Path) -> tuple[str, str] | None:
    """(speaker, 'angry'|'neutral'|'calm') from 03-01-EE-II-SS-RR-AA.wav."""
    parts = path.stem.split("-")
    emotion = {"01": "neutral", "02": "calm", "05": "angry"}.get(parts[2])
    return (f"ravdess-{parts[6]}", emotion) if emotion else None


def emodb_label(path: Path) -> tuple[str, str] | None:
    """(speaker, 'angry'|'neutral') from the 6th character of the EmoDB name."""
    emotion = {"W": "angry", "N": "neutral"}.get(path.stem[5])
    return (f"emodb-{path.stem[:2]}", emotion) if emotion else None


def auc(positive: list[float], negative: list[float]) -> float:
    """Mann-Whitney AUC: P(positive > negative), ties count half."""
    pos, neg = np.asarray(positive, float), np.asarray(negative, float)
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def load_clips(folder: Path, labeller) -> list[dict]:
    """Decode and measure every labelled clip of one set."""
    clips = []
    for path in sorted(folder.glob("*.wav")):
        label = labeller(path)
        if label is None:
            continue
        samples = decode_audio(path).samples
        clips.append({"path": path, "speaker": label[0], "emotion": label[1],
                      "samples": samples, "delivery": measure_delivery(samples)})
    return clips


def add_baselines(clips: list[dict]) -> None:
    """Each clip's baseline: the speaker's other neutral clips joined into one read-aloud."""
    for clip in clips:
        others = [c["samples"] for c in clips if c["speaker"] == clip["speaker"]
                  and c["emotion"] == "neutral" and c["path"] != clip["path"]]
        joined = np.concatenate([part for s in others for part in (s, GAP)])
        clip["baseline"] = measure_delivery(joined)


def evaluate(name: str, clips: list[dict]) -> dict:
    """Score AUCs with and without baseline, per-feature AUCs, and class means."""
    angry = [c for c in clips if c["emotion"] == "angry"]
    calm = [c for c in clips if c["emotion"] != "angry"]
    for clip in clips:
        clip["score"] = audio_calmness(clip["delivery"])
        clip["score_baseline"] = audio_calmness(clip["delivery"], clip["baseline"])
    result = {"set": name, "angry": len(angry), "calm_or_neutral": len(calm),
              "speakers": len({c["speaker"] for c in clips})}
    for key in ("score", "score_baseline"):
        result[f"auc_{key}"] = auc([c[key] for c in calm], [c[key] for c in angry])
        result[f"mean_{key}_calm"] = statistics.fmean(c[key] for c in calm)
        result[f"mean_{key}_angry"] = statistics.fmean(c[key] for c in angry)
    features = {}
    for feature in FEATURES:
        pos = [c["delivery"][feature] for c in angry if c["delivery"][feature] is not None]
        neg = [c["delivery"][feature] for c in calm if c["delivery"][feature] is not None]
        features[feature] = auc(pos, neg)
    for feature, unit in RELATIVE.items():
        def rel(c, feature=feature, unit=unit):
            value, ref = c["delivery"][feature], c["baseline"][feature]
            if value is None or ref is None:
                return None
            return 12 * np.log2(value / ref) if unit == "st" else value - ref
        pos = [v for c in angry if (v := rel(c)) is not None]
        neg = [v for c in calm if (v := rel(c)) is not None]
        features[f"{feature} vs baseline"] = auc(pos, neg)
    result["feature_auc_angry_higher"] = features
    return result


def print_result(r: dict, seconds: float) -> None:
    """Readable report of one set."""
    print(f"\n== {r['set']}: {r['angry']} angry vs {r['calm_or_neutral']} calm/neutral, "
          f"{r['speakers']} speakers ({seconds:.1f} s to decode and measure)")
    print("calmness score AUC (calm above angry):")
    print(f"  no baseline      {r['auc_score']:.3f}   mean calm {r['mean_score_calm']:.1f}"
          f"  angry {r['mean_score_angry']:.1f}")
    print(f"  speaker baseline {r['auc_score_baseline']:.3f}   mean calm "
          f"{r['mean_score_baseline_calm']:.1f}  angry {r['mean_score_baseline_angry']:.1f}")
    print("raw feature AUC (angry higher; <0.5 means lower in anger):")
    for feature, value in r["feature_auc_angry_higher"].items():
        print(f"  {feature:36s} {value:.3f}")


def main(argv: list[str] | None = None) -> int:
    """Run both sets and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = []
    for name, labeller in (("ravdess", ravdess_label), ("emodb", emodb_label)):
        folder = args.data / name
        if not folder.is_dir():
            print(f"{folder}: not found, skipped", file=sys.stderr)
            continue
        started = time.perf_counter()
        clips = load_clips(folder, labeller)
        add_baselines(clips)
        seconds = time.perf_counter() - started
        result = evaluate(name, clips)
        results.append(result)
        if not args.json:
            print_result(result, seconds)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
