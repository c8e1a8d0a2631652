"""Loud, shouted, clipped speech is transcribed and scored, never refused as "no speech";
silence, noise and steady tones still are."""

import importlib

import numpy as np
import pytest
from speech_helpers import tone, words_of

from trainer.speech import Audio, AudioError, analyse_answer, decode_audio, transcribe
from trainer.speech.engines import Recognition, Word
from trainer.speech.transcribe import MIN_SPEECH_S, speech_regions
from trainer.speech.voicing import voiced_regions

# the module, not the function of the same name that trainer.speech exports
transcribe_module = importlib.import_module("trainer.speech.transcribe")


def seconds(regions):
    return sum(b - a for a, b in regions)


def pcm(samples):
    return Audio(np.asarray(samples, np.float32), 16000, 1, 16000, "pcm", "none")


@pytest.mark.slow
def test_a_shout_clipped_flat_is_transcribed(audio_dir):
    audio = decode_audio(audio_dir / "shout_clipped.flac")
    assert np.mean(np.abs(audio.samples) > 0.99) > 0.1  # a fifth of it is clipped
    result = transcribe(audio)
    assert "pay" in words_of(result.text)


@pytest.mark.slow
def test_a_one_word_shout_the_vad_misses_is_transcribed_and_judged(audio_dir):
    audio = decode_audio(audio_dir / "shout_short.flac")
    assert seconds(speech_regions(audio.samples)) < MIN_SPEECH_S  # the VAD alone refuses it
    transcript, delivery = analyse_answer(audio)
    assert words_of(transcript.text) == ["no"]
    assert delivery["speaking_s"] >= 0.25  # the voiced stretch is measured, not skipped
    assert delivery["spectral_centroid_hz"] is not None


@pytest.mark.slow
@pytest.mark.parametrize("name", ["silence.wav", "noise.wav"])
def test_silence_and_loud_noise_are_still_no_speech(audio_dir, name):
    with pytest.raises(AudioError) as caught:
        transcribe(audio_dir / name)
    assert (caught.value.code, caught.value.message) == ("no_speech",
                                                         f"{name}: no speech detected")


def test_the_pitch_detector_hears_a_clipped_shout_but_not_noise_tones_or_hum(audio_dir):
    shout = decode_audio(audio_dir / "shout_short.flac").samples
    assert seconds(voiced_regions(shout)) >= MIN_SPEECH_S
    noise = (np.random.default_rng(0).standard_normal(32000) * 0.3).astype(np.float32)
    for quiet in (noise, tone(440), tone(60), np.zeros(32000, np.float32)):
        assert voiced_regions(quiet) == []


class ScriptedEngine:
    """Stands in for Whisper: returns the scripted recognitions in turn, records the calls."""

    name, model_name = "scripted", "none"

    def __init__(self, *results):
        self.results, self.calls = list(results), []

    def recognise(self, samples, **options):
        self.calls.append(options)
        return self.results.pop(0)


def said(*words):
    return Recognition(" ".join(words), [Word(w, 0.5 + i * 0.3, 0.75 + i * 0.3, 0.9)
                                         for i, w in enumerate(words)], "en")


@pytest.fixture
def engine(monkeypatch):
    def install(*results):
        scripted = ScriptedEngine(*results)
        monkeypatch.setattr(transcribe_module, "get_engine", lambda *a, **k: scripted)
        return scripted
    return install


def test_whispers_no_speech_guess_is_overruled_once_a_voice_was_heard(engine, answer_samples):
    scripted = engine(said(), said("Pay", "it", "now!"))
    result = transcribe(pcm(answer_samples))
    assert result.text == "Pay it now!"
    assert [c.get("no_speech_check", True) for c in scripted.calls] == [True, False]
    assert scripted.calls[1]["vad"] is False  # Whisper's own VAD may not drop it either


def test_punctuation_alone_is_not_a_transcript(engine, answer_samples):
    scripted = engine(said("..."), said("."))
    with pytest.raises(AudioError, match="no speech detected"):
        transcribe(pcm(answer_samples))
    assert len(scripted.calls) == 2


def test_without_a_voice_whisper_is_never_asked(engine):
    scripted = engine(said("Thank", "you."))  # what Whisper makes up for noise
    noise = (np.random.default_rng(1).standard_normal(32000) * 0.3).astype(np.float32)
    with pytest.raises(AudioError) as caught:
        transcribe(pcm(noise))
    assert caught.value.code == "no_speech" and scripted.calls == []


def test_words_the_vad_missed_are_measured_as_speech(engine, audio_dir):
    audio = decode_audio(audio_dir / "shout_short.flac")
    start, end = voiced_regions(audio.samples)[0]
    engine(Recognition("No!", [Word("No!", start, end, 0.9)], "en"))
    result = transcribe(audio)
    assert seconds(result.speech) >= 0.8 * (end - start)
