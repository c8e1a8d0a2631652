"""Does the audio calmness score separate angry from calm speech on speakers it was not fitted
on? Prints leave-one-speaker-out AUCs, per speaker and pooled, clean and through browser-like
and phone-like chains.

Reads the acted-emotion dev sets in place (never copied: their licences allow evaluation,
not redistribution): DATA/ravdess/*.wav (RAVDESS actors 01-04: neutral 01, calm 02, angry 05)
and DATA/emodb/*.wav (EmoDB speakers 03 and 08: N neutral, W anger). The sentences are
neutral, so only the sound is scored (trainer.scoring.delivery.audio_calmness).

Leave-one-speaker-out: for each speaker, delivery_fit.fit refits every fitted ramp and weight
on the other speakers' clean clips, and only that speaker's clips are scored with it. Per
speaker = AUC over that speaker's own clips; pooled = one AUC over every clip's held-out score
(so it also needs the scale to hold across speakers). With a baseline, each clip is judged
against its speaker's *other* neutral clips joined into one read-aloud.

AUC = probability that a calm/neutral clip scores calmer than an angry one (0.5 is chance,
ties count half). Feature AUCs are P(angry higher).

    .venv/bin/python benchmarks/calmness_audio.py [--data DIR] [--rules YAML] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import numpy as np

from trainer.scoring.delivery import audio_calmness, read_rules, with_fit
from trainer.scoring.delivery_fit import fit
from trainer.speech import decode_audio, measure_delivery
from trainer.speech.acted_speech import DEFAULT_DATA, Clip, load_acted_speech

RATE = 16000
FEATURES = ("spectral_centroid_hz", "alpha_ratio_db", "loudness_variability_db",
            "pitch_variability_st", "pitch_range_st", "pitch_median_hz", "loudness_db",
            "syllables_per_second")
GAP = np.zeros(RATE // 2, np.float32)  # 0.5 s between clips joined into one baseline


def auc(calm: list[float], angry: list[float]) -> float:
    """Mann-Whitney AUC: P(calm > angry), ties count half."""
    pos, neg = np.asarray(calm, float), np.asarray(angry, float)
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


# -- browser- and phone-like chains -------------------------------------------------------

def random_gain(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A microphone level anywhere from -15 to +15 dB, clipped at full scale."""
    return np.clip(y * 10 ** (rng.uniform(-15, 15) / 20), -1, 1).astype(np.float32)


