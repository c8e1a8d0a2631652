"""The QA call list at a month of calls (500 a day): page times with each filter. Prints figures.

Seeds 30 days x 500 scored calls (40 agents, one checklist row per rule each) into a throwaway
SQLite database, then asks the running app (in process, through the test client, as a logged-in
QA analyst) for the list page and GET /api/v1/calls with each filter, and for one real call's
page (the committed fixture, scored). The list reads indexed columns only and never loads a
scorecard, which is what keeps it flat as calls pile up.

    .venv/bin/python benchmarks/qa_pages.py [--days 30] [--per-day 500] [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).parents[1]
FILTERS = {
    "no filter": "",
    "one agent": "agent=agent07",
    "one day": "since=2026-03-10&until=2026-03-10",
    "critical fails": "critical=yes",
    "overall 40-60": "min_score=40&max_score=60",
    "mini-Miranda failed": "check=missing_mini_miranda&check_status=fail",
    "agent + critical + week": "agent=agent07&critical=yes&since=2026-03-01&until=2026-03-07",
    "page 100": "page=100",
}


def seed(app, days: int, per_day: int) -> int:
    """Insert the calls and their checklist rows in bulk; returns how many calls."""
    from sqlalchemy import insert

    from trainer.extensions import db
    from trainer.models import Call, CallCheck
    from trainer.scoring.compliance import load_rules
    from trainer.scoring.types import DIMENSIONS

    rules = [(r.code, r.severity) for r in load_rules()]
    rng = random.Random(5)
    start = datetime(2026, 3, 1, 13, tzinfo=UTC)
    rows, checks = [], []
    call_id = 0
    for day in range(days):
        for n in range(per_day):
            call_id += 1
            overall = round(rng.uniform(30, 95))
            when = start + timedelta(days=day, seconds=n * 60)
            rows.append({"id": call_id, "file_name": f"call-{call_id}.wav", "source": "audio",
                         "options": {}, "status": "done", "agent": f"agent{rng.randrange(40):02d}",
                         "started_at": when, "created_at": when, "updated_at": when,
                         "duration_s": rng.uniform(60, 600), "overall": overall,
                         "critical_fail": rng.random() < 0.03,
                         "agent_scores": {d: overall for d in DIMENSIONS},
                         "scorecard": {"overall": overall}})
            checks += [{"call_id": call_id, "rule": code, "severity": severity,
                        "status": "fail" if rng.random() < 0.05 else "pass"}
                       for code, severity in rules]
    with app.app_context():
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(Call), rows[chunk:chunk + 5000])
        for chunk in range(0, len(checks), 20000):
            db.session.execute(insert(CallCheck), checks[chunk:chunk + 20000])
        db.session.commit()
    return call_id


def timed(client, url: str, repeat: int, headers=None) -> tuple[float, int]:
    """Median milliseconds of GET url, and the status."""
    times, status = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, headers=headers or {})
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(times), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from trainer import create_app
    from trainer.extensions import db
    from trainer.models import User
    from trainer.scoring import warm_up
    from trainer.sessions.calls import accept_call

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": f"{tmp}/instance", "SECRET_KEY": "bench",
                          "RECORDINGS_DIR": f"{tmp}/recordings", "HUEY_IMMEDIATE": True,
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
        with app.app_context():
            db.create_all()
            qa = User(email="qa@example.com", role="qa")
            qa.set_password("bench-password")
            db.session.add(qa)
            db.session.commit()
            qa_id = qa.id
            token = qa.new_api_token()
            db.session.commit()
        warm_up()
        started = time.perf_counter()
        total = seed(app, args.days, args.per_day)
        print(f"seeded {total:,} calls in {time.perf_counter() - started:.0f} s "
              f"({args.days} days x {args.per_day})")
        with app.app_context():
            real = accept_call((ROOT / "tests" / "data" / "calls" / "call.json").read_bytes(),
                               "call.json", qa_id).id
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = str(qa_id), True
        api = {"Authorization": f"Bearer {token}"}
        print(f"\n{'filter':28} {'list page':>10} {'API list':>10}   (median ms of {args.repeat})")
        for name, query in FILTERS.items():
            page_ms, status = timed(client, f"/qa/calls?{query}", args.repeat)
            api_ms, _ = timed(client, f"/api/v1/calls?{query}", args.repeat, api)
            print(f"{name:28} {page_ms:10.1f} {api_ms:10.1f}   ({status})")
        view_ms, status = timed(client, f"/qa/calls/{real}", args.repeat)
        print(f"\none scored call's page (70 s call, 12 turns): {view_ms:.1f} ms ({status})")


if __name__ == "__main__":
    main()
