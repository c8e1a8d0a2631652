"""Speech speed, measured side by side in one run on the same audio. Prints figures; asserts none.

Sections (add one by appending to SECTIONS; each gets the shared Bench and prints its lines):
  engines   real-time factor of faster-whisper (int8, the default, and float32) and of
            openai-whisper on the same converted weights with the same beam, and the ratios
            (target: faster-whisper >= 3x)
  answer    latency of decode + transcribe + delivery + score for a ~10 s spoken answer,
            median of several runs (target: <= 2.0 s)
  long      real-time factor on a 60 s+ recording with beam 5 and beam 1 (target: <= 0.10)
  http      upload-to-scores latency of the ~10 s answer over HTTP against `trainer serve`
            and its consumer, next to the engine alone (target: <= 2.0 s; transcribe_http.py)

The audio is synthesised with espeak-ng at run time (nothing is committed): a ~10 s answer
encoded as webm/opus like a browser upload, and a ~65 s monologue of agent sentences.

    .venv/bin/python benchmarks/transcribe.py [--runs 5] [--skip-openai] [--only SECTION]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from trainer.scoring import score_utterance
from trainer.speech import decode_audio, transcribe
from trainer.speech.delivery import measure_delivery
from trainer.speech.models import get_engine

sys.path.insert(0, str(Path(__file__).parent))  # the sibling module of the `http` section
from transcribe_http import section_http  # noqa: E402

ANSWER = ("I understand this has been a really difficult month for you, and I appreciate you "
          "taking my call. Let's look at a plan that works for your budget. Would a smaller "
          "payment on Friday help?")
MONOLOGUE = [
    "Good afternoon, thank you for taking my call today.",
    "This is an attempt to collect a debt and any information obtained will be used for "
    "that purpose.",
    "Am I speaking with the account holder?",
    "I can see the account has been past due for a while, and I want to understand what "
    "happened.",
    "I'm sorry to hear about your hours being cut at work, that sounds really stressful.",
    "What I can do today is set up a plan that fits what you can afford.",
    "We could split the balance into smaller payments over the next few months.",
    "Would the first payment work better on a Friday or on a Monday?",
    "I'll send you a written confirmation by email as soon as we finish.",
    "If anything changes, please call us back and we will look at the plan again.",
    "Is there anything else on the account you would like me to explain?",
    "Thank you for working with me on this, I really appreciate it.",
    "Just to recap, we agreed on a plan, and you will get the confirmation today.",
    "You can also make the payment online whenever it suits you.",
    "Have a good rest of your day, and take care.",
]


@dataclass
class Bench:
    """Shared state: the synthesised audio and the options."""

    folder: Path
    runs: int
    skip_openai: bool
    answer_path: Path = field(init=False)
    long_path: Path = field(init=False)
    checkpoint: Path | None = None


def espeak(text: str, wpm: int = 165) -> np.ndarray:
    """espeak-ng speech as 16 kHz float32."""
    wav = subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(wpm), "--stdout", text],
                         check=True, capture_output=True).stdout
    return decode_audio(wav).samples


def write_audio(samples: np.ndarray, path: Path, codec: str, container: str) -> Path:
    """Encode float32 16 kHz mono samples with PyAV (opus in webm, or pcm in wav)."""
    rate = 48000 if codec == "libopus" else 16000
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples[None, :].astype(np.float32), format="flt",
                                           layout="mono")
        frame.sample_rate = 16000
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=rate)
        for piece in resampler.resample(frame) + resampler.resample(None):
            out.mux(stream.encode(piece))
        out.mux(stream.encode(None))
    return path


def make_audio(bench: Bench) -> None:
    """Synthesise the ~10 s answer (webm/opus) and the 60 s+ monologue (wav)."""
    bench.answer_path = write_audio(espeak(ANSWER), bench.folder / "answer.webm", "libopus",
                                    "webm")
    rng = np.random.default_rng(0)
    parts = []
    for sentence in MONOLOGUE:
        parts.append(espeak(sentence, wpm=int(rng.integers(145, 175))))
        parts.append(np.zeros(int(rng.uniform(0.4, 0.9) * 16000), np.float32))
    bench.long_path = write_audio(np.concatenate(parts), bench.folder / "call.wav",
                                  "pcm_s16le", "wav")


def timed(fn, runs: int) -> tuple[float, object]:
    """Median wall time of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def section_engines(bench: Bench) -> None:
    """faster-whisper vs openai-whisper: same weights, same beam, same audio."""
    print("\n== engines: same weights (bundled tiny.en), beam 5, word timestamps")
    if bench.skip_openai:
        print("  skipped (--skip-openai)")
        return
    from trainer.speech.convert_openai import convert_ct2_to_openai
    from trainer.speech.models import bundled_model_dir

    bench.checkpoint = convert_ct2_to_openai(bundled_model_dir(), bench.folder / "tiny.en.pt")
    for label, path, runs in (("10 s answer", bench.answer_path, bench.runs),
                              ("60 s+ call", bench.long_path, 1)):
        audio = decode_audio(path)
        rtf, texts = {}, {}
        for engine, model, compute in (("faster-whisper", None, "int8"),
                                       ("faster-whisper", None, "float32"),
                                       ("openai-whisper", bench.checkpoint, "float32")):
            # vad=False everywhere: the comparison is of the engines, not of skipping silence
            def run(a=audio, e=engine, m=model, c=compute):
                return transcribe(a, engine=e, model=m, beam_size=5, vad=False, compute_type=c)

            run()  # warm-up: loads the model
            seconds, result = timed(run, runs)
            key = f"{engine} {compute}"
            rtf[key], texts[key] = seconds / audio.duration, result.text
            print(f"  {label:12s} {key:23s} {seconds:6.2f} s  RTF {rtf[key]:.3f}")
        reference = "openai-whisper float32"
        for key in ("faster-whisper int8", "faster-whisper float32"):
            same = "identical" if texts[key] == texts[reference] else "different"
            print(f"  {label:12s} {key} is {rtf[reference] / rtf[key]:.1f}x faster than "
                  f"openai-whisper; transcript {same}")


