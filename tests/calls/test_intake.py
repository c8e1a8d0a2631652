"""The cheap checks an upload passes before it is stored: bytes or a file on disk."""

import pytest
from call_helpers import CALLS, DATA

from trainer.calls.errors import CallInputError
from trainer.calls.intake import inspect_upload

LIMITS = {"max_bytes": 1_000_000, "max_seconds": 7200}


@pytest.mark.parametrize("name, source, ext, seconds", [
    ("call_stereo.mp3", CALLS / "call_stereo.mp3", "mp3", 70.3),
    ("call_mono.webm", CALLS / "call_mono.webm", "webm", None),
    ("call.json", CALLS / "call.json", "json", 70.2),
    ("call.vtt", CALLS / "call.vtt", "vtt", None),
    ("call.srt", CALLS / "call.srt", "srt", None),
    ("notes", CALLS / "call.txt", "txt", None),  # no extension: sniffed as text
])
def test_accepted_files_say_what_they_are(name, source, ext, seconds, tmp_path):
    for given in (source.read_bytes(), source):
        intake = inspect_upload(given, name, **LIMITS)
        assert intake.ext == ext and intake.size == source.stat().st_size
        assert intake.source == ("audio" if ext in ("mp3", "webm") else "transcript")
        if seconds and ext == "mp3":
            assert intake.seconds == pytest.approx(seconds, abs=0.5)


def test_a_transcript_is_parsed_with_the_uploaders_metadata_winning():
    from trainer.calls.transcript import parse_metadata

    intake = inspect_upload((CALLS / "call.json").read_bytes(), "call.json", **LIMITS,
                            metadata=parse_metadata({"agent": "override"}))
    assert intake.transcript.metadata.agent == "override"
    assert intake.transcript.metadata.consumer_timezone == "America/New_York"


@pytest.mark.parametrize("name, data, code", [
    ("x.wav", b"", "empty"),
    ("x.pdf", b"%PDF-1.7 binary", "not_audio"),
    ("x.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "not_audio"),
    ("x.ogg", (DATA / "audio" / "garbage.ogg").read_bytes(), "corrupt"),
    ("x.wav", (DATA / "audio" / "unknown_codec.wav").read_bytes(), "unsupported_codec"),
    ("x.txt", b"hello there\n", "unknown_speaker"),
])
def test_refusals_have_codes(name, data, code):
    with pytest.raises(CallInputError) as caught:
        inspect_upload(data, name, **LIMITS)
    assert caught.value.code == code and caught.value.message.startswith(name)


def test_the_limits_are_read_from_the_file_not_the_memory(tmp_path):
    path = CALLS / "call_stereo.mp3"
    with pytest.raises(CallInputError) as caught:
        inspect_upload(path, "big.mp3", max_bytes=100_000, max_seconds=7200)
    assert caught.value.code == "too_large" and caught.value.status == 413
    with pytest.raises(CallInputError) as caught:
        inspect_upload(path, "long.mp3", max_bytes=10**9, max_seconds=60)
    assert caught.value.code == "too_long"
