"""The batch evaluation tool: counts per rule, recall, clean lines, unreadable lines."""

import json
from pathlib import Path

from trainer.scoring import compliance_eval

BATCH = Path(__file__).with_name("data") / "eval_batch.jsonl"


def run(capsys, *args):
    status = compliance_eval.main([*map(str, args), "--json"])
    out = capsys.readouterr()
    return status, json.loads(out.out), out.err


def test_one_batch_is_counted_per_rule(capsys):
    status, report, err = run(capsys, BATCH)
    batch = report["batches"][0]
    assert batch["items"] == 9 and batch["errors"] == 2
    assert "eval_batch.jsonl:10: not valid JSON" in err
    assert "eval_batch.jsonl:11: missing text" in err
    assert status == 1  # unreadable lines are reported, the rest is still scored
    rules = batch["per_rule"]
    assert rules["third_party_disclosure"] == {
        "severity": "critical", "expected": 1, "caught": 1, "caught_as_review": 0, "missed": 0,
        "false_positives": 0, "false_positives_review": 0}
    assert rules["debt_before_verification"]["caught"] == 1
    assert rules["pressing_after_cease"]["caught"] == 1
    # a guess at a credit effect is raised for review, not as a certain major flag
    assert (rules["false_credit_statement"]["caught"],
            rules["false_credit_statement"]["caught_as_review"]) == (0, 1)
    assert rules["threat_third_party"]["missed"] == 1
    assert rules["threat_arrest"]["false_positives"] == 1
    assert batch["serious_expected"] == 5
    assert (batch["recall_strict"], batch["recall_with_review"]) == (0.6, 0.8)
    assert (batch["clean_lines"], batch["clean_with_serious_flag"]) == (3, 1)
    assert batch["unknown_codes"] == {"missing_disclosure": 1}


def test_several_batches_get_a_total(capsys, tmp_path):
    good = [line for line in BATCH.read_text().splitlines() if line.startswith("{\"id\": \"t-00")]
    second = tmp_path / "second.jsonl"
    second.write_text("\n".join(good[:4]) + "\n")
    status, report, _ = run(capsys, BATCH, second)
    names = [b["batch"] for b in report["batches"]]
    assert names == ["eval_batch.jsonl", "second.jsonl", "all batches"]
    total = report["batches"][-1]
    assert total["items"] == 9 + 4 and total["serious_expected"] == 5 + 3
    assert total["per_rule"]["third_party_disclosure"]["expected"] == 2


def test_table_output_and_a_missing_file(capsys, tmp_path):
    status = compliance_eval.main([str(BATCH), str(tmp_path / "nope.jsonl")])
    out = capsys.readouterr()
    assert status == 1 and "nope.jsonl: no such file" in out.err
    assert "recall, critical+major (5 expected): 0.6 strict, 0.8 counting review" in out.out
    assert "clean lines with a critical or major flag: 1 of 3" in out.out


def test_flags_for_scores_the_line_after_its_conversation():
    item = json.loads(BATCH.read_text().splitlines()[0])
    flags = compliance_eval.flags_for(item)
    found = next(f for f in flags if f.code == "third_party_disclosure")
    assert found.state == "third party on the line since turn 2 (her roommate)"
