"""Transcript input: JSON, WebVTT, SRT and plain text read the same; bad files say why."""

import pytest
from call_helpers import transcript

from trainer.calls.errors import CallInputError
from trainer.calls.formats import read_transcript
from trainer.calls.transcript import Metadata, parse_metadata


@pytest.mark.parametrize("name", ["call.json", "call.vtt", "call.srt", "call.txt"])
def test_every_format_gives_the_script_turn_by_turn(calls_dir, timeline, name):
    call = read_transcript((calls_dir / name).read_bytes(), name)
    assert [(t.speaker, t.text) for t in call.turns] == [
        (line["speaker"], line["text"]) for line in timeline["lines"]]
    if name != "call.txt":  # subtitles and JSON carry times
        assert [round(t.start, 2) for t in call.turns] == [
            round(line["start"], 2) for line in timeline["lines"]]


def test_json_metadata_is_read_with_its_offset_and_zone(calls_dir):
    meta = read_transcript((calls_dir / "call.json").read_bytes(), "call.json").metadata
    assert (meta.id, meta.agent, meta.consumer_timezone) == (
        "fixture-call-1", "sam.agent", "America/New_York")
    assert meta.started_at.utcoffset().total_seconds() == -5 * 3600
    assert meta.local_start().hour == 10


def test_given_metadata_overrides_the_files(calls_dir):
    override = parse_metadata({"agent": "other", "consumer_timezone": "America/Los_Angeles"})
    meta = read_transcript((calls_dir / "call.json").read_bytes(), "call.json",
                           override).metadata
    assert (meta.agent, meta.local_start().hour) == ("other", 7)


@pytest.mark.parametrize("text, speakers", [
    ("WEBVTT\n\n00:00.000 --> 00:02.000\n<v Agent Sam>Hi, this is Sam.</v>\n\n"
     "00:02.500 --> 00:03.000\n<v.loud Debtor>Who?\n", ["agent", "customer"]),
    ("WEBVTT\n\n00:00.000 --> 00:02.000\n<v Agent>Hi.</v> <v Customer>Hello.</v>\n",
     ["agent", "customer"]),
    ("1\n00:00:00,000 --> 00:00:02,000\nREP: Hi there.\nhow are you?\n\n"
     "2\n00:00:02,100 --> 00:00:04,000\nREP: Calling about your account.\n",
     ["agent"]),  # one speaker's cues within a second are one turn
    ("Agent: Hello.\nwrapped line\nConsumer: Yes?\n", ["agent", "customer"]),
])
def test_speaker_labels_and_cue_merging(text, speakers):
    call = read_transcript(text.encode(), "x")
    assert [t.speaker for t in call.turns] == speakers


@pytest.mark.parametrize("data, name, code, message", [
    (transcript(("agent", "Hi."), ("supervisor", "Hello.")), "a.json", "unknown_speaker",
     "turn 2: speaker 'supervisor'"),
    (transcript(("agent", "Hi."), ("customer", "  ")), "a.json", "missing_text", "turn 2"),
    (b'{"turns": [{"speaker": "agent"}]}', "a.json", "missing_text", "turn 1 has no text"),
    (b'{"turns": [{"text": "hello"}]}', "a.json", "unknown_speaker", "has no speaker"),
    (b'{"turns": []}', "a.json", "empty_call", "no turns"),
    (transcript(("customer", "Hello?")), "a.json", "empty_call", "no agent turn"),
    (b'{"turns": [', "a.json", "bad_transcript", "not valid JSON"),
    (b'{"calls": []}', "a.json", "bad_transcript", '"turns" list'),
    (transcript(("agent", "Hi.", 3.0, 1.0)), "a.json", "bad_transcript", "ends before"),
    (b"WEBVTT\n\n00:00.000 --> 00:01.000\nhello there\n", "a.vtt", "unknown_speaker",
     "line 3: the cue names no speaker"),
    (b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Manager>hello</v>\n", "a.vtt",
     "unknown_speaker", "'Manager'"),
    (b"1\n00:00:00,000 --> 00:00:01,000\nAgent:\n", "a.srt", "missing_text", "says nothing"),
    (b"Agent: Hi.\nSupervisor: Hello.\n", "a.txt", "unknown_speaker", "line 2"),
    (b"just some words\n", "a.txt", "unknown_speaker", "line 1: the line names no speaker"),
    (b"Agent:\n", "a.txt", "missing_text", "line 1"),
    (b"", "a.txt", "empty_call", "no turns"),
    (b"\xff\xfe\x00\x01binary", "a.txt", "not_audio", "neither audio nor"),
    (b"Agent: caf\xe9\n", "a.txt", "bad_transcript", "not UTF-8"),
    (transcript(("agent", "Hi."), started_at="2026-03-01T14:05:00"), "a.json", "bad_metadata",
     "needs a UTC offset"),
    (transcript(("agent", "Hi."), started_at="yesterday"), "a.json", "bad_metadata",
     "not an ISO 8601 time"),
    (transcript(("agent", "Hi."), consumer_timezone="Mars/Olympus"), "a.json", "bad_metadata",
     "not an IANA time zone"),
])
def test_bad_transcripts_get_a_clear_per_file_error(data, name, code, message):
    with pytest.raises(CallInputError) as caught:
        read_transcript(data, name)
    assert caught.value.code == code
    assert message in caught.value.message and caught.value.message.startswith(name)


def test_metadata_merge_keeps_the_files_values_where_none_given():
    mine = Metadata(agent="a1", consumer_timezone="America/Chicago")
    assert mine.merged(Metadata()).agent == "a1"
    assert mine.merged(Metadata(agent="a2")).consumer_timezone == "America/Chicago"
