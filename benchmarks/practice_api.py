"""Latency of typed practice turns over HTTP: POST /api/v1/sessions/ID/turns.

Starts `trainer serve` (waitress) in a subprocess on a free port with a throwaway instance
folder, creates a trainee and an API token with the CLI, then posts at least --turns typed
answers through one keep-alive connection, starting a new lost_job session whenever one
finishes. Prints p50/p95 latency and throughput, next to two baselines measured in the same
run: GET /api/v1/scenarios over the same connection (the HTTP + auth floor), and
score_utterance called in-process (the engine alone).

    .venv/bin/python benchmarks/practice_api.py [--turns 500]
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from good_trainee import good_answers  # noqa: E402
from live_server import live_server  # noqa: E402

ANSWERS = good_answers("lost_job")


def percentile(values, pct) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


def call(conn, method, path, token, body=None):
    """One request on the kept-alive connection: (status, JSON, seconds)."""
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    start = time.perf_counter()
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    elapsed = time.perf_counter() - start
    return response.status, json.loads(payload), elapsed


def summary(name, seconds) -> str:
    """p50 / p95 / mean in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return (f"{name:<34} n={len(ms):<5} p50={percentile(ms, 50):7.2f} ms  "
            f"p95={percentile(ms, 95):7.2f} ms  mean={statistics.fmean(ms):7.2f} ms")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    with live_server("--threads", str(args.threads)) as (port, token):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):  # warm up: imports, the engine's lexicons, SQLite pages
            call(conn, "GET", "/api/v1/scenarios", token)
        floor = [call(conn, "GET", "/api/v1/scenarios", token)[2] for _ in range(200)]

        turn_times, sessions, finished = [], 0, 0
        started = time.perf_counter()
        session_id, step = None, 0
        while len(turn_times) < args.turns:
            if session_id is None:
                status, body, _ = call(conn, "POST", "/api/v1/sessions", token,
                                       {"scenario": "lost_job"})
                assert status == 201, body
                session_id, step, sessions = body["id"], 0, sessions + 1
            status, body, elapsed = call(conn, "POST", f"/api/v1/sessions/{session_id}/turns",
                                         token, {"text": ANSWERS[step % len(ANSWERS)]})
            assert status == 200, body
            turn_times.append(elapsed)
            step += 1
            if body["finished"]:
                finished += 1
                session_id = None
        wall = time.perf_counter() - started

    from trainer.scoring import score_utterance

    for text in ANSWERS:
        score_utterance(text, None)
    engine = []
    for i in range(300):
        t0 = time.perf_counter()
        score_utterance(ANSWERS[i % len(ANSWERS)], "Hello?")
        engine.append(time.perf_counter() - t0)

    p95_turn = percentile(turn_times, 95)
    print(f"trainer serve (waitress, {args.threads} threads), SQLite, one keep-alive client, "
          f"{os.cpu_count()} CPUs")
    print(summary("POST /sessions/ID/turns", turn_times))
    print(summary("GET /scenarios (HTTP+auth floor)", floor))
    print(summary("score_utterance in-process", engine))
    print(f"turns: {len(turn_times)} in {wall:.2f} s = {len(turn_times) / wall:.1f} turns/s "
          f"(sessions started {sessions}, finished {finished})")
    print(f"ratio p95 turn / p95 floor: {p95_turn / percentile(floor, 95):.1f}x; "
          f"p95 turn / p95 engine: {p95_turn / percentile(engine, 95):.1f}x")
    print(f"target p95 <= 50 ms: {'met' if p95_turn * 1000 <= 50 else 'NOT met'} "
          f"({p95_turn * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
