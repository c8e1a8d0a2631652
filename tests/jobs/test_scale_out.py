"""Scale-out: the migrations and the typed + spoken flow on PostgreSQL, with RedisHuey and a
separate `trainer worker` process. Each run gets a throwaway schema and queue name.

Skipped (with the reason) when PostgreSQL or Redis is not reachable; point the tests at other
servers with TRAINER_TEST_POSTGRES_URL and TRAINER_TEST_REDIS_URL.
"""

import io
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from trainer.extensions import db

POSTGRES_URL = os.environ.get("TRAINER_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TRAINER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TRAINER = Path(sys.executable).with_name("trainer")

pytestmark = pytest.mark.slow


def _skip(reason: str):
    if os.environ.get("TRAINER_REQUIRE_SERVICES") == "1":
        pytest.fail(f"TRAINER_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pg_url():
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    try:
        import psycopg2
    except ImportError:
        _skip("psycopg2 is not installed (pip install -e '.[dev]')")
    try:
        conn = psycopg2.connect(POSTGRES_URL, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        _skip(f"PostgreSQL is not reachable at {POSTGRES_URL}: {str(exc).strip()}")
    conn.autocommit = True
    schema = f"trainer_test_{uuid.uuid4().hex[:10]}"
    with conn.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with conn.cursor() as cur:
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.close()


@pytest.fixture(scope="module")
def redis_url():
    """The Redis URL, if a server answers there."""
    try:
        import redis
    except ImportError:
        _skip("redis is not installed (pip install -e '.[dev]')")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        _skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL


@pytest.fixture
def app(pg_url, redis_url, tmp_path):
    """The app on PostgreSQL (migrated by `init-db`'s code) and RedisHuey, users seeded."""
    from flask_migrate import upgrade
    from seed_users import seed_users

    from trainer import create_app

    app = create_app({
        "TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": pg_url, "REDIS_URL": redis_url,
        "JOBS_QUEUE_NAME": f"trainer-test-{uuid.uuid4().hex[:10]}", "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "RECORDINGS_DIR": str(tmp_path / "recordings"),
    })
    with app.app_context():
        upgrade(directory=str(app.config["MIGRATIONS_DIR"]))
        seed_users()
    yield app
    from trainer.jobs import get_queue

    with app.app_context():
        get_queue(app).huey.flush()  # this run's Redis keys only
        db.session.remove()
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def worker(app, tmp_path):
    """A `trainer worker` process on the same PostgreSQL schema and Redis queue."""
    if not TRAINER.exists():
        pytest.skip(f"{TRAINER} is not installed (pip install -e .)")
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               TRAINER_REDIS_URL=app.config["REDIS_URL"],
               TRAINER_JOBS_QUEUE_NAME=app.config["JOBS_QUEUE_NAME"],
               TRAINER_INSTANCE_PATH=app.instance_path,
               TRAINER_RECORDINGS_DIR=app.config["RECORDINGS_DIR"],
               TRAINER_SECRET_KEY="test-secret")
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen([str(TRAINER), "worker"], env=env, stdout=log, stderr=log,
                               start_new_session=True)
    yield process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(30)
    log.close()


def test_migrations_build_the_models_schema_on_postgres(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_typed_and_spoken_answers_with_a_worker_process(app, client, bearer, worker,
                                                        wait_for_job, audio):
    headers = bearer("trainee")
    session = client.post("/api/v1/sessions", json={"scenario": "lost_job"}, headers=headers)
    session_id = session.get_json()["id"]
    typed = client.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                        json={"text": "Hello, am I speaking with Dana Whitfield?"})
    assert typed.status_code == 200 and typed.get_json()["index"] == 0

    spoken = client.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                         data={"audio": (io.BytesIO(audio("answer.webm")), "a.webm")},
                         content_type="multipart/form-data")
    assert spoken.status_code == 202
    job = wait_for_job(client, spoken.get_json()["job"], headers, timeout=120)
    assert job["status"] == "done", job["error"]
    assert job["result"]["index"] == 1 and "difficult time" in job["result"]["turn"]["text"]
    recording = client.get(job["result"]["audio"], headers=headers)
    assert recording.status_code == 200 and recording.data[:4] == b"\x1aE\xdf\xa3"
    recording.close()

    silent = client.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                         data={"audio": (io.BytesIO(audio("silence.wav")), "s.wav")},
                         content_type="multipart/form-data")
    failed = wait_for_job(client, silent.get_json()["job"], headers, timeout=60)
    assert failed["status"] == "failed" and "no speech detected" in failed["error"]
    card = client.get(f"/api/v1/sessions/{session_id}", headers=headers).get_json()
    assert [t["source"] for t in card["turns"]] == ["typed", "spoken"]
    os.killpg(worker.pid, signal.SIGINT)
    assert worker.wait(30) == 0  # a graceful stop


def test_two_uploads_racing_for_one_line_let_one_through(app, bearer, audio):
    """The unique active_key decides in the database, not in the web process."""
    from trainer.models import Job

    headers = bearer("trainee")
    client = app.test_client()
    session_id = client.post("/api/v1/sessions", json={"scenario": "lost_job"},
                             headers=headers).get_json()["id"]
    data = audio("answer.webm")
    statuses, barrier = [], threading.Barrier(4)

    def send():
        local = app.test_client()
        barrier.wait()
        response = local.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                              data={"audio": (io.BytesIO(data), "a.webm")},
                              content_type="multipart/form-data")
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(statuses) == [202, 409, 409, 409]
    with app.app_context():
        assert db.session.query(Job).count() == 1
    files = [p for p in Path(app.config["RECORDINGS_DIR"]).rglob("*") if p.is_file()]
    assert len(files) == 1  # the refused uploads removed what they wrote


def test_only_one_of_many_workers_claims_a_job(app, uid, audio):
    from trainer.jobs import state
    from trainer.sessions import service
    from trainer.sessions.voice import accept_spoken_answer

    with app.app_context():
        session_id = service.start_session(uid("trainee"), "lost_job").id
        job_id = accept_spoken_answer(session_id, uid("trainee"), audio("answer.webm")).id
    wins, barrier = [], threading.Barrier(6)

    def claim():
        with app.app_context():
            barrier.wait()
            wins.append(state.claim(job_id))

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(wins, key=lambda w: w or 0) == [None] * 5 + [1]
