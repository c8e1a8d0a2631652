"""The `call` job kind: a stored upload is scored and stored with its job; a bad one fails
the job and the call with the reason and keeps the upload for a retry."""

from pathlib import Path

import pytest

from trainer.extensions import db
from trainer.jobs import kinds, state
from trainer.jobs.runner import run_job
from trainer.models import Call, CallCheck, Job
from trainer.sessions.recordings import recording_path, store_recording

CALLS = Path(__file__).parents[1] / "data" / "calls"


@pytest.fixture
def queued_call(app, uid):
    """queued_call(data, name) -> (call id, job id): stored, a Call row, a queued job."""

    def _make(data: bytes, name: str, **options):
        with app.app_context():
            call = Call(uploaded_by=uid("qa"), file_name=name, source="transcript",
                        options=options, status="queued")
            db.session.add(call)
            db.session.flush()
            ext = name.rsplit(".", 1)[-1]
            call.upload_path = store_recording(data, uid("qa"), f"call-{call.id}", ext)
            db.session.commit()
            job = state.create(Job(kind="call", user_id=uid("qa"), call_id=call.id), "busy")
            return call.id, job.id

    return _make


def _run(app, job_id):
    with app.app_context():
        return run_job(job_id)


def test_the_call_kind_is_registered(app):
    assert kinds.kind_of("call", app).cleanup is not None


def test_a_call_job_stores_the_scorecard_and_the_filter_columns(app, queued_call):
    call_id, job_id = queued_call((CALLS / "call.json").read_bytes(), "march.json")
    assert _run(app, job_id) == "done"
    with app.app_context():
        call, job = db.session.get(Call, call_id), db.session.get(Job, job_id)
        assert (call.status, job.status, job.progress) == ("done", "done", 1.0)
        assert job.result == {"call": call_id, "overall": call.overall, "critical_fail": False}
        assert call.scorecard["file"] == "march.json" and call.agent == "sam.agent"
        assert call.started_at is not None and call.consumer_timezone == "America/New_York"
        assert "4111 1111 1111 1111" not in str(call.scorecard)  # redacted before storing
        rules = db.session.scalars(db.select(CallCheck.rule).filter_by(call_id=call_id)).all()
        assert "missing_mini_miranda" in rules


def test_a_bad_call_fails_with_its_reason_and_keeps_the_upload(app, queued_call):
    call_id, job_id = queued_call(b"Supervisor: hello\n", "bad.txt")
    assert _run(app, job_id) == "failed"
    with app.app_context():
        call, job = db.session.get(Call, call_id), db.session.get(Job, job_id)
        assert (job.error_code, call.status, call.error_code) == (
            "unknown_speaker", "failed", "unknown_speaker")
        assert call.error.startswith("bad.txt: line 1: speaker 'Supervisor'")
        assert call.scorecard is None
        assert recording_path(call.upload_path) is not None  # retry from the page


def test_a_missing_upload_fails_clearly(app, queued_call):
    call_id, job_id = queued_call((CALLS / "call.txt").read_bytes(), "gone.txt")
    with app.app_context():
        recording_path(db.session.get(Call, call_id).upload_path).unlink()
    assert _run(app, job_id) == "failed"
    with app.app_context():
        assert db.session.get(Call, call_id).error_code == "call_missing"


def test_per_call_options_reach_the_pipeline(app, queued_call):
    from trainer.sessions.call_job import call_options

    call_id, _ = queued_call(b"Agent: hi\n", "x.txt", agent_channel="right", model="base")
    with app.app_context():
        options = call_options(db.session.get(Call, call_id))
        assert (options.agent_channel, options.model, options.beam_size) == ("right", "base", 5)
        assert options.max_seconds == 7200
