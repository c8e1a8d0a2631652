"""Both Whisper engines, the shared interface, model resolution and the per-process cache."""

import threading
import time

import pytest
from speech_helpers import ANSWER_WORDS, words_of

from trainer.speech import AudioError, decode_audio, transcribe
from trainer.speech import models as speech_models
from trainer.speech.models import BUNDLED_NAME, get_engine, resolve_model

KEYS = ["file", "duration", "language", "text", "words", "engine", "model", "seconds"]


@pytest.mark.slow
def test_faster_whisper_transcribes_the_answer(audio_dir):
    result = transcribe(audio_dir / "answer.webm")
    assert set(ANSWER_WORDS) <= set(words_of(result.text))
    data = result.to_dict()
    assert list(data) == KEYS
    assert (data["file"], data["engine"], data["model"], data["language"]) == \
        ("answer.webm", "faster-whisper", BUNDLED_NAME, "en")
    assert list(data["words"][0]) == ["word", "start", "end", "probability"]
    starts = [w["start"] for w in data["words"]]
    assert starts == sorted(starts) and data["words"][-1]["end"] <= data["duration"] + 0.05
    assert all(0 <= w["probability"] <= 1 for w in data["words"])
    assert words_of(" ".join(w["word"] for w in data["words"])) == words_of(data["text"])


@pytest.mark.slow
def test_openai_whisper_transcribes_the_answer(audio_dir, openai_checkpoint):
    result = transcribe(audio_dir / "answer.wav", engine="openai-whisper",
                        model=openai_checkpoint)
    assert result.engine == "openai-whisper"
    assert set(ANSWER_WORDS) <= set(words_of(result.text))
    assert result.words and result.words[0].start < 0.5


@pytest.mark.slow
def test_engine_parity_on_the_same_weights(audio_dir, openai_checkpoint):
    """Same weights (converted), same beam, float32 on both: the same transcript."""
    audio = decode_audio(audio_dir / "answer.webm")
    fast = transcribe(audio, engine="faster-whisper", compute_type="float32", beam_size=5)
    ref = transcribe(audio, engine="openai-whisper", model=openai_checkpoint, beam_size=5)
    assert fast.text == ref.text
    assert len(fast.words) == len(ref.words)
    for a, b in zip(fast.words, ref.words, strict=True):
        assert a.word == b.word
        assert abs(a.start - b.start) <= 0.05 and abs(a.end - b.end) <= 0.05


@pytest.mark.slow
def test_stereo_channels_transcribe_separately(audio_dir):
    path = audio_dir / "call_stereo.wav"
    agent = transcribe(path, channel="left")
    customer = transcribe(path, channel="right")
    assert {"thank", "calling", "help"} <= set(words_of(agent.text))
    assert {"talk", "account"} <= set(words_of(customer.text))
    assert customer.words[0].start > 2.0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["silence.wav"])
def test_silence_is_no_speech(audio_dir, name):
    with pytest.raises(AudioError) as caught:
        transcribe(audio_dir / name)
    assert caught.value.code == "no_speech"
    assert caught.value.message == f"{name}: no speech detected"


def test_a_pure_tone_is_no_speech():
    from speech_helpers import tone

    from trainer.speech import Audio

    audio = Audio(tone(220), 16000, 1, 16000, "pcm", "none")
    with pytest.raises(AudioError, match="no speech detected"):
        transcribe(audio)


@pytest.mark.parametrize("beam", [0, 21, 2.5, "5", True])
def test_bad_beam_size(audio_dir, beam):
    with pytest.raises(AudioError) as caught:
        transcribe(audio_dir / "answer.wav", beam_size=beam)
    assert caught.value.code == "bad_option"


