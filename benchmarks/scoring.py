"""Scoring throughput: the full Scorecard against VADER alone, on the same 10,000 utterances.

    python benchmarks/scoring.py [--n 10000]

The utterances are built deterministically from the gold set (one or two gold texts, each
sometimes with a short lead-in), so they are real agent language in realistic lengths.
Both measurements run in this process on one core, one after the other, in the same run.
Target (issue 2): >= 1,000 utterances/s for the full Scorecard, median <= 2 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from trainer.scoring import score_utterance, warm_up  # noqa: E402

LEADS = ["", "", "Okay. ", "Right, ", "I see. ", "Thanks. ", "Sure. "]


def utterances(n: int) -> list[str]:
    """n agent utterances, the same on every run."""
    gold = [json.loads(line)["text"] for line in
            (ROOT / "tests/data/gold.jsonl").read_text().splitlines() if line.strip()]
    rng = random.Random(1692)
    out = []
    for _ in range(n):
        text = rng.choice(LEADS) + rng.choice(gold)
        if rng.random() < 0.3:
            text += " " + rng.choice(gold)
        out.append(text[:5000])
    return out


def timed(fn, items: list[str]) -> tuple[float, list[float]]:
    """Total seconds and per-item seconds."""
    per = []
    start = time.perf_counter()
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        per.append(time.perf_counter() - t0)
    return time.perf_counter() - start, per


def main() -> int:
    """Print utterances/s and latency for both, and their ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    items = utterances(args.n)
    warm_up()
    vader = SentimentIntensityAnalyzer()
    vader.polarity_scores("warm up")
    rows = []
    for name, fn in (("VADER alone", vader.polarity_scores), ("full Scorecard", score_utterance)):
        total, per = timed(fn, items)
        per.sort()
        rows.append((name, args.n / total, statistics.median(per) * 1000,
                     per[int(0.95 * len(per))] * 1000))
    mean_chars = sum(map(len, items)) / len(items)
    print(f"{args.n:,} utterances (mean {mean_chars:.0f} characters), one core, same run")
    print(f"{'':16} {'utt/s':>9} {'median ms':>10} {'p95 ms':>8}")
    for name, rate, median, p95 in rows:
        print(f"{name:16} {rate:9,.0f} {median:10.3f} {p95:8.3f}")
    ratio = rows[0][1] / rows[1][1]
    print(f"full Scorecard costs {ratio:.1f}x VADER alone "
          f"(target: >= 1,000 utt/s and median <= 2 ms: "
          f"{'met' if rows[1][1] >= 1000 and rows[1][2] <= 2 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
