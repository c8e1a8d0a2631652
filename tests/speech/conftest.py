"""Fixtures for the speech tests: the audio fixtures, one converted checkpoint per session,
and a CLI runner on a throwaway app (no database needed by these commands)."""

import re
from pathlib import Path

import numpy as np
import pytest

AUDIO = Path(__file__).resolve().parent.parent / "data" / "audio"
ANSWER_WORDS = ("understand", "difficult", "time", "payment", "plan", "works")


def words_of(text: str) -> list[str]:
    """Lower-case words without punctuation, for comparing transcripts."""
    return re.findall(r"[a-z']+", text.lower())


def tone(freq_hz, seconds=2.0, rate=16000, amplitude=0.3):
    """A sine (or, with a (start, end) pair, a glide) as float32 samples."""
    t = np.arange(int(seconds * rate)) / rate
    if isinstance(freq_hz, tuple):
        start, end = freq_hz
        inst = start * (end / start) ** (t / seconds)  # exponential: even in semitones
        phase = 2 * np.pi * np.cumsum(inst) / rate
    else:
        phase = 2 * np.pi * freq_hz * t
    return (amplitude * np.sin(phase)).astype(np.float32)


@pytest.fixture(scope="session")
def audio_dir():
    """tests/data/audio, made by scripts/make_test_audio.sh."""
    return AUDIO


@pytest.fixture(scope="session")
def answer_samples():
    """The spoken answer fixture, decoded (16 kHz mono float32)."""
    from trainer.speech import decode_audio

    return decode_audio(AUDIO / "answer.wav").samples


@pytest.fixture(scope="session")
def openai_checkpoint(tmp_path_factory):
    """The bundled tiny.en converted to an openai-whisper checkpoint, once per session."""
    from trainer.speech.convert_openai import convert_ct2_to_openai
    from trainer.speech.models import bundled_model_dir

    out = tmp_path_factory.mktemp("models") / "tiny.en-openai.pt"
    return convert_ct2_to_openai(bundled_model_dir(), out)


@pytest.fixture
def speech_app(tmp_path, monkeypatch):
    """An app with its own instance folder; the env cannot pick another engine or model."""
    from trainer import create_app

    for name in ("TRAINER_WHISPER_ENGINE", "TRAINER_WHISPER_MODEL"):
        monkeypatch.delenv(name, raising=False)
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite'}",
                       "SECRET_KEY": "test"})


@pytest.fixture
def cli(speech_app):
    """Invoke a `trainer` command: cli("transcribe", "--json", path)."""
    runner = speech_app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=[str(a) for a in args])

    return invoke
