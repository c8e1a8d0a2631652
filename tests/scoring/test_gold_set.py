"""The engine against the hand-labelled gold set (tests/data/gold.jsonl, see GOLD.md)."""

import json
import re
from pathlib import Path

import pytest

from trainer.scoring import DIMENSIONS, score_utterance
from trainer.scoring.calibration import band, evaluate, load_gold
from trainer.scoring.compliance import load_rules

ROOT = Path(__file__).resolve().parents[2]
GOLD = load_gold()
STARTERS = [i for i in GOLD if i.get("starter")]
UTTERANCE_CODES = {r.code for r in load_rules() if r.scope == "utterance"}


def test_gold_file_is_well_formed():
    assert len(GOLD) >= 200
    assert len({i["id"] for i in GOLD}) == len(GOLD)
    assert len({i["text"].lower() for i in GOLD}) == len(GOLD)
    for item in GOLD:
        assert item["split"] in ("train", "holdout")
        assert set(item["labels"]) == set(DIMENSIONS)
        assert all(label in (1, 2, 3, 4, 5) for label in item["labels"].values())
        assert set(item["flags"]) <= UTTERANCE_CODES, item["id"]
    assert sum(i["split"] == "holdout" for i in GOLD) >= 60


def test_starters_are_the_scoring_md_table():
    table = ROOT.parent / "shared" / "SCORING.md"
    if not table.exists():
        pytest.skip("SCORING.md is not next to this checkout")
    row = r"^\| (\d+) \| (.+?) \| ([HML]/[HML]/[HML]/[HML]) \|"
    rows = re.findall(row, table.read_text(), re.M)
    assert len(rows) == 30
    by_number = {i["starter"]: i for i in STARTERS}
    for number, text, bands in rows:
        assert by_number[int(number)]["text"] == text
        assert by_number[int(number)]["bands"] == bands


# #14 ("If we don't receive payment by Friday, we'll sue and garnish your wages.") is rated
# H for assertiveness, and its threat words carried the points that put it there. Issue 12
# says a threat is never credited, so its clarity (the dated demand) is all that counts: M.
THREAT_CREDIT_REMOVED = {14: "L/L/M/M"}


@pytest.mark.parametrize("item", STARTERS, ids=lambda i: f"starter{i['starter']}")
def test_starter_item_lands_in_its_band(item):
    card = score_utterance(item["text"], item.get("context"))
    got = "/".join(band(card.scores[d]) for d in DIMENSIONS)
    expected = THREAT_CREDIT_REMOVED.get(item["starter"], item["bands"])
    assert got == expected, {d: round(card.scores[d]) for d in DIMENSIONS}


def test_the_dated_threat_keeps_the_credit_of_its_clarity_only():
    [item] = [i for i in STARTERS if i["starter"] == 14]
    card = score_utterance(item["text"], item.get("context"))
    threat = next(f for f in card.flags if f.code == "threat_legal")
    credited = [e for e in card.evidence if e.dimension == "assertiveness" and e.effect > 0]
    assert {e.signal for e in credited} >= {"specific_date"}  # "by Friday" still counts
    assert all(e.end <= threat.start or e.start >= threat.end for e in credited
               if e.signal != "reading")
    assert 60 <= card.scores["assertiveness"] < 70


@pytest.fixture(scope="module")
def holdout_report():
    return evaluate(load_gold(split="holdout"))


TARGET = 0.8  # issue 2: Spearman rho >= 0.8 per dimension on the held-back split


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_holdout_rank_correlation(holdout_report, dimension):
    assert holdout_report["spearman"][dimension] >= TARGET, holdout_report["spearman"]


def test_flag_recall_and_no_critical_flag_on_clean_items():
    report = evaluate(GOLD)
    assert report["flag_recall"] >= 0.9, report["flags_missed"]
    assert report["critical_on_clean"] == 0


def test_weights_were_fitted_on_train_only():
    weights = json.loads((ROOT / "trainer/scoring/data/weights.json").read_text())
    assert weights["fitted_on"].endswith("split=train")


def test_cross_validation_reports_every_fold_and_restores_the_shipped_weights():
    from trainer.scoring.calibration import WEIGHTS, cross_validate

    shipped = WEIGHTS.read_bytes()
    line = "I understand, that's a lot. Could you manage $50 this Friday?"
    before = score_utterance(line).scores
    report = cross_validate(load_gold(split="train")[:80], ridge=8.0, folds=2)
    assert WEIGHTS.read_bytes() == shipped
    assert score_utterance(line).scores == before  # the shipped weights are back in use
    assert set(report["spearman"]) == set(DIMENSIONS)
    assert all(len(values) == 2 and all(-1 <= v <= 1 for v in values)
               for values in report["spearman"].values())


def test_second_labels_cover_the_holdout_and_agree_with_the_gold_labels():
    from trainer.scoring.calibration import SECOND_LABELS, agreement

    rows = [json.loads(line) for line in SECOND_LABELS.read_text().splitlines()]
    ids = {i["id"] for i in GOLD}
    assert len({r["id"] for r in rows}) == len(rows) and {r["id"] for r in rows} <= ids
    assert all(set(r["labels"]) == set(DIMENSIONS) and
               all(v in (1, 2, 3, 4, 5) for v in r["labels"].values()) for r in rows)
    report = agreement(GOLD)
    assert report["holdout"]["items"] == sum(i["split"] == "holdout" for i in GOLD)
    # two careful labellers agree well: a label file shuffled against its ids would not
    assert min(report["holdout"]["spearman"].values()) > 0.8, report
