"""The real consumer path: Huey queues built from the config, consumer threads inside the web
process, `trainer worker` as its own process, and a worker killed in the middle of a job."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from trainer.extensions import db
from trainer.jobs import get_queue, state
from trainer.jobs.consumer import EmbeddedConsumer, start_embedded
from trainer.models import Job, Turn
from trainer.models.clock import utcnow
from trainer.sessions.voice import accept_spoken_answer

TRAINER = Path(sys.executable).with_name("trainer")


@pytest.fixture
def consumer(app):
    """consumer(workers=1) -> started consumer threads on the app's queue; stopped after."""
    started = []

    def _start(workers=1):
        started.append(EmbeddedConsumer(app, workers, warm=False).start())
        return started[-1]

    yield _start
    for c in started:
        c.stop()


def _poll_job(app, job_id, until, timeout, step=0.05):
    """The job row, read from the database every `step` s until `until(job)` or the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            job = db.session.get(Job, job_id)
        if until(job) or time.monotonic() > deadline:
            return job
        time.sleep(step)


def finished(job):
    return job.status in ("done", "failed")


def _turn_count(app, session_id):
    with app.app_context():
        return db.session.query(Turn).filter_by(session_id=session_id).count()


def test_queues_come_from_each_apps_config_not_from_import_time(app, tmp_path, monkeypatch):
    from huey import RedisHuey, SqliteHuey

    from trainer import create_app

    queue = get_queue(app)
    assert isinstance(queue.huey, SqliteHuey) and queue.backend == "sqlite"
    assert queue.huey.storage.filename == os.path.join(app.instance_path, "jobs.sqlite")
    assert get_queue(app) is queue  # one per app, made once
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/3")  # never contacted here
    other = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "other"),
                        "SECRET_KEY": "x", "JOBS_QUEUE_NAME": "elsewhere"})
    redis_queue = get_queue(other)
    assert isinstance(redis_queue.huey, RedisHuey) and redis_queue.backend == "redis"
    assert redis_queue.huey.name == "elsewhere"
    assert not os.path.exists(os.path.join(other.instance_path, "jobs.sqlite"))


@pytest.mark.slow
def test_consumer_threads_score_an_uploaded_answer_with_the_real_engine(
        app, client, bearer, start_session, upload, audio, consumer, wait_for_job):
    consumer()
    headers = bearer("trainee")
    session_id = start_session("trainee")
    response = upload(session_id, audio("answer.webm"), headers)
    assert response.status_code == 202
    job = wait_for_job(client, response.get_json()["job"], headers)
    assert job["status"] == "done", job["error"]
    assert "difficult time" in job["result"]["turn"]["text"]
    assert job["result"]["turn"]["delivery"]["words_per_minute"] > 100
    assert _turn_count(app, session_id) == 1


def test_a_consumer_picks_up_a_job_orphaned_by_a_dead_worker(app, uid, start_session, audio,
                                                             consumer, fast_speech):
    session_id = start_session("trainee")
    with app.app_context():
        job_id = accept_spoken_answer(session_id, uid("trainee"), audio("answer.webm")).id
        get_queue(app).huey.flush()  # the dead worker had taken the message with it
        assert state.claim(job_id) == 1
        db.session.get(Job, job_id).heartbeat_at = utcnow() - timedelta(minutes=10)
        db.session.commit()
    consumer()  # recovery runs when a consumer starts
    job = _poll_job(app, job_id, finished, timeout=30)
    assert (job.status, job.attempts) == ("done", 2)
    assert _turn_count(app, session_id) == 1 and fast_speech.calls == 1


def test_a_transient_failure_is_retried_through_the_queue(app, client, bearer, start_session,
                                                          upload, audio, consumer, fast_speech,
                                                          wait_for_job):
    def locked_once(call):
        if call == 1:
            raise OperationalError("INSERT", {}, Exception("database is locked"))

    fast_speech.hook = locked_once
    consumer()
    headers = bearer("trainee")
    session_id = start_session("trainee")
    job_id = upload(session_id, audio("answer.webm"), headers).get_json()["job"]
    job = wait_for_job(client, job_id, headers, timeout=30)
    assert (job["status"], job["attempts"]) == ("done", 2) and fast_speech.calls == 2
    assert _turn_count(app, session_id) == 1


def test_serve_runs_consumer_threads_unless_told_not_to(app):
    from trainer.cli.serve import BACKGROUND_SERVICES

    assert [s.__name__ for s in BACKGROUND_SERVICES] == ["_embedded_consumer", "_call_workers"]
    app.config["JOBS_WORKERS"] = 0
    assert start_embedded(app) is None  # workers run elsewhere
    app.config.update(JOBS_WORKERS=1, HUEY_IMMEDIATE=True)
    assert start_embedded(app) is None  # jobs run inside requests
    app.config["HUEY_IMMEDIATE"] = False
    stop = start_embedded(app)
    try:
        assert callable(stop)
    finally:
        stop()


@pytest.mark.parametrize(("config", "args", "message"), [
    ({}, ["--workers", "0"], "--workers must be"),
    ({}, ["--workers", "two"], "--workers must be"),
    ({"HUEY_IMMEDIATE": True}, [], "HUEY_IMMEDIATE"),
    ({"REDIS_URL": "redis://127.0.0.1:1/0"}, [], "not reachable"),
])
def test_worker_refuses_bad_settings_with_one_line(app, runner, config, args, message):
    app.config.update(config)
    result = runner.invoke(args=["worker", *args])
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1


def _worker(tmp_path, app):
    env = dict(os.environ, TRAINER_INSTANCE_PATH=app.instance_path,
               DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               TRAINER_RECORDINGS_DIR=app.config["RECORDINGS_DIR"],
               TRAINER_SECRET_KEY="test-secret", TRAINER_JOBS_HEARTBEAT_S="0.2",
               TRAINER_JOBS_STALE_AFTER_S="2", TRAINER_JOBS_RECOVER_EVERY_S="0.5")
    log = open(tmp_path / f"worker-{time.monotonic_ns()}.log", "w")
    return subprocess.Popen([str(TRAINER), "worker"], env=env, stdout=log, stderr=log,
                            start_new_session=True), log


@pytest.mark.slow
def test_a_worker_killed_mid_job_is_replaced_and_the_answer_is_scored_once(
        app, tmp_path, uid, start_session, long_answer):
    if not TRAINER.exists():
        pytest.skip(f"{TRAINER} is not installed (pip install -e .)")
    session_id = start_session("trainee")
    with app.app_context():
        job_id = accept_spoken_answer(session_id, uid("trainee"), long_answer).id
    first, log1 = _worker(tmp_path, app)
    try:
        job = _poll_job(app, job_id, timeout=60, step=0.02,
                        until=lambda j: (j.status, j.stage) == ("running", "transcribing"))
        assert job.status == "running", f"the first worker never started: {job.status}"
        os.killpg(first.pid, signal.SIGKILL)  # no chance to clean up
        first.wait(10)
        with app.app_context():
            assert db.session.get(Job, job_id).status == "running"  # orphaned
        second, log2 = _worker(tmp_path, app)
        try:
            job = _poll_job(app, job_id, finished, timeout=120, step=0.1)
            assert (job.status, job.attempts) == ("done", 2), job.error
            assert _turn_count(app, session_id) == 1
        finally:
            os.killpg(second.pid, signal.SIGINT)  # graceful: the consumer exits cleanly
            assert second.wait(30) == 0
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        log1.close()
    log2.close()
    text = (tmp_path / Path(log2.name).name).read_text()
    assert "job recovery" in text and "requeued" in text
