"""The job kind registry: the runner runs and cleans up any registered kind, knowing none."""

import ast
from pathlib import Path

import pytest

from trainer.errors import ServiceError
from trainer.extensions import db
from trainer.jobs import kinds, state
from trainer.jobs.runner import run_job
from trainer.models import Job

JOBS = Path(__file__).parents[2] / "trainer" / "jobs"


@pytest.fixture
def toy_kind(app):
    """A `toy` kind whose body does what the test says and logs its cleanups."""
    calls = {"cleaned": [], "behaviour": "ok"}

    def run(job, attempt, progress):
        progress("working", 0.5)
        if calls["behaviour"] == "refuse":
            raise ServiceError("the toy input is unusable", code="toy_refused")
        if calls["behaviour"] == "crash":
            raise RuntimeError("boom")
        db.session.execute(state.done_statement(job.id, attempt, {"ok": True}, None))
        db.session.commit()

    kinds.register(app, kinds.JobKind("toy", run=run, cleanup=calls["cleaned"].append))
    return calls


def _queue(app, uid, kind="toy") -> str:
    with app.app_context():
        return state.create(Job(kind=kind, user_id=uid("qa")), "busy").id


def _run(app, job_id):
    with app.app_context():
        outcome = run_job(job_id)
        job = db.session.get(Job, job_id)
        return outcome, job.status, job.error_code, job.result


def test_the_app_registers_the_answer_kind(app):
    assert "answer" in kinds.registered(app)
    assert kinds.kind_of("answer", app).cleanup is not None


def test_a_registered_kind_runs_to_done(app, uid, toy_kind):
    assert _run(app, _queue(app, uid)) == ("done", "done", None, {"ok": True})
    assert toy_kind["cleaned"] == []


@pytest.mark.parametrize("behaviour, code", [("refuse", "toy_refused"),
                                             ("crash", "internal_error")])
def test_a_failed_job_fails_with_its_code_and_its_kind_cleans_up(app, uid, toy_kind,
                                                                  behaviour, code):
    toy_kind["behaviour"] = behaviour
    job_id = _queue(app, uid)
    assert _run(app, job_id)[:3] == ("failed", "failed", code)
    assert toy_kind["cleaned"] == [job_id]


def test_an_unknown_kind_fails_cleanly(app, uid):
    job_id = _queue(app, uid, kind="nobody_knows")
    assert _run(app, job_id)[:3] == ("failed", "failed", "unknown_kind")


def test_the_jobs_package_names_no_kind_and_imports_no_kind_owner():
    for path in JOBS.glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}
        assert not {m for m in imported if m.startswith(("trainer.sessions", "trainer.practice",
                                                         "trainer.calls", "trainer.qa"))}, path
        strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
        assert not strings & {"answer", "call"}, path
