"""How the text scorers do on real, human-labelled data that is not collections talk.

    python benchmarks/scoring_dev_data.py [DEV_DATA_DIR]

DEV_DATA_DIR defaults to $TRAINER_DEV_DATA or ../shared/data/dev next to the checkout; the
data is read in place and never copied (its licences allow evaluation, not redistribution).
Prints, next to plain VADER on the same items:
- EPITOME (Sharma et al. 2020): AUC of the empathy score for responses that show any
  empathy mechanism at level 2 against those with none, and Spearman rho with the summed levels.
- Stanford Politeness (Danescu-Niculescu-Mizil et al. 2013): AUC of the positive-language score
  for the top against the bottom quartile, per community (the paper's binary task).
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from trainer.scoring import ScoringInputError, score_utterance  # noqa: E402


def dev_dir() -> Path:
    """Where the dev data lives."""
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
    return Path(os.environ.get("TRAINER_DEV_DATA", default))


def scored(texts, dimension):
    """Engine scores for the texts it accepts; the rejected count."""
    out, rejected = {}, 0
    for i, text in enumerate(texts):
        try:
            out[i] = score_utterance(text[:5000]).scores[dimension]
        except ScoringInputError:
            rejected += 1
    return out, rejected


def empathy(root: Path, vader) -> None:
    """EPITOME: empathy score against the three annotated mechanisms."""
    rows = list(csv.DictReader((root / "empathy-epitome-dev.csv").open(encoding="utf-8")))
    mechanisms = ("emotional_reactions", "interpretations", "explorations")
    levels = [sum(int(r[k]) for k in mechanisms) for r in rows]
    strong = [max(int(r[k]) for k in mechanisms) == 2 for r in rows]
    scores, rejected = scored([r["response_post"] for r in rows], "empathy")
    keep = [i for i in scores if strong[i] or levels[i] == 0]
    y = [strong[i] for i in keep]
    auc = roc_auc_score(y, [scores[i] for i in keep])
    vader_auc = roc_auc_score(y, [vader.polarity_scores(rows[i]["response_post"])["compound"]
                                  for i in keep])
    rho = spearmanr([scores[i] for i in scores], [levels[i] for i in scores]).statistic
    print(f"EPITOME empathy: {len(rows)} responses ({rejected} rejected as input), "
          f"{sum(y)} strong vs {len(y) - sum(y)} none")
    print(f"  AUC engine empathy {auc:.3f}   plain VADER compound {vader_auc:.3f}   "
          f"Spearman with summed levels {rho:.3f}")
    for mechanism in mechanisms:  # level 2 against level 0 of each mechanism on its own
        keep = [i for i in scores if rows[i][mechanism] in ("0", "2")]
        y = [rows[i][mechanism] == "2" for i in keep]
        print(f"  {mechanism:<20} level 2 vs 0 ({sum(y)} vs {len(y) - sum(y)}): AUC "
              f"{roc_auc_score(y, [scores[i] for i in keep]):.3f}")


def politeness(root: Path, vader) -> None:
    """Stanford Politeness: positive-language score, top vs bottom quartile per community."""
    rows = list(csv.DictReader((root / "politeness-dev.csv").open(encoding="utf-8")))
    for community in sorted({r["community"] for r in rows}):
        group = sorted((r for r in rows if r["community"] == community),
                       key=lambda r: float(r["normalized_score"]))
        quarter = len(group) // 4
        ends = group[:quarter] + group[-quarter:]
        y = [0] * quarter + [1] * quarter
        scores, rejected = scored([r["request"] for r in ends], "positive_language")
        keep = sorted(scores)
        auc = roc_auc_score([y[i] for i in keep], [scores[i] for i in keep])
        vader_scores = [vader.polarity_scores(r["request"])["compound"] for r in ends]
        vader_auc = roc_auc_score(y, vader_scores)
        print(f"Politeness {community}: {len(ends)} requests ({rejected} rejected), "
              f"AUC engine positive_language {auc:.3f}   plain VADER {vader_auc:.3f}")


def main() -> int:
    """Run both measurements."""
    root = dev_dir()
    if not (root / "politeness-dev.csv").exists():
        print(f"no dev data at {root}; pass its folder as the first argument", file=sys.stderr)
        return 2
    vader = SentimentIntensityAnalyzer()
    empathy(root, vader)
    politeness(root, vader)
    return 0


if __name__ == "__main__":
    sys.exit(main())
