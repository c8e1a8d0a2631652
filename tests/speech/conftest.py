"""Fixtures for the speech tests: the audio fixtures, one converted checkpoint per session,
and a CLI runner on a throwaway app (no database needed by these commands)."""


import pytest
from speech_helpers import ANSWER_WORDS, AUDIO, tone, words_of  # noqa: F401


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
