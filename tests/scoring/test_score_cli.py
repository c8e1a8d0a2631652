"""`trainer score` exactly as INTERFACES.md describes it, plus `trainer signals` / `rules`."""

import json

import pytest
from click.testing import CliRunner

from trainer.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_INSTANCE_PATH", str(tmp_path / "instance"))

    def _run(args, stdin=None):
        return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)

    return _run


def test_text_argument_as_json(run):
    result = run(["score", "I understand. Can you pay $50 on Friday?", "--json"])
    assert result.exit_code == 0
    card = json.loads(result.stdout)
    assert set(card["scores"]) == {"empathy", "positive_language", "assertiveness", "calmness"}
    assert any(e["signal"] == "acknowledge_feelings" for e in card["evidence"])


def test_context_is_the_debtors_line(run):
    result = run(["score", "So the job loss hit you hard.", "--context",
                  "Losing my job hit me hard.", "--json"])
    assert "reflection" in {e["signal"] for e in json.loads(result.stdout)["evidence"]}


def test_readable_output_explains_each_dimension(run):
    result = run(["score", "We will have you arrested."])
    assert result.exit_code == 0
    assert "empathy" in result.stdout and "FLAG CRITICAL threat_arrest" in result.stdout
    assert "Say it better" in result.stdout


def test_stdin_lines_make_a_table_in_input_order(run):
    result = run(["score"], "Thank you for your time.\n\nYou people are deadbeats.\n")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:4] == ["EMP", "POS", "ASR", "CLM"]
    assert "Thank you" in lines[1] and "abuse" in lines[2]


def test_jsonl_batch_keeps_ids_and_order_and_reports_bad_lines(run):
    stdin = "\n".join([
        json.dumps({"id": "a", "text": "Thank you."}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "We will sue you.", "context": {"debtor_line": "No."}}),
    ]) + "\n"
    result = run(["score", "--input", "jsonl", "--json"], stdin)
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "b", "c"]
    assert rows[1]["error"]["message"].startswith("malformed JSON") and rows[1]["line"] == 2
    assert rows[2]["error"]["code"] == "empty"
    assert "threat_legal" in {f["code"] for f in rows[3]["flags"]}
    assert "line 2: malformed JSON" in result.stderr and "line 3: text is empty" in result.stderr


def test_invalid_utf8_line_is_reported_and_the_rest_scored(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("TRAINER_INSTANCE_PATH", str(tmp_path / "instance"))
    proc = subprocess.run([sys.executable, "-m", "trainer", "score", "--json"],
                          input=b"Thank you.\n\xff\xfe broken\nCan you pay today?\n",
                          capture_output=True, check=False)
    assert proc.returncode == 1
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert "scores" in rows[0] and "scores" in rows[2]
    assert "not valid UTF-8" in rows[1]["error"]["message"]


@pytest.mark.parametrize("text", ["   ", "x" * 5001, "asdkjh qwpoeiru zxmcnv lkqwje"])
def test_bad_text_argument_exits_nonzero_with_one_line(run, text):
    result = run(["score", text])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error:")


def test_signals_and_rules_list_the_data(run):
    signals = [json.loads(line) for line in run(["signals", "--json"]).stdout.splitlines()]
    assert {"threat_arrest", "acknowledge_feelings"} <= {s["id"] for s in signals}
    assert all(s["why"] and s["source"] for s in signals)
    rules = [json.loads(line) for line in run(["rules", "--json"]).stdout.splitlines()]
    assert {r["code"] for r in rules} >= {"threat_arrest", "missing_mini_miranda"}


def test_a_flag_shows_the_state_it_relied_on(run):
    result = run(["score", "--context", "No, this is her roommate. She's at work.",
                  "Tell her Harbor Point called about her Northside Medical bill."])
    assert result.exit_code == 0
    assert "FLAG REVIEW third_party_disclosure" in result.stdout
    assert "relied on: third party on the line (from the debtor's line) (her roommate)" \
        in result.stdout


def test_text_output_says_what_the_debtors_line_called_for(run):
    result = run(["score", "You owe this. Pay it today.", "--context", "I lost my job."])
    assert result.exit_code == 0
    assert "called for: empathy, positive_language, calmness, reason, hardship_ack (distress:" \
        in result.stdout
    assert "Say it better (reason): " in result.stdout
    plain = run(["score", "You owe this. Pay it today."])  # no debtor line: nothing to judge by
    assert "called for" not in plain.stdout
