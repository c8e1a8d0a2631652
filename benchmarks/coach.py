"""Coach pages at scale: the team page, the review queue and the calibration page over HTTP.

Seeds one team of 50 trainees with 100 finished sessions each (5,000 sessions, about 35,000
answers whose scorecards are real engine output on gold-set utterances, spread over 180
days), two coaches who reviewed one session in ten (overrides and confirmations), 40 blind
calibration sessions, 50 open disputes and three assignments; then starts `trainer serve`,
logs in as the coach and times each page. The floor, measured in the same run, is the
settings page (same login, template and database round trip, no coach work).

    .venv/bin/python benchmarks/coach.py [--trainees 50] [--sessions 100] [--requests 40]
                                         [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_server import live_server  # noqa: E402

PASSWORD = "bench-password"
PAGES = {"team page": "/coach/", "review queue": "/coach/queue",
         "calibration page": "/coach/calibration"}
FLOOR = "/settings"
TARGET_MS = 300


def percentile(values, pct) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


def card_pool(size: int, rng: random.Random) -> list[dict]:
    """Real scorecards of gold-set utterances in their contexts."""
    from trainer.scoring import score_utterance
    from trainer.scoring.calibration import load_gold

    items = rng.sample(load_gold(), size)
    return [score_utterance(i["text"], i.get("context")).to_dict() for i in items]


def seed(env: dict, trainees: int, per_trainee: int, seed_value: int = 11) -> dict:
    """Fill the benchmark's database (see the module docstring); returns counts."""
    from trainer import create_app
    from trainer.admin.users import create_user
    from trainer.extensions import db
    from trainer.models import (
        Assignment,
        CalibrationReviewer,
        CalibrationSession,
        Dispute,
        PracticeSession,
        ScoreJudgement,
        Turn,
        User,
    )
    from trainer.review import judgements
    from trainer.scoring import score_conversation
    from trainer.scoring.types import DIMENSIONS
    from trainer.sessions.cards import card_from_dict
    from trainer.sessions.library import get_library, record_version
    from trainer.sessions.results import store_result
    from trainer.sessions.service import fail_reasons

    rng = random.Random(seed_value)
    app = create_app({"INSTANCE_PATH": env["TRAINER_INSTANCE_PATH"],
                      "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL"),
                      "SECRET_KEY": "bench", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    now = datetime.now(UTC)
    with app.app_context():
        coach = create_user("coach@bench.example", "coach", PASSWORD, "Bench Coach", "bench")
        second = create_user("coach2@bench.example", "coach", PASSWORD, "Second Coach",
                             "bench")
        people = [User(email=f"t{i:03d}@bench.example", name=f"Trainee {i:03d}",
                       role="trainee", team="bench") for i in range(trainees)]
        db.session.add_all(people)
        scenarios = list(get_library().scenarios.values())
        versions = {s.id: record_version(s) for s in scenarios}
        team_id = coach.led_teams[0].id
        for scenario in scenarios[:3]:
            db.session.add(Assignment(scenario_id=scenario.id, team_id=team_id,
                                      pass_mark=scenario.pass_mark, created_by=coach.id,
                                      created_at=now - timedelta(days=200),
                                      due_at=now + timedelta(days=14)))
        db.session.commit()
        pool = card_pool(400, rng)
        sessions = []
        for person in people:
            for _ in range(per_trainee):
                scenario = rng.choice(scenarios)
                cards = rng.sample(pool, rng.randint(5, 9))
                summary = score_conversation([card_from_dict(c) for c in cards],
                                             {"steps": list(scenario.steps)}).to_dict()
                reasons = fail_reasons(summary["critical_fail"], summary["overall"],
                                       scenario.pass_mark, summary["steps_missed"])
                summary.update(pass_mark=scenario.pass_mark, fail_reasons=reasons)
                started = now - timedelta(days=rng.uniform(0, 180))
                session = PracticeSession(
                    user_id=person.id, scenario_id=scenario.id, scenario_title=scenario.title,
                    scenario_version=versions[scenario.id], state={}, started_at=started,
                    finished_at=started + timedelta(minutes=7), outcome="promise_made",
                    summary=summary, passed=not reasons, turn_count=len(cards),
                    turns=[Turn(index=i, debtor_line="Hello?", text=c["text"], scorecard=c)
                           for i, c in enumerate(cards)])
                db.session.add(session)
                sessions.append(session)
            db.session.flush()
            for session in sessions[-per_trainee:]:
                store_result(session)
            db.session.commit()
        reviewed = rng.sample(sessions, len(sessions) // 10)
        for i, session in enumerate(reviewed):
            who = coach if i % 2 else second
            turn = rng.randrange(session.turn_count)
            dimension = rng.choice(DIMENSIONS)
            engine = session.turns[turn].scorecard["scores"][dimension]
            judgements.override_scores(session, who, {dimension: max(0, min(100, engine + rng.
                                                      gauss(0, 15)))}, "bench", turn,
                                       commit=False)
            judgements.confirm_scores(session, who, [d for d in DIMENSIONS if d != dimension],
                                      turn, commit=False)
            if i % 50 == 0:
                db.session.commit()
        blind = rng.sample(reviewed, min(40, len(reviewed)))
        for session in blind:
            calibration = CalibrationSession(session_id=session.id, created_by=coach.id,
                                             reviewers=[CalibrationReviewer(coach_id=c.id)
                                                        for c in (coach, second)])
            db.session.add(calibration)
            db.session.flush()
            for c in (coach, second):
                for turn in range(min(3, session.turn_count)):
                    scores = {d: max(0, min(100, session.turns[turn].scorecard["scores"][d]
                                            + rng.gauss(0, 10))) for d in DIMENSIONS}
                    judgements.override_scores(session, c, scores, "blind", turn,
                                               calibration=calibration, commit=False)
            for reviewer in calibration.reviewers:
                reviewer.submitted_at = now
        for session in rng.sample(sessions, min(50, len(sessions))):
            db.session.add(Dispute(session_id=session.id, dimension="empathy",
                                   reason="bench", raised_by=session.user_id,
                                   score=session.result["scores"]["empathy"]))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # statistics and visibility, as
            with db.engine.connect().execution_options(  # autovacuum would leave them
                    isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        counts = {"trainees": trainees, "sessions": len(sessions),
                  "answers": db.session.query(Turn).count(),
                  "judgements": db.session.query(ScoreJudgement).count()}
        db.session.remove()
        db.engine.dispose()
    return counts


def log_in(conn) -> str:
    """The coach's session cookie (a real login through the form, CSRF included)."""
    conn.request("GET", "/login")
    page = conn.getresponse()
    html = page.read().decode()
    cookie = page.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html)
    body = urllib.parse.urlencode({"csrf_token": token.group(1), "email": "coach@bench.example",
                                   "password": PASSWORD})
    conn.request("POST", "/login", body=body, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    answer = conn.getresponse()
    answer.read()
    assert answer.status == 302, answer.status
    return answer.getheader("Set-Cookie").split(";")[0]


def timed(conn, path: str, cookie: str) -> float:
    """Seconds for one GET of a page (the body read in full)."""
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    assert response.status == 200, (path, response.status)
    return elapsed


def main() -> None:
    """Seed, serve, time and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=50)
    parser.add_argument("--sessions", type=int, default=100, help="per trainee")
    parser.add_argument("--requests", type=int, default=40, help="per page")
    parser.add_argument("--database-url", default=None,
                        help="an empty PostgreSQL database instead of SQLite")
    args = parser.parse_args()
    env = {"DATABASE_URL": args.database_url} if args.database_url else {}
    counts = {}

    def prepare(server_env):
        started = time.perf_counter()
        counts.update(seed(server_env, args.trainees, args.sessions))
        counts["seconds"] = time.perf_counter() - started

    with live_server("--threads", "4", prepare=prepare, TRAINER_JOBS_WORKERS="0",
                     **env) as (port, _token):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie = log_in(conn)
        times = {}
        for name, path in {"floor (settings page)": FLOOR, **PAGES}.items():
            for _ in range(3):  # warm up: templates, caches, database pages
                timed(conn, path, cookie)
            times[name] = [timed(conn, path, cookie) for _ in range(args.requests)]
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"seeded {counts['trainees']} trainees, {counts['sessions']} sessions, "
          f"{counts['answers']} answers, {counts['judgements']} coach judgements in "
          f"{counts['seconds']:.0f} s; trainer serve (waitress, 4 threads), {database}, "
          f"{os.cpu_count()} CPUs, one keep-alive client, {args.requests} requests per page")
    floor = percentile(times["floor (settings page)"], 95)
    for name, seconds in times.items():
        ms = [s * 1000 for s in seconds]
        p95 = percentile(ms, 95)
        verdict = "" if name.startswith("floor") else (
            f"  {p95 / (floor * 1000):5.1f}x floor  target <= {TARGET_MS} ms: "
            f"{'met' if p95 <= TARGET_MS else 'NOT met'}")
        print(f"{name:<24} p50={percentile(ms, 50):7.1f} ms  p95={p95:7.1f} ms  "
              f"mean={statistics.fmean(ms):7.1f} ms{verdict}")


if __name__ == "__main__":
    main()
