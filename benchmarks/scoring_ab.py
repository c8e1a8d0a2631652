"""Scoring speed of this checkout against another revision, interleaved in one process.

    python benchmarks/scoring_ab.py [--base main] [--n 2000] [--rounds 10]

On a shared machine a run-to-run comparison mostly measures the neighbours. This script
loads the scoring package of `--base` (extracted with `git archive`) next to this one
(trainer.scoring has only relative imports, so it loads as a package of another name), then
scores the same utterances (benchmarks/scoring.py's set) in alternating batches and compares
CPU time batch by batch, so load drift hits both sides alike. It prints each side's
utterances per CPU second and the median per-batch ratio.
"""

from __future__ import annotations

import argparse
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring import utterances  # noqa: E402


def load_base(revision: str, into: Path):
    """The scoring package of `revision`, imported as `scoring_base`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "trainer/scoring"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "trainer" / "scoring").rename(into / "scoring_base")
    sys.path.insert(0, str(into))
    return importlib.import_module("scoring_base")


def main() -> int:
    """Print both sides' utterances per CPU second and the median ratio of their batches."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="main")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    from trainer import scoring as here

    with tempfile.TemporaryDirectory() as tmp:
        base = load_base(args.base, Path(tmp))
        items = utterances(args.n)
        sides = {"base": base, "this": here}
        for side in sides.values():
            side.warm_up()
        spent = {name: 0.0 for name in sides}
        ratios = []
        batch = max(1, args.n // args.rounds)
        for start in range(0, args.n, batch):
            chunk = items[start:start + batch]
            took = {}
            for name in (("base", "this") if start // batch % 2 else ("this", "base")):
                t0 = time.process_time()
                for text in chunk:
                    sides[name].score_utterance(text)
                took[name] = time.process_time() - t0
                spent[name] += took[name]
            ratios.append(took["base"] / took["this"])
    print(f"{args.n:,} utterances in {len(ratios)} alternating batches, one process, CPU time")
    for name in sides:
        print(f"{name + (' (' + args.base + ')' if name == 'base' else ''):20} "
              f"{args.n / spent[name]:8,.0f} utt/s")
    print(f"this checkout runs at {statistics.median(ratios):.3f}x the base's speed "
          f"(median of batches; range {min(ratios):.3f}-{max(ratios):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
