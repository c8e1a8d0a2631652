#!/usr/bin/env bash
# Build the QA call fixtures in tests/data/calls/ (committed; rerun to rebuild them).
#
# A short collections call spoken by espeak-ng in two voices (agent: en-us male, low pitch;
# customer: en-us female variant, high pitch), placed on one timeline with a known overlap
# and a known silence, band-passed to telephone audio and resampled to 8 kHz:
#   call_stereo.mp3   agent left, customer right (the call-centre recorder standard)
#   call_mono.webm    both voices on one channel, opus (needs speaker separation)
#   call.json / call.vtt / call.srt / call.txt   the same call as transcripts
#   ../call_timeline.json  the reference: who speaks when, and the script (for the tests)
# The audio is synthetic speech, not a real call. Needs espeak-ng, sox and the venv's numpy and
# PyAV (sox here writes no mp3).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=tests/data/calls
PY=${PYTHON:-.venv/bin/python}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

# speaker|pause before (s, negative = overlap with the previous line)|text
cat > "$TMP/script.txt" <<'TXT'
agent|0.4|Hello, this is Sam calling from Harbor Point Recovery. Am I speaking with Dana Whitfield?
customer|0.5|Yes, this is Dana.
agent|0.4|Thank you, Dana. Can you please confirm your home address for me?
customer|0.5|Sure, it is Maple Street in Springfield.
agent|0.5|Thank you. This is an attempt to collect a debt, and any information obtained will be used for that purpose. I am calling about your account with Northside Bank.
customer|0.6|I know. I lost my job and things have been really hard. I am so worried and upset about this.
agent|0.4|I am sorry to hear that, it sounds very stressful. Let's find a plan that works for you.
customer|-0.8|Okay, I could pay something this week.
agent|2.5|Could you pay two hundred dollars on Friday with your debit card?
customer|0.5|Yes, I can do that. My card number is 4111 1111 1111 1111.
agent|0.4|Thank you. So that is two hundred dollars this Friday by debit card. I really appreciate your help today.
customer|0.4|Thank you, that is a relief. Have a good day.
TXT

n=0
while IFS='|' read -r speaker pause text; do
  n=$((n + 1))
  if [ "$speaker" = agent ]; then voice="en-us+m3"; pitch=35; else voice="en-us+f4"; pitch=70; fi
  espeak-ng -v "$voice" -p "$pitch" -s 165 -w "$TMP/line$n.wav" "$text"
  sox "$TMP/line$n.wav" -r 8000 -c 1 -b 16 "$TMP/line8_$n.wav" sinc 300-3400
done < "$TMP/script.txt"

"$PY" - "$TMP" "$OUT" <<'PY'
"""Place the lines on one timeline; write the stereo and mono mixes and the transcripts."""
import json
import sys
import wave
from pathlib import Path

import numpy as np

tmp, out = Path(sys.argv[1]), Path(sys.argv[2])
RATE = 8000
lines = [line.split("|", 2) for line in (tmp / "script.txt").read_text().splitlines()]
clips = []
for i in range(1, len(lines) + 1):
    with wave.open(str(tmp / f"line8_{i}.wav")) as w:
        clips.append(np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768)

timeline, cursor = [], 0.0
for (speaker, pause, text), clip in zip(lines, clips):
    start = max(0.0, cursor + float(pause))
    end = start + len(clip) / RATE
    timeline.append({"speaker": speaker, "text": text, "start": round(start, 3),
                     "end": round(end, 3)})
    cursor = max(cursor, end)
total = cursor + 0.6
left = np.zeros(int(total * RATE) + 1, np.float32)
right = np.zeros_like(left)
for item, clip in zip(timeline, clips):
    channel = left if item["speaker"] == "agent" else right
    at = int(item["start"] * RATE)
    channel[at:at + len(clip)] += clip
rng = np.random.default_rng(7)  # a quiet line hiss on both channels, as on a real line
left += rng.standard_normal(len(left)).astype(np.float32) * 0.002
right += rng.standard_normal(len(right)).astype(np.float32) * 0.002


def write(path, channels):
    data = np.clip(np.stack(channels, axis=1), -1, 1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(len(channels))
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((data * 32767).astype("<i2").tobytes())


write(tmp / "stereo.wav", [left, right])
write(tmp / "mono.wav", [(left + right) * 0.7])
(out.parent / "call_timeline.json").write_text(json.dumps(
    {"duration": round(len(left) / RATE, 3), "sample_rate": RATE, "lines": timeline},
    indent=1) + "\n")

meta = {"id": "fixture-call-1", "started_at": "2026-03-02T10:15:00-05:00",
        "consumer_timezone": "America/New_York", "agent": "sam.agent"}
(out / "call.json").write_text(json.dumps(
    {**meta, "turns": [{"speaker": t["speaker"], "text": t["text"], "start": t["start"],
                        "end": t["end"]} for t in timeline]}, indent=1) + "\n")


def stamp(seconds, sep):
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}".replace(".", sep)


vtt = ["WEBVTT", ""]
srt = []
for n, t in enumerate(timeline, 1):
    name = "Agent" if t["speaker"] == "agent" else "Customer"
    vtt += [f"{stamp(t['start'], '.')} --> {stamp(t['end'], '.')}", f"<v {name}>{t['text']}</v>",
            ""]
    srt += [str(n), f"{stamp(t['start'], ',')} --> {stamp(t['end'], ',')}",
            f"{name}: {t['text']}", ""]
(out / "call.vtt").write_text("\n".join(vtt))
(out / "call.srt").write_text("\n".join(srt))
(out / "call.txt").write_text("".join(
    f"{'Agent' if t['speaker'] == 'agent' else 'Customer'}: {t['text']}\n" for t in timeline))
PY

"$PY" - "$TMP" "$OUT" <<'PY'
"""Encode with PyAV: mp3 (stereo, 8 kHz) and opus in webm (mono, resampled to 16 kHz)."""
import sys
from pathlib import Path

import av

tmp, out = Path(sys.argv[1]), Path(sys.argv[2])


def encode(src, dst, container, codec, rate, layout, bit_rate):
    with av.open(str(src)) as inp, av.open(str(dst), "w", format=container) as outp:
        stream = outp.add_stream(codec, rate=rate, layout=layout)
        stream.bit_rate = bit_rate
        resampler = av.AudioResampler(format=stream.format.name, layout=layout, rate=rate)
        for frame in inp.decode(audio=0):
            frame.pts = None
            for piece in resampler.resample(frame):
                outp.mux(stream.encode(piece))
        for piece in resampler.resample(None):
            outp.mux(stream.encode(piece))
        outp.mux(stream.encode(None))


encode(tmp / "stereo.wav", out / "call_stereo.mp3", "mp3", "libmp3lame", 8000, "stereo", 32000)
encode(tmp / "mono.wav", out / "call_mono.webm", "webm", "libopus", 16000, "mono", 12000)
PY
ls -l "$OUT"
