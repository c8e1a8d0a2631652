"""Three batches in the labellers' format, written for this work and used to tune the rules.

They were scored before tuning (strict critical+major recall 0.58, 0.52 and 0.53, README); they
are kept as a regression check, not as a measure of wording the rules have not seen.
"""

from pathlib import Path

import pytest

from trainer.scoring import compliance_eval
from trainer.scoring.compliance import load_rules

DATA = Path(__file__).with_name("data")
SEVERITY = {r.code: r.severity for r in load_rules() if r.scope == "utterance"}


@pytest.mark.parametrize("name", ["dev_batch_1.jsonl", "dev_batch_2.jsonl", "dev_batch_3.jsonl"])
def test_dev_batch_stays_caught_and_clean(name):
    tally = compliance_eval.evaluate_file(DATA / name, SEVERITY)
    report = tally.summary(SEVERITY)
    assert report["errors"] == 0 and report["items"] >= 90
    assert report["recall_strict"] >= 0.9, tally.misses
    assert report["clean_with_serious_flag"] == 0, tally.misses
