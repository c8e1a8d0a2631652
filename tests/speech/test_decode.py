"""Decoding: every container and codec the app meets, channels, resampling, and bad input."""

import io
import wave

import numpy as np
import pytest

from trainer.speech import AudioError, decode_audio, decode_channels

FORMATS = ["answer.wav", "answer.ogg", "answer.mp3", "answer_11k.flac", "answer.webm",
           "answer.m4a", "answer_stereo.webm"]


def envelope(samples, hop=800):
    frames = samples[: len(samples) // hop * hop].reshape(-1, hop)
    return np.sqrt((frames ** 2).mean(axis=1))


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_decodes_to_the_same_16k_mono_audio(audio_dir, answer_samples, name):
    audio = decode_audio(audio_dir / name)
    assert audio.sample_rate == 16000
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert abs(audio.duration - 5.68) < 0.1  # encoder padding only
    # the loudness contour matches the lossless original, give or take the encoder delay
    assert best_correlation(envelope(answer_samples, 160), envelope(audio.samples, 160)) > 0.95


def best_correlation(ref, got, max_lag=8):
    """Highest correlation of two 10 ms envelopes over shifts of up to 80 ms."""
    n = min(len(ref), len(got)) - max_lag
    return max(np.corrcoef(ref[max_lag:n], got[max_lag + lag:n + lag])[0, 1]
               for lag in range(-max_lag, max_lag + 1))


def test_source_facts_are_reported(audio_dir):
    audio = decode_audio(audio_dir / "answer_11k.flac")
    assert (audio.codec, audio.source_sample_rate, audio.source_channels) == ("flac", 11025, 1)
    assert decode_audio(audio_dir / "answer.webm").codec == "opus"


def test_bytes_and_file_objects_decode_like_paths(audio_dir):
    path = audio_dir / "answer.webm"
    from_path = decode_audio(path).samples
    from_bytes = decode_audio(path.read_bytes()).samples
    with open(path, "rb") as fh:
        from_file = decode_audio(fh).samples
    assert np.array_equal(from_path, from_bytes) and np.array_equal(from_path, from_file)


def test_stereo_keeps_channels_and_mixes_to_mono(audio_dir):
    both = decode_channels(audio_dir / "answer_stereo.webm")
    assert both.samples.shape[0] == 2 and both.source_channels == 2
    mixed = decode_audio(audio_dir / "answer_stereo.webm").samples
    assert np.allclose(mixed, both.samples.mean(axis=0), atol=1e-6)


def test_call_channels_are_separate_speakers(audio_dir):
    """Agent on the left speaks first; the customer on the right answers after 3 s."""
    path = audio_dir / "call_stereo.wav"
    left = envelope(decode_audio(path, channel="left").samples, hop=1600)  # 0.1 s frames
    right = envelope(decode_audio(path, channel="right").samples, hop=1600)
    assert left[3:25].mean() > 10 * left[33:50].mean() + 1e-6
    assert right[33:50].mean() > 10 * right[3:25].mean() + 1e-6
    assert np.array_equal(decode_audio(path, channel=1).samples,
                          decode_audio(path, channel="right").samples)


def write_wav(rate, samples, channels=1):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return buf.getvalue()


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_resampling_keeps_frequency_and_duration(rate):
    t = np.arange(int(1.5 * rate)) / rate
    audio = decode_audio(write_wav(rate, 0.5 * np.sin(2 * np.pi * 1000 * t)))
    assert abs(audio.duration - 1.5) < 0.01
    spectrum = np.abs(np.fft.rfft(audio.samples))
    peak_hz = np.argmax(spectrum) * 16000 / len(audio.samples)
    assert abs(peak_hz - 1000) < 3
    assert 0.45 < np.abs(audio.samples).max() < 0.55


def test_a_wav_written_to_a_pipe_decodes_in_full():
    """espeak-ng --stdout and sox - leave placeholder sizes; the header must not be trusted."""
    t = np.arange(16000) / 16000
    wav = bytearray(write_wav(16000, 0.3 * np.sin(2 * np.pi * 300 * t)))
    wav[4:8] = (0x7FFFF024).to_bytes(4, "little")
    wav[40:44] = (0x7FFFF000).to_bytes(4, "little")
    audio = decode_audio(bytes(wav), max_duration_s=60)
    assert abs(audio.duration - 1.0) < 0.01


BAD = [
    ("empty.wav", "empty"),
    ("not_audio.txt", "not_audio"),
    ("image.mp3", "not_audio"),
    ("truncated.webm", "corrupt"),
    ("truncated.wav", "corrupt"),
    ("garbage.ogg", "corrupt"),
    ("unknown_codec.wav", "unsupported_codec"),
    ("does_not_exist.wav", "not_found"),
]


@pytest.mark.parametrize(("name", "code"), BAD)
def test_bad_files_raise_audio_error_with_code_and_plain_message(audio_dir, name, code):
    with pytest.raises(AudioError) as caught:
        decode_audio(audio_dir / name)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.code == code
    assert "\n" not in error.message and "Traceback" not in error.message
    assert error.message.startswith(name)  # the file is named, for batch output
    assert error.to_dict() == {"code": code, "message": error.message}


def test_bad_bytes_and_objects(audio_dir):
    assert_code(lambda: decode_audio(b""), "empty")
    assert_code(lambda: decode_audio(io.BytesIO(b"")), "empty")
    assert_code(lambda: decode_audio(b"hello, this is not audio at all\n"), "not_audio")
    assert_code(lambda: decode_audio(io.StringIO("text")), "bad_option")
    assert_code(lambda: decode_audio(12345), "bad_option")


def test_too_long_is_refused_before_and_while_decoding(audio_dir):
    assert_code(lambda: decode_audio(audio_dir / "answer.wav", max_duration_s=2), "too_long")
    # webm from a browser carries no duration in its header: the limit applies while decoding
    raw = (audio_dir / "answer.webm").read_bytes()
    assert_code(lambda: decode_audio(raw, max_duration_s=3), "too_long")
    assert decode_audio(raw, max_duration_s=10).duration > 5


def test_channel_errors(audio_dir):
    assert_code(lambda: decode_audio(audio_dir / "answer.wav", channel="right"), "no_channel")
    assert_code(lambda: decode_audio(audio_dir / "answer.wav", channel="middle"), "bad_option")


def assert_code(call, code):
    with pytest.raises(AudioError) as caught:
        call()
    assert caught.value.code == code, caught.value.message


@pytest.mark.parametrize("name", ["answer_stereo.webm", "answer.m4a", "answer.mp3",
                                  "answer.ogg", "call_stereo.wav"])
def test_damaged_copies_decode_or_fail_cleanly(audio_dir, name):
    """Cut, flipped or spliced bytes: audio, or an AudioError, never another exception."""
    import random

    data = (audio_dir / name).read_bytes()
    rng = random.Random(name)
    for case in range(24):
        damaged = bytearray(data)
        if case % 3 == 0:
            damaged = damaged[:rng.randrange(1, len(damaged))]
        elif case % 3 == 1:
            for _ in range(rng.randrange(1, 50)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        else:
            start = rng.randrange(len(damaged))
            del damaged[start:start + rng.randrange(1, 2000)]
        try:
            audio = decode_audio(bytes(damaged))
        except AudioError as exc:
            assert exc.code in ("corrupt", "not_audio", "unsupported_codec", "empty")
        else:
            assert audio.samples.size and np.isfinite(audio.samples).all()