def section_answer(bench: Bench) -> None:
    """Latency of everything a spoken practice answer goes through, model already loaded."""
    print(f"\n== answer: decode + transcribe + delivery + score, median of {bench.runs} runs")
    get_engine()
    steps: dict[str, list[float]] = {k: [] for k in ("decode", "transcribe", "delivery",
                                                     "score", "total")}
    for run in range(bench.runs + 1):
        t0 = time.perf_counter()
        audio = decode_audio(bench.answer_path)
        t1 = time.perf_counter()
        result = transcribe(audio)
        t2 = time.perf_counter()
        delivery = measure_delivery(audio.samples, result.words, speech=result.speech)
        t3 = time.perf_counter()
        score_utterance(result.text, {"source": "transcribed", "delivery": delivery})
        t4 = time.perf_counter()
        if run == 0:
            continue  # the first run pays one-off loading (VAD model, rule files)
        for key, value in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0),
                              strict=True):
            steps[key].append(value)
    print(f"  audio {audio.duration:.1f} s webm/opus: " + ", ".join(
        f"{k} {statistics.median(v):.3f} s" for k, v in steps.items()))
    total = statistics.median(steps["total"])
    print(f"  total {total:.2f} s (target <= 2.0 s): {'met' if total <= 2.0 else 'NOT met'}")


def section_long(bench: Bench) -> None:
    """RTF on a long recording, beam 5 and beam 1, with the VAD on as the app runs it."""
    audio = decode_audio(bench.long_path)
    print(f"\n== long: {audio.duration:.1f} s recording, faster-whisper, VAD on (the app's "
          "default past 30 s)")
    transcribe(audio, beam_size=1)  # warm-up
    rtf = {}
    runs = max(1, bench.runs // 2)
    for beam in (5, 1):
        seconds, result = timed(lambda b=beam: transcribe(audio, beam_size=b), runs)
        rtf[beam] = seconds / audio.duration
        print(f"  beam {beam}: {seconds:5.2f} s  RTF {rtf[beam]:.3f}  ({len(result.words)} words)")
    seconds, _ = timed(lambda: transcribe(audio, beam_size=5, vad=False), runs)
    print(f"  beam 5 without VAD: RTF {seconds / audio.duration:.3f}")
    print(f"  target RTF <= 0.10: beam 5 {'met' if rtf[5] <= 0.10 else 'NOT met'}, "
          f"beam 1 {'met' if rtf[1] <= 0.10 else 'NOT met'}. The app transcribes with "
          "transcribe()'s default, beam 5.")


SECTIONS = {"engines": section_engines, "answer": section_answer, "long": section_long,
            "http": section_http}


def main(argv: list[str] | None = None) -> int:
    """Synthesise the audio once, then run the chosen sections."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-openai", action="store_true")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at start (other work on the machine "
          "slows every figure alike; the ratios are measured in the same run)")
    with tempfile.TemporaryDirectory() as folder:
        bench = Bench(Path(folder), args.runs, args.skip_openai)
        make_audio(bench)
        for name in args.only or SECTIONS:
            SECTIONS[name](bench)
    return 0


if __name__ == "__main__":
    sys.exit(main())