def test_default_model_is_the_bundled_one_for_both_engines(tmp_path, monkeypatch):
    monkeypatch.delenv("TRAINER_WHISPER_MODEL", raising=False)
    monkeypatch.delenv("TRAINER_WHISPER_ENGINE", raising=False)
    fast = resolve_model()
    assert (fast.engine, fast.name) == ("faster-whisper", BUNDLED_NAME)
    assert fast.location == str(speech_models.bundled_model_dir())
    ref = resolve_model("openai-whisper", instance_path=tmp_path)
    assert ref.convert_from == fast.location
    assert ref.location.startswith(str(tmp_path / "models"))
    monkeypatch.setenv("TRAINER_MODEL_CACHE", str(tmp_path / "cache"))
    assert resolve_model("openai-whisper").location.startswith(str(tmp_path / "cache"))


def test_environment_picks_engine_and_model(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_WHISPER_ENGINE", "openai-whisper")
    checkpoint = tmp_path / "custom.pt"
    checkpoint.write_bytes(b"not loaded by resolve_model")
    monkeypatch.setenv("TRAINER_WHISPER_MODEL", str(checkpoint))
    choice = resolve_model()
    assert (choice.engine, choice.location, choice.convert_from) == \
        ("openai-whisper", str(checkpoint), None)


@pytest.mark.parametrize(("engine", "model", "code"), [
    ("whisper.cpp", None, "bad_option"),
    ("faster-whisper", "/no/such/model", "bad_model"),
    ("openai-whisper", "/no/such/model.pt", "bad_model"),
    ("openai-whisper", "no-such-name", "bad_model"),
])
def test_bad_engine_or_model(engine, model, code):
    with pytest.raises(AudioError) as caught:
        resolve_model(engine, model)
    assert caught.value.code == code


def test_official_openai_name_must_already_be_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(AudioError, match="nothing is downloaded"):
        resolve_model("openai-whisper", "base.en")


def test_a_file_is_not_a_faster_whisper_model(tmp_path):
    (tmp_path / "model.pt").write_bytes(b"x")
    with pytest.raises(AudioError, match="not a CTranslate2 model folder"):
        resolve_model("faster-whisper", tmp_path / "model.pt")


def test_faster_whisper_name_not_on_disk_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(AudioError) as caught:
        get_engine("faster-whisper", "small.en")
    assert caught.value.code == "bad_model" and "small.en" in caught.value.message


def test_engine_is_loaded_once_even_from_many_threads(monkeypatch, tmp_path):
    loads = []

    def slow_load(choice, **kwargs):
        loads.append(choice)
        time.sleep(0.2)
        return object()

    monkeypatch.setattr("trainer.speech.engines.load_engine", slow_load)
    model_dir = tmp_path / "ct2"
    model_dir.mkdir()
    (model_dir / "model.bin").write_bytes(b"")
    got = []
    threads = [threading.Thread(target=lambda: got.append(get_engine("faster-whisper",
                                                                     model_dir)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1 and len({id(g) for g in got}) == 1
    assert get_engine("faster-whisper", model_dir) is got[0]
    speech_models._LOADED.pop(("faster-whisper", str(model_dir), 0, "int8"))


@pytest.mark.slow
def test_openai_default_converts_once_into_the_instance_folder(tmp_path, monkeypatch,
                                                               openai_checkpoint):
    import shutil

    from trainer.speech import convert_openai

    calls = []

    def fake_convert(source, output):  # the real conversion is tested above; copy its result
        calls.append((source, output))
        return shutil.copy(openai_checkpoint, output)

    monkeypatch.setattr(convert_openai, "convert_ct2_to_openai", fake_convert)
    (tmp_path / "models").mkdir()
    first = get_engine("openai-whisper", None, instance_path=tmp_path)
    second = get_engine("openai-whisper", None, instance_path=tmp_path)
    assert first is second and len(calls) == 1
    assert calls[0][0] == str(speech_models.bundled_model_dir())
    assert list((tmp_path / "models").glob("openai-tiny.en-*.pt"))
    key = next(k for k in speech_models._LOADED if str(tmp_path) in k[1])
    speech_models._LOADED.pop(key)
