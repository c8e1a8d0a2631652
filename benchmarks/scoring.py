"""Scoring throughput: the full Scorecard against VADER alone, on the same 10,000 utterances,
and whole conversations checked with their compliance state.

    python benchmarks/scoring.py [--n 10000] [--calls 60]

The utterances are built deterministically from the gold set (one or two gold texts, each
sometimes with a short lead-in), so they are real agent language in realistic lengths.
Both measurements run in this process on one core, one after the other, in the same run.
Target (issue 2): >= 1,000 utterances/s for the full Scorecard, median <= 2 ms.
The calls are 30 turns each (15 debtor lines from the gold set's debtor lines, 15 agent
lines), scored by score_conversation; target (issue 9): <= 30 ms per call.
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

from trainer.scoring import score_conversation, score_utterance, warm_up  # noqa: E402

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


def calls(n: int, turns: int = 30) -> list[list[dict]]:
    """n conversations of `turns` lines, debtor and agent alternating, the same on every run."""
    rows = [json.loads(line) for line in
            (ROOT / "tests/data/gold.jsonl").read_text().splitlines() if line.strip()]
    rng = random.Random(1692)
    out = []
    for _ in range(n):
        call = []
        for i in range(turns // 2):
            row = rng.choice(rows)
            call.append({"speaker": "customer", "text": "Hello?" if i == 0
                         else row["context"]["debtor_line"]})
            call.append({"speaker": "agent", "text": row["text"]})
        out.append(call)
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
    parser.add_argument("--calls", type=int, default=60)
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
    conversations = calls(args.calls)
    facts = {"debtor_name": "Dana Whitfield", "creditor": "Northside Medical", "balance": 1842.5}
    _, per = timed(lambda call: score_conversation(call, {"facts": facts}), conversations)
    per.sort()
    median, p95 = statistics.median(per) * 1000, per[int(0.95 * len(per))] * 1000
    print(f"{len(conversations)} calls of 30 turns (15 agent lines) with the compliance state: "
          f"median {median:.1f} ms, p95 {p95:.1f} ms, {median / 15:.2f} ms per agent line "
          f"(target: <= 30 ms per call: {'met' if median <= 30 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
