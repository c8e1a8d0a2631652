#!/usr/bin/env bash
# Generate the small audio fixtures in tests/data/audio/ (committed; rerun to rebuild them).
#
# Needs espeak-ng and sox (Debian packages) and the project venv's PyAV for the codecs sox
# cannot write (webm/opus, m4a/aac). Sentences avoid spoken numbers: tiny.en hears
# espeak-ng's "fifty" as "$15".
#
#   scripts/make_test_audio.sh          every fixture
#   scripts/make_test_audio.sh loud     only the loud-speech ones (shouts, loud noise), so
#                                       the others, which another espeak-ng may say a little
#                                       differently, are left as they are
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=tests/data/audio
PY=${PYTHON:-.venv/bin/python}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

say() {  # say WPM OUTFILE TEXT...: espeak-ng (22.05 kHz mono) at WPM words per minute
  local wpm=$1 out=$2
  shift 2
  espeak-ng -v en-us -s "$wpm" -w "$out" "$*"
}

ANSWER="I understand this is a difficult time for you. Let's find a payment plan that works."
PACE="Let's find a payment plan that works for you and your family."

loud() {
  # Loud noise with no voice (a fan, a hiss at full gain): still "no speech".
  sox -n -r 8000 -b 16 "$OUT/noise.wav" synth 1.5 whitenoise vol 0.3
  # Shouting: espeak-ng at full amplitude and a raised pitch, driven 24 dB past full scale
  # so sox clips it flat (as an overdriven microphone does), and a calm read of the same
  # words for comparison.
  local shout="Pay it now! I said pay it now!"
  espeak-ng -v en-us -a 200 -p 80 -s 190 -w "$TMP/shout.wav" "$shout"
  sox "$TMP/shout.wav" -r 16000 -b 16 "$OUT/shout_clipped.flac" gain -n 0 gain 24 pad 0.3 0.3
  espeak-ng -v en-us -a 60 -p 40 -s 160 -w "$TMP/calm_same.wav" "$shout"
  sox "$TMP/calm_same.wav" -r 16000 -b 16 "$OUT/shout_calm.flac" pad 0.3 0.3
  # One word shouted and clipped 30 dB past full scale: the VAD hears almost none of it,
  # the pitch detector (trainer/speech/voicing.py) does.
  espeak-ng -v en-us -a 200 -p 99 -s 260 -w "$TMP/no.wav" "No!"
  sox "$TMP/no.wav" -r 16000 -b 16 "$OUT/shout_short.flac" gain -n 0 gain 30 pad 0.5 0.5
}

if [ "${1:-all}" = loud ]; then
  loud 2>/dev/null  # sox warns about every clipped sample: that is the point
  du -ch "$OUT"/noise.wav "$OUT"/shout_* | tail -1
  exit 0
fi
loud 2>/dev/null

say 160 "$TMP/answer.wav" "$ANSWER"
say 235 "$TMP/fast.wav" "$PACE"
say 115 "$TMP/slow.wav" "$PACE"
say 165 "$TMP/agent.wav" "Thank you for calling. How can I help you today?"
say 165 "$TMP/customer.wav" "I would like to talk about my account please."

# One answer in every container the app meets, at different sample rates.
sox "$TMP/answer.wav" -r 16000 -b 16 "$OUT/answer.wav"             # wav, 16 kHz
sox "$TMP/answer.wav" -r 44100 "$OUT/answer.ogg"                    # ogg/vorbis, 44.1 kHz
sox "$TMP/answer.wav" -r 22050 -C 48 "$OUT/answer.mp3"              # mp3, 22.05 kHz
sox "$TMP/answer.wav" -r 11025 "$OUT/answer_11k.flac"               # flac, 11.025 kHz
sox "$TMP/answer.wav" -r 48000 -c 2 "$TMP/answer_stereo48.wav"       # source for stereo opus
sox "$TMP/fast.wav" -r 16000 "$OUT/fast.flac"
sox "$TMP/slow.wav" -r 16000 "$OUT/slow.flac"

# A stereo call at 8 kHz mu-law (the usual recorder format): the agent on the left, the
# customer on the right, taking turns.
sox "$TMP/agent.wav" -r 8000 "$TMP/agent8.wav" pad 0.2 3.4
sox "$TMP/customer.wav" -r 8000 "$TMP/customer8.wav" pad 3.0 0.3
sox -M "$TMP/agent8.wav" "$TMP/customer8.wav" -e u-law "$OUT/call_stereo.wav" trim 0 5.6

# Silence with a little noise (a real microphone is never digital zero), and no audio at all.
sox -n -r 8000 -b 16 "$OUT/silence.wav" synth 2 whitenoise vol 0.001
: > "$OUT/empty.wav"

"$PY" - "$TMP" "$OUT" <<'PY'
"""Opus-in-webm (what browsers record), AAC-in-m4a, and the broken and non-audio files."""
import random
import struct
import sys
import zlib
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


encode(tmp / "answer.wav", out / "answer.webm", "webm", "libopus", 48000, "mono", 24000)
encode(tmp / "answer_stereo48.wav", out / "answer_stereo.webm", "webm", "libopus", 48000,
       "stereo", 32000)
encode(tmp / "answer.wav", out / "answer.m4a", "mp4", "aac", 44100, "mono", 32000)

# Damaged: the first 1.5 kB of the webm, and a wav header promising 5 s with 0.01 s of data.
(out / "truncated.webm").write_bytes((out / "answer.webm").read_bytes()[:1500])
(out / "truncated.wav").write_bytes((out / "answer.wav").read_bytes()[:400])
# Garbage after a valid Ogg page signature (seeded, so the file is the same every run).
garbage = random.Random(7).randbytes(4000)
(out / "garbage.ogg").write_bytes(b"OggS\x00\x02" + garbage)
# A WAV whose codec tag (0x7777) no decoder knows.
data = bytes(8000)
fmt = struct.pack("<HHIIHH", 0x7777, 1, 8000, 8000, 1, 8)
riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + \
    struct.pack("<I", len(data)) + data
(out / "unknown_codec.wav").write_bytes(b"RIFF" + struct.pack("<I", len(riff)) + riff)
# Not audio: text, and a 2x2 PNG named like audio.
(out / "not_audio.txt").write_text("This is a text file, not a recording.\n")


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) + \
    chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 6 + b"\x00" + b"\xff" * 6)) + \
    chunk(b"IEND", b"")
(out / "image.mp3").write_bytes(png)
PY

du -ch "$OUT"/* | tail -1