def agc(y: np.ndarray, target_db: float = -20.0) -> np.ndarray:
    """AGC-like levelling: the 200 ms level pulled to target_db (-10..+30 dB of gain), the
    gain smoothed over about 0.3 s as WebRTC's AGC does, then clipped at full scale."""
    from scipy.signal import lfilter

    power = np.convolve(y.astype(np.float64) ** 2, np.ones(RATE // 5) / (RATE // 5), "same")
    gain_db = np.clip(target_db - 10 * np.log10(power + 1e-10), -10, 30)
    smooth = 1 - np.exp(-1 / (0.3 * RATE))
    gain_db = lfilter([smooth], [1, smooth - 1], gain_db, zi=[gain_db[0] * (1 - smooth)])[0]
    return np.clip(y * 10 ** (gain_db / 20), -1, 1).astype(np.float32)


def high_pass(y: np.ndarray, hz: float = 80.0) -> np.ndarray:
    """The low-cut filter of WebRTC's audio processing."""
    from scipy.signal import butter, sosfilt

    return sosfilt(butter(2, hz, "highpass", fs=RATE, output="sos"), y).astype(np.float32)


def opus(y: np.ndarray, bit_rate: int = 24000) -> np.ndarray:
    """Encoded to opus in webm (what MediaRecorder sends) through PyAV, and decoded back."""
    import av

    buffer = io.BytesIO()
    frame = av.AudioFrame.from_ndarray((np.clip(y, -1, 1)[None, :] * 32767).astype(np.int16),
                                       format="s16", layout="mono")
    frame.sample_rate = RATE
    with av.open(buffer, "w", format="webm") as out:
        stream = out.add_stream("libopus", rate=48000, layout="mono")
        stream.bit_rate = bit_rate
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=48000)
        for piece in [*resampler.resample(frame), *resampler.resample(None)]:
            out.mux(stream.encode(piece))
        out.mux(stream.encode(None))
    return decode_audio(buffer.getvalue()).samples


def band_limit_8k(y: np.ndarray) -> np.ndarray:
    """Down to 8 kHz sampling (a phone line keeps below 4 kHz) and back up."""
    from scipy.signal import resample_poly

    return resample_poly(resample_poly(y, 1, 2), 2, 1).astype(np.float32)


def chains() -> dict:
    """name -> function(samples, rng) of the simulated recording chains."""
    def browser(y, rng):
        return opus(agc(high_pass(random_gain(y, rng))))

    return {"random gain -15..+15 dB, clipped": random_gain,
            "AGC-like levelling": lambda y, rng: agc(y),
            "opus 24 kbit/s in webm": lambda y, rng: opus(y),
            "8 kHz band limit": lambda y, rng: band_limit_8k(y),
            "browser chain (gain, 80 Hz low-cut, AGC, opus)": browser,
            "phone chain (browser chain, then 8 kHz)": lambda y, rng: band_limit_8k(
                browser(y, rng))}


# -- leave-one-speaker-out ----------------------------------------------------------------

def fold_rules(clips: list[Clip], raw: dict) -> dict[str, dict]:
    """speaker -> rules fitted on every other speaker's clips."""
    speakers = sorted({c.speaker for c in clips})
    return {s: with_fit(raw, fit([c for c in clips if c.speaker != s], raw)) for s in speakers}


def add_baselines(clips: list[Clip]) -> dict[str, dict]:
    """clip name -> its speaker's other neutral clips, joined and measured as a read-aloud."""
    out = {}
    for clip in clips:
        others = [c.samples for c in clips if c.speaker == clip.speaker and not c.angry
                  and c.name != clip.name and _neutral(c)]
        out[clip.name] = measure_delivery(np.concatenate([p for s in others for p in (s, GAP)]))
    return out


def _neutral(clip: Clip) -> bool:
    return clip.name[5] == "N" if clip.speaker.startswith("emodb") else clip.name[6:8] == "01"


def aucs(clips: list[Clip], scores: list[float]) -> dict[str, float]:
    """Pooled and per-speaker AUCs of calm above angry."""
    out = {"pooled": auc([s for c, s in zip(clips, scores, strict=True) if not c.angry],
                         [s for c, s in zip(clips, scores, strict=True) if c.angry])}
    for speaker in sorted({c.speaker for c in clips}):
        mine = [(c, s) for c, s in zip(clips, scores, strict=True) if c.speaker == speaker]
        out[speaker] = auc([s for c, s in mine if not c.angry], [s for c, s in mine if c.angry])
    return out


def evaluate(clips: list[Clip], raw: dict, robustness: bool) -> dict:
    """Every figure this script prints."""
    folds = fold_rules(clips, raw)
    shipped = with_fit(raw, fit(clips, raw))
    baselines = add_baselines(clips)
    rows = {
        "no baseline, leave-one-speaker-out": [
            audio_calmness(c.delivery, rules=folds[c.speaker]) for c in clips],
        "with a calm baseline, leave-one-speaker-out": [
            audio_calmness(c.delivery, baselines[c.name], rules=folds[c.speaker])
            for c in clips],
        "no baseline, fitted on all six (in-sample)": [
            audio_calmness(c.delivery, rules=shipped) for c in clips],
    }
    result = {"clips": len(clips), "angry": sum(c.angry for c in clips),
              "scores": {k: aucs(clips, v) for k, v in rows.items()},
              "mean_score": {k: {"calm": float(np.mean([s for c, s in zip(clips, v, strict=True)
                                                         if not c.angry])),
                                 "angry": float(np.mean([s for c, s in zip(clips, v, strict=True)
                                                         if c.angry]))}
                             for k, v in rows.items()}}
    result["features"] = {f: _feature_aucs(clips, f) for f in FEATURES}
    if robustness:
        result["robustness"] = {}
        for name, chain in chains().items():
            rng = np.random.default_rng(7)
            scores = [audio_calmness(measure_delivery(chain(c.samples, rng)),
                                     rules=folds[c.speaker]) for c in clips]
            result["robustness"][name] = aucs(clips, scores)
    return result


def _feature_aucs(clips: list[Clip], feature: str) -> dict[str, float]:
    """P(angry higher) for one delivery feature, over the clips that have it."""
    known = [c for c in clips if isinstance(c.delivery.get(feature), (int, float))]
    flipped = aucs(known, [c.delivery[feature] for c in known])
    return {k: 1.0 - v for k, v in flipped.items()}


def print_result(r: dict, seconds: float) -> None:
    """A readable report."""
    speakers = [k for k in next(iter(r["scores"].values())) if k != "pooled"]
    print(f"{r['clips']} clips ({r['angry']} angry), {len(speakers)} speakers; "
          f"{seconds:.0f} s. AUC = P(a calm or neutral clip scores calmer than an angry one)")
    head = f"{'':48s} {'pooled':>7s}" + "".join(f" {s:>10s}" for s in speakers)

    def table(title: str, rows: dict) -> None:
        print(f"\n{title}\n{head}")
        for name, values in rows.items():
            print(f"{name:48s} {values['pooled']:7.3f}"
                  + "".join(f" {values[s]:10.2f}" for s in speakers))

    table("calmness score", r["scores"])
    for name, means in r["mean_score"].items():
        print(f"  mean score, {name}: calm {means['calm']:.1f}, angry {means['angry']:.1f}")
    if "robustness" in r:
        table("no baseline, leave-one-speaker-out, fitted on clean clips, scored through:",
              r["robustness"])
    table("features alone, P(angry higher) (nothing fitted)", r["features"])


def main(argv: list[str] | None = None) -> int:
    """Load, evaluate, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rules", type=Path, help="another delivery.yaml (e.g. an old one)")
    parser.add_argument("--no-robustness", action="store_true", help="skip the chains")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    clips = load_acted_speech(args.data, keep_samples=True)
    if not clips:
        print(f"{args.data}: no labelled RAVDESS or EmoDB clips", file=sys.stderr)
        return 1
    raw = read_rules(args.rules) if args.rules else read_rules()
    result = evaluate(clips, raw, robustness=not args.no_robustness)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_result(result, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
