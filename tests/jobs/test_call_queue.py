"""Call jobs have their own queue: the web process's consumer never runs them, call worker
processes do (`trainer worker --queue calls`, started by `trainer serve`)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from trainer.extensions import db
from trainer.jobs import get_queue
from trainer.jobs.consumer import EmbeddedConsumer
from trainer.jobs.kinds import queue_names
from trainer.jobs.processes import WorkerProcesses
from trainer.models import Call
from trainer.sessions.calls import accept_call

CALLS = Path(__file__).parents[1] / "data" / "calls"
TRAINER = Path(sys.executable).with_name("trainer")


def _upload(app, uid, name="call.json") -> int:
    with app.app_context():
        return accept_call((CALLS / name).read_bytes(), name, uid("qa")).id


def _status(app, call_id, until=("done", "failed"), timeout=60.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            status = db.session.get(Call, call_id).status
        if status in until or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def test_the_call_kind_sends_to_the_calls_queue(app, uid):
    assert queue_names(app) == ["default", "calls"]
    call_id = _upload(app, uid)
    queue = get_queue(app)
    assert (queue.pending("calls"), queue.pending("default")) == (1, 0)
    assert queue.huey_for("calls").name == "trainer-calls"
    assert _status(app, call_id, timeout=0) == "queued"


def test_the_web_processs_consumer_leaves_call_jobs_to_the_call_workers(app, uid):
    call_id = _upload(app, uid)
    web = EmbeddedConsumer(app, 1, warm=False).start()  # what `trainer serve` runs
    try:
        time.sleep(1.5)
        assert _status(app, call_id, timeout=0) == "queued"
    finally:
        web.stop()
    worker = EmbeddedConsumer(app, 1, warm=False, queue="calls", recover=False).start()
    try:
        assert _status(app, call_id) == "done"
    finally:
        worker.stop()


def test_worker_refuses_an_unknown_queue_with_one_line(runner):
    result = runner.invoke(args=["worker", "--queue", "answers"])
    assert result.exit_code == 1
    assert "no queue called 'answers'; the queues are default, calls" in result.output
    assert result.output.count("\n") == 1


def _child_env(app) -> dict:
    return dict(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
                TRAINER_RECORDINGS_DIR=app.config["RECORDINGS_DIR"],
                TRAINER_SECRET_KEY="test-secret", TRAINER_JOBS_POLL_MAX_S="0.1")


@pytest.mark.slow
def test_serve_starts_call_worker_processes_that_score_calls_and_restarts_a_dead_one(
        app, uid, monkeypatch):
    for key, value in _child_env(app).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("trainer.jobs.processes.RESTART_DELAY_S", 0.2)
    workers = WorkerProcesses(app, "calls", 1).start()
    try:
        assert _status(app, _upload(app, uid)) == "done"
        first = workers.pids()
        os.kill(first[0], signal.SIGKILL)  # an out-of-memory kill, say
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and workers.pids() in ([], first):
            time.sleep(0.1)
        assert workers.pids() and workers.pids() != first
        assert _status(app, _upload(app, uid, "call.vtt")) == "done"
    finally:
        workers.stop()
    assert workers.pids() == []


@pytest.mark.slow
def test_a_killed_parent_leaves_no_call_worker_behind(app, tmp_path):
    """The child watches its parent: `trainer serve` killed with SIGKILL takes it along."""
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from trainer import create_app
        from trainer.jobs.processes import WorkerProcesses
        app = create_app({{"INSTANCE_PATH": {app.instance_path!r}, "SECRET_KEY": "x"}})
        workers = WorkerProcesses(app, "calls", 1).start()
        print(workers.pids()[0], flush=True)
        time.sleep(600)
    """))
    env = dict(os.environ, **_child_env(app))
    parent = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE,
                              text=True)
    try:
        child = int(parent.stdout.readline())
        time.sleep(1.0)
        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.2)
        assert not _alive(child), "the call worker outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        parent.stdout.close()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return "\nState:\tZ" not in fh.read()
    except FileNotFoundError:
        return False
