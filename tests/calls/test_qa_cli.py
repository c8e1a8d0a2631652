"""`trainer qa score`: one scorecard per file, JSON Lines or CSV, and a bad file never stops
the batch (non-zero exit, one line on stderr per bad file)."""

import csv
import json

import pytest
from click.testing import CliRunner

from trainer.calls.batch import expand

TRANSCRIPTS = ["call.json", "call.vtt", "call.srt", "call.txt"]


@pytest.fixture
def qa(runner):
    """qa(*args) -> the result of `trainer qa score ARGS` with stdout and stderr apart."""

    def _run(*args):
        return runner.invoke(args=["qa", "score", *map(str, args)])

    return _run


@pytest.fixture
def batch(tmp_path, calls_dir):
    """A folder of the four transcript fixtures, one bad transcript and a stray file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in TRANSCRIPTS:
        (folder / name).write_bytes((calls_dir / name).read_bytes())
    (folder / "bad.json").write_text('{"turns": [{"speaker": "boss", "text": "hi"}]}')
    (folder / "notes.md").write_text("not a call")
    (folder / ".hidden.json").write_text("{}")
    return folder


def test_json_lines_in_input_order_with_the_interfaces_shape(qa, calls_dir):
    result = qa("--json", *(calls_dir / n for n in TRANSCRIPTS))
    assert result.exit_code == 0, result.stderr
    cards = [json.loads(line) for line in result.stdout.splitlines()]
    assert [c["file"].rsplit("/", 1)[-1] for c in cards] == TRANSCRIPTS
    assert all({"turns", "agent_scores", "overall", "critical_fail", "compliance", "metrics",
                "customer_sentiment", "promise_to_pay"} <= set(c) for c in cards)
    assert {c["overall"] for c in cards} == {cards[0]["overall"]}  # same call, same score


def test_a_folder_and_a_bad_file_the_others_are_still_scored(qa, batch):
    result = qa("--json", batch, batch / "missing.wav")
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"error: {batch / 'bad.json'}: turn 1: speaker 'boss' is neither the agent nor the "
        "customer (label turns Agent: or Customer:)",
        f"error: {batch / 'missing.wav'}: the file does not exist"]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x.get("error", {}).get("code") for x in lines] == [
        "unknown_speaker", None, None, None, None, "not_found"]
    assert sum("overall" in x for x in lines) == 4


def test_csv_rows_for_every_file(qa, batch, tmp_path):
    out = tmp_path / "scores.csv"
    result = qa("--csv", out, batch)
    assert result.exit_code == 1 and result.stdout == ""
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["file"].rsplit("/", 1)[-1] for r in rows] == ["bad.json", *sorted(TRANSCRIPTS)]
    assert rows[0]["error"].startswith("turn 1: speaker 'boss'") and rows[0]["overall"] == ""
    good = rows[1]
    assert good["promise_amount"] == "200.0" and good["promise_method"] == "debit card"
    assert good["critical_fail"] == "False" and float(good["overall"]) > 0
    assert good["redactions"] == "1"


def test_the_readable_summary(qa, calls_dir):
    result = qa(calls_dir / "call.json")
    assert result.exit_code == 0
    assert "call.json: overall" in result.stdout and "promise 200.0 USD on 2026-03-06" in \
        result.stdout


def test_metadata_flags_apply_and_bad_ones_are_refused(qa, calls_dir):
    result = qa("--json", "--agent", "a-42", "--timezone", "America/Chicago",
                calls_dir / "call.txt")
    card = json.loads(result.stdout)
    assert (card["agent"], card["consumer_timezone"]) == ("a-42", "America/Chicago")
    bad = qa("--started-at", "2026-03-01T10:00:00", calls_dir / "call.txt")
    assert bad.exit_code == 2 and "needs a UTC offset" in bad.stderr
    both = qa("--json", "--csv", "x.csv", calls_dir / "call.txt")
    assert both.exit_code == 2 and "choose --json or --csv" in both.stderr


def test_an_empty_folder_is_an_error(qa, tmp_path):
    result = qa(tmp_path)
    assert result.exit_code == 1 and "no call files found" in result.stderr


def test_workers_score_in_processes_and_keep_the_order(qa, batch):
    result = qa("--json", "--workers", "2", batch)
    assert result.exit_code == 1
    files = [json.loads(line)["file"].rsplit("/", 1)[-1] for line in result.stdout.splitlines()]
    assert files == ["bad.json", *sorted(TRANSCRIPTS)]


def test_expand_skips_hidden_and_foreign_files(batch):
    assert [p.rsplit("/", 1)[-1] for p in expand([str(batch)])] == [
        "bad.json", *sorted(TRANSCRIPTS)]


def test_qa_help_lists_the_interface():
    from trainer.cli import main

    result = CliRunner().invoke(main, ["qa", "score", "--help"])
    for option in ("--json", "--csv", "--agent-channel", "--workers"):
        assert option in result.output
