"""The job lifecycle: claim, progress, done, permanent and transient failures, retries,
worker-death recovery, and never scoring one answer twice."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from trainer.extensions import db
from trainer.jobs import state
from trainer.jobs.runner import Retry, run_job
from trainer.models import Job, PracticeSession, Turn
from trainer.models.clock import utcnow
from trainer.sessions import service
from trainer.sessions.recordings import recording_path
from trainer.sessions.voice import accept_spoken_answer


@pytest.fixture
def queued_job(app, uid, audio):
    """queued_job(name="answer.webm") -> (session id, job id): uploaded, waiting in the queue."""

    def _make(name="answer.webm", key="trainee"):
        with app.app_context():
            session = service.start_session(uid(key), "lost_job")
            job = accept_spoken_answer(session.id, uid(key), audio(name))
            return session.id, job.id

    return _make


def _job(app, job_id) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def _turns(app, session_id) -> list[Turn]:
    with app.app_context():
        return db.session.scalars(db.select(Turn).filter_by(session_id=session_id)).all()


def _run(app, job_id):
    with app.app_context():
        return run_job(job_id)


def test_a_new_job_is_queued_with_its_recording_stored(app, queued_job):
    session_id, job_id = queued_job()
    job = _job(app, job_id)
    assert (job.status, job.progress, job.attempts, job.turn_index) == ("queued", 0.0, 0, 0)
    assert job.active_key == f"{session_id}:0"
    assert job.audio_path.endswith(f"{job_id}.webm") and "answer" not in job.audio_path
    with app.app_context():
        assert recording_path(job.audio_path).read_bytes()[:4] == b"\x1aE\xdf\xa3"


def test_claim_is_a_compare_and_set(app, queued_job):
    _session_id, job_id = queued_job()
    with app.app_context():
        assert state.claim(job_id) == 1
        assert state.claim(job_id) is None  # already running: a second worker gets nothing
        job = db.session.get(Job, job_id)
        assert (job.status, job.attempts) == ("running", 1) and job.heartbeat_at is not None
        assert state.report(job_id, 1, "decoding", 0.1)
        assert not state.report(job_id, 2, "decoding", 0.1)  # another attempt's number


def test_a_job_runs_to_done_with_the_typed_turn_shape_plus_transcript_and_delivery(
        app, queued_job, fast_speech):
    session_id, job_id = queued_job()
    assert _run(app, job_id) == "done"
    job = _job(app, job_id)
    assert (job.status, job.stage, job.progress, job.attempts) == ("done", "done", 1.0, 1)
    assert job.active_key is None and job.error is None and job.finished_at is not None
    result = job.result
    assert set(result) >= {"turn", "debtor", "finished", "index", "mood"}
    card = result["turn"]
    assert card["text"].startswith("I understand this is a difficult time")
    assert set(card["scores"]) == {"empathy", "positive_language", "assertiveness", "calmness"}
    assert card["transcript"]["words"] and card["delivery"]["words_per_minute"] > 100
    assert any("start_s" in e for e in card["evidence"])  # audio evidence for calmness
    [turn] = _turns(app, session_id)
    assert (turn.id, turn.source, turn.audio_path) == (job.turn_id, "spoken", job.audio_path)
    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        assert session.turn_count == 1 and result["debtor"]["text"] == session.debtor_line


def test_running_the_same_job_twice_scores_it_once(app, queued_job, fast_speech):
    session_id, job_id = queued_job()
    assert _run(app, job_id) == "done"
    assert _run(app, job_id) == "skipped"
    assert len(_turns(app, session_id)) == 1 and fast_speech.calls == 1


def test_a_rerun_whose_turn_already_exists_reports_that_turn(app, queued_job, fast_speech):
    """The worker died after saving the turn but before the job said so (simulated)."""
    session_id, job_id = queued_job()
    assert _run(app, job_id) == "done"
    first = _job(app, job_id).result
    with app.app_context():  # put the job back as if its `done` had never been written
        job = db.session.get(Job, job_id)
        job.status, job.result, job.turn_id, job.progress = "queued", None, None, 0.0
        db.session.commit()
    assert _run(app, job_id) == "done"
    job = _job(app, job_id)
    assert job.result == first and job.attempts == 2
    assert len(_turns(app, session_id)) == 1 and fast_speech.calls == 1  # not transcribed again


def test_a_stale_running_job_is_requeued_and_then_scored_once(app, queued_job, fast_speech):
    session_id, job_id = queued_job()
    sent = []
    with app.app_context():
        assert state.claim(job_id) == 1  # a worker took it ... and died
        db.session.get(Job, job_id).heartbeat_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
        assert state.recover(sent.append) == {"requeued": [job_id], "failed": [], "resent": []}
        assert state.recover(sent.append)["requeued"] == []  # nothing left to recover
    assert sent == [job_id]
    job = _job(app, job_id)
    assert (job.status, job.stage, job.attempts) == ("queued", "requeued", 1)
    assert _run(app, job_id) == "done"
    assert _job(app, job_id).attempts == 2 and len(_turns(app, session_id)) == 1


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(app, queued_job):
    _session_id, job_id = queued_job()
    with app.app_context():
        state.claim(job_id)
        assert state.recover(lambda _id: None)["requeued"] == []
    assert _job(app, job_id).status == "running"


def test_a_job_whose_worker_keeps_dying_fails_after_the_attempt_limit(app, queued_job):
    _session_id, job_id = queued_job()
    with app.app_context():
        path = recording_path(db.session.get(Job, job_id).audio_path)
        job = db.session.get(Job, job_id)
        job.status, job.attempts = "running", app.config["JOBS_MAX_ATTEMPTS"]
        job.heartbeat_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
        from trainer.jobs.runner import cleanup_failed

        done = state.recover(lambda _id: None, on_failed=cleanup_failed)
    assert done["failed"] == [job_id]
    job = _job(app, job_id)
    assert job.status == "failed" and job.error_code == "worker_lost"
    assert "worker died" in job.error and job.active_key is None
    assert not path.exists()


def test_a_queued_job_whose_message_was_lost_is_sent_again(app, queued_job):
    _session_id, job_id = queued_job()
    sent = []
    with app.app_context():
        db.session.get(Job, job_id).updated_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        assert state.recover(sent.append)["resent"] == [job_id]
        assert state.recover(sent.append)["resent"] == []  # once per round, not every round
    assert sent == [job_id] and _job(app, job_id).status == "queued"


@pytest.mark.parametrize(("name", "code", "message"), [
    ("silence.wav", "no_speech", "no speech detected"),
    ("truncated.webm", "corrupt", "truncated"),
    ("truncated.wav", "corrupt", "truncated"),
])
def test_damaged_or_silent_audio_fails_at_once_with_the_plain_message(
        app, queued_job, name, code, message):
    session_id, job_id = queued_job(name)
    with app.app_context():
        path = recording_path(db.session.get(Job, job_id).audio_path)
    assert _run(app, job_id) == "failed"  # no Retry raised: permanent
    job = _job(app, job_id)
    assert (job.status, job.error_code, job.attempts) == ("failed", code, 1)
    assert message in job.error and job.error[0].islower() and ".wav:" not in job.error
    assert job.active_key is None and not path.exists()
    assert _turns(app, session_id) == []


def test_a_transient_error_is_retried_then_succeeds(app, queued_job, fast_speech):
    session_id, job_id = queued_job()

    def locked_once(call):
        if call == 1:
            raise OperationalError("UPDATE turns", {}, Exception("database is locked"))

    fast_speech.hook = locked_once
    with pytest.raises(Retry) as retry:
        _run(app, job_id)
    assert retry.value.delay > 0
    job = _job(app, job_id)
    assert (job.status, job.stage, job.attempts) == ("queued", "retrying", 1)
    assert "temporary error" in job.error and job.active_key  # still holds the line
    assert _run(app, job_id) == "done"
    assert _job(app, job_id).attempts == 2 and len(_turns(app, session_id)) == 1


def test_a_transient_error_that_persists_fails_after_the_limit(app, queued_job, fast_speech):
    session_id, job_id = queued_job()

    def always_locked(_call):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    fast_speech.hook = always_locked
    limit = app.config["JOBS_MAX_ATTEMPTS"]
    for _ in range(limit - 1):
        with pytest.raises(Retry):
            _run(app, job_id)
    assert _run(app, job_id) == "failed"
    job = _job(app, job_id)
    assert job.status == "failed" and job.attempts == limit
    assert f"gave up after {limit} attempts" in job.error and "database is locked" in job.error
    assert _turns(app, session_id) == [] and fast_speech.calls == limit


def test_an_unexpected_error_fails_the_job_with_a_generic_message(app, queued_job, fast_speech,
                                                                  caplog):
    _session_id, job_id = queued_job()

    def bug(_call):
        raise KeyError("a bug")

    fast_speech.hook = bug
    assert _run(app, job_id) == "failed"
    job = _job(app, job_id)
    assert job.error_code == "internal_error" and "KeyError" not in job.error
    assert "failed unexpectedly" in caplog.text  # the traceback goes to the log


def test_a_worker_that_lost_its_claim_stores_nothing(app, queued_job, fast_speech):
    """While this run transcribes, the job is requeued and claimed by another worker."""
    session_id, job_id = queued_job()

    def taken_over(_call):
        with app.app_context():
            db.session.get(Job, job_id).attempts = 7  # someone else's attempt now
            db.session.commit()

    fast_speech.hook = taken_over
    assert _run(app, job_id) == "lost"
    assert _turns(app, session_id) == [] and _job(app, job_id).status == "running"


def test_a_line_answered_by_typing_first_fails_the_recording_clearly(app, uid, queued_job,
                                                                    fast_speech):
    session_id, job_id = queued_job()
    with app.app_context():
        service.submit_answer(session_id, uid("trainee"), "Hi, is this Dana Whitfield?")
    assert _run(app, job_id) == "failed"
    job = _job(app, job_id)
    assert job.error_code == "conflict" and "before the recording was scored" in job.error
    assert [t.source for t in _turns(app, session_id)] == ["typed"]


def test_a_session_finished_before_the_job_ran_fails_it(app, queued_job, fast_speech):
    session_id, job_id = queued_job()
    with app.app_context():
        db.session.get(PracticeSession, session_id).finished_at = utcnow()
        db.session.commit()
    assert _run(app, job_id) == "failed"
    assert _job(app, job_id).error_code == "session_finished"


def test_an_unknown_job_id_is_skipped(app):
    assert _run(app, "0" * 32) == "skipped"
