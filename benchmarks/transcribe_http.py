"""The `http` section of benchmarks/transcribe.py: a spoken answer's latency over HTTP.

Starts `trainer serve` (waitress plus its consumer thread, as `make run` does) on a free port
with a throwaway instance folder, then, for each run, opens a lost_job session, uploads the
~10 s webm/opus answer (POST /api/v1/sessions/ID/turns, multipart) and polls
GET /api/v1/jobs/ID every 20 ms until the job is done. Prints the median upload-to-scores
time next to the engine alone (decode + transcribe + delivery + score in this process, same
audio, interleaved with the HTTP runs), and what HTTP, the queue and polling add to the job.
"""

from __future__ import annotations

import http.client
import json
import statistics
import time
import uuid
from pathlib import Path

from live_server import live_server

POLL_S = 0.02


class Api:
    """One keep-alive connection with a Bearer token."""

    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body=None, content_type=None) -> tuple[int, dict]:
        """One request; (status, JSON body)."""
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        return response.status, json.loads(response.read() or b"null")

    def upload(self, session_id: int, data: bytes) -> tuple[int, dict]:
        """POST the recording as the multipart field `audio`."""
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"audio\"; "
                f"filename=\"answer.webm\"\r\nContent-Type: audio/webm\r\n\r\n").encode() + \
            data + f"\r\n--{boundary}--\r\n".encode()
        return self.call("POST", f"/api/v1/sessions/{session_id}/turns", body,
                         f"multipart/form-data; boundary={boundary}")


def _one_answer(api: Api, data: bytes) -> tuple[float, float, dict]:
    """(upload-to-scores seconds, upload request seconds, the finished job)."""
    status, started = api.call("POST", "/api/v1/sessions",
                               json.dumps({"scenario": "lost_job"}), "application/json")
    if status != 201:
        raise RuntimeError(f"cannot start a session: {status} {started}")
    t0 = time.perf_counter()
    status, queued = api.upload(started["id"], data)
    t1 = time.perf_counter()
    if status != 202:
        raise RuntimeError(f"upload refused: {status} {queued}")
    while True:
        _status, job = api.call("GET", f"/api/v1/jobs/{queued['job']}")
        if job["status"] in ("done", "failed"):
            break
        time.sleep(POLL_S)
    t2 = time.perf_counter()
    if job["status"] != "done":
        raise RuntimeError(f"the job failed: {job['error']}")
    return t2 - t0, t1 - t0, job


def _seconds(start: str, end: str) -> float:
    """Seconds between two ISO timestamps of the job API."""
    from datetime import datetime

    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _engine_once(path: Path) -> float:
    """decode + transcribe + delivery + score in this process, in seconds."""
    from trainer.scoring import score_utterance
    from trainer.speech import analyse_answer

    start = time.perf_counter()
    transcript, delivery = analyse_answer(path)
    score_utterance(transcript.text, {"source": "transcribed", "delivery": delivery})
    return time.perf_counter() - start


def section_http(bench) -> None:
    """Upload-to-scores latency of a ~10 s answer against a running server and its worker."""
    data = bench.answer_path.read_bytes()
    print(f"\n== http: upload to scores over HTTP, `trainer serve` with its consumer thread, "
          f"median of {bench.runs} runs")
    with live_server(TRAINER_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000") as (port, token):
        api = Api(port, token)
        _one_answer(api, data)  # warm-ups: the consumer may still be loading the model,
        _engine_once(bench.answer_path)  # and this process loads its own copy
        totals, uploads, engines, waits, works = [], [], [], [], []
        for _ in range(bench.runs):  # interleaved, so both see the same machine load
            total, upload, job = _one_answer(api, data)
            totals.append(total)
            uploads.append(upload)
            waits.append(_seconds(job["created_at"], job["started_at"]))
            works.append(_seconds(job["started_at"], job["finished_at"]))
            engines.append(_engine_once(bench.answer_path))
    engine = statistics.median(engines)
    total = statistics.median(totals)
    words = len(job["result"]["turn"]["transcript"]["words"])
    print(f"  audio {job['result']['turn']['delivery']['duration_s']:.1f} s webm/opus, "
          f"{words} words; upload request {statistics.median(uploads):.3f} s, queue wait "
          f"{statistics.median(waits):.3f} s, job {statistics.median(works):.2f} s "
          "(database times)")
    work = statistics.median(works)
    print(f"  upload to scores {total:.2f} s (min {min(totals):.2f}, max {max(totals):.2f}); "
          f"HTTP + queue + polling add {total - work:.3f} s to the job itself")
    note = " (the server's job ran faster than this process's engine)" if work < engine else ""
    print(f"  engine alone in this process {engine:.2f} s: over HTTP is {total / engine:.2f}x "
          f"that{note}")
    print(f"  target <= 2.0 s: {'met' if total <= 2.0 else 'NOT met'} (a browser polls every "
          "0.2 s, so it sees the scores up to 0.2 s later)")
