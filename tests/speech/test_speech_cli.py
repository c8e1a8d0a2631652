"""`trainer transcribe`, `trainer score-audio` and `trainer models convert-openai`."""

import json

import pytest
import torch
from ct2_writer import tiny_whisper
from speech_helpers import ANSWER_WORDS, words_of
from whisper.model import ModelDimensions, Whisper

INTERFACE_DELIVERY = {"words_per_minute", "pause_ratio", "longest_pause_s", "pitch_median_hz",
                      "pitch_variability_st", "loudness_db", "loudness_variability_db"}


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.slow
def test_transcribe_json_keeps_going_after_a_bad_file(cli, audio_dir):
    good, bad = audio_dir / "answer.webm", audio_dir / "empty.wav"
    result = cli("transcribe", "--json", bad, good)
    assert result.exit_code == 1
    first, second = json_lines(result.stdout)
    assert first == {"file": str(bad), "error": {"code": "empty",
                                                 "message": "the file is empty (zero bytes)"}}
    assert list(second) == ["file", "duration", "language", "text", "words", "engine",
                            "model", "seconds"]
    assert second["file"] == str(good) and set(ANSWER_WORDS) <= set(words_of(second["text"]))
    assert result.stderr == f"error: {bad}: the file is empty (zero bytes)\n"


@pytest.mark.slow
def test_transcribe_text_output(cli, audio_dir):
    result = cli("transcribe", audio_dir / "answer.ogg")
    assert result.exit_code == 0, result.output
    header, text = result.stdout.splitlines()
    assert "faster-whisper tiny.en" in header
    assert set(ANSWER_WORDS) <= set(words_of(text))


@pytest.mark.slow
def test_transcribe_with_the_openai_engine(cli, audio_dir, openai_checkpoint):
    result = cli("transcribe", "--json", "--engine", "openai-whisper", "--model",
                 openai_checkpoint, audio_dir / "answer.wav")
    assert result.exit_code == 0, result.output
    (out,) = json_lines(result.stdout)
    assert out["engine"] == "openai-whisper" and set(ANSWER_WORDS) <= set(words_of(out["text"]))


@pytest.mark.parametrize(("name", "reason"), [
    ("not_audio.txt", "the file is not audio"),
    ("truncated.webm", "the file is truncated"),
    ("silence.wav", "no speech detected"),
    ("missing.wav", "no such file"),
])
def test_transcribe_bad_files_fail_with_one_line(cli, audio_dir, name, reason):
    result = cli("transcribe", audio_dir / name)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {audio_dir / name}: {reason}")


def test_bad_model_is_reported_once(cli, audio_dir):
    result = cli("transcribe", "--model", "/no/such/model", audio_dir / "answer.wav",
                 audio_dir / "fast.flac")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "does not exist" in result.stderr


def test_unknown_engine_is_a_usage_error(cli, audio_dir):
    result = cli("transcribe", "--engine", "whisper.cpp", audio_dir / "answer.wav")
    assert result.exit_code == 2 and "whisper.cpp" in result.stderr


@pytest.mark.slow
def test_score_audio_json_has_scorecard_transcript_and_delivery(cli, audio_dir):
    result = cli("score-audio", "--json", "--context", "I lost my job last month.",
                 audio_dir / "fast.flac", audio_dir / "garbage.ogg")
    assert result.exit_code == 1
    card, error = json_lines(result.stdout)
    assert error["error"]["code"] == "corrupt"
    assert set(card["scores"]) == {"empathy", "positive_language", "assertiveness", "calmness"}
    assert INTERFACE_DELIVERY <= set(card["delivery"])
    assert card["transcript"]["text"] == card["text"]
    assert card["delivery"]["words_per_minute"] > 200
    rate = [e for e in card["evidence"] if e.get("signal") == "speaking_rate"]
    assert rate and rate[0]["effect"] < 0 and "start_s" in rate[0] and "wpm" in rate[0]["why"]
    assert len(result.stderr.splitlines()) == 1 and "garbage.ogg" in result.stderr


@pytest.mark.slow
def test_score_audio_text_with_a_baseline(cli, audio_dir):
    result = cli("score-audio", "--baseline", audio_dir / "answer.wav", audio_dir / "slow.flac")
    assert result.exit_code == 0, result.output
    assert "calmness" in result.stdout and result.stdout.rstrip().splitlines()[-1].startswith(
        "delivery: ")


def test_score_audio_refuses_a_baseline_without_speech(cli, audio_dir):
    result = cli("score-audio", "--baseline", audio_dir / "silence.wav", audio_dir / "fast.flac")
    assert result.exit_code == 1 and result.stdout == ""
    assert "baseline" in result.stderr and "at least 3 s of speech" in result.stderr


def test_convert_openai_writes_a_loadable_checkpoint(cli, tmp_path):
    tiny_whisper(tmp_path / "ct2")
    out = tmp_path / "out" / "model.pt"
    result = cli("models", "convert-openai", "--source", tmp_path / "ct2", "--output", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    checkpoint = torch.load(out, weights_only=True)
    Whisper(ModelDimensions(**checkpoint["dims"])).load_state_dict(
        checkpoint["model_state_dict"])


def test_convert_openai_default_goes_to_the_instance_folder(cli, tmp_path, speech_app):
    tiny_whisper(tmp_path / "ct2")
    result = cli("models", "convert-openai", "--source", tmp_path / "ct2")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith(speech_app.instance_path + "/models/openai-")


def test_convert_openai_bad_source(cli, tmp_path):
    result = cli("models", "convert-openai", "--source", tmp_path, "--output", tmp_path / "x.pt")
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
    assert len(result.stderr.splitlines()) == 1
