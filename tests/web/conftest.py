"""Web-test helpers: a scripted good run of lost_job, and starting sessions quickly."""

from pathlib import Path

import pytest
from good_trainee import good_answers as answers_for
from qa_helpers import CALLS, run_call_jobs
from review_data import EXTRA_USERS, ROUGH_RUN

from trainer.extensions import db
from trainer.models import PracticeSession, Turn

# A trainee who does everything right in `lost_job` (verify, disclose, ask why, empathise
# and offer a plan, name amount and date, read the promise back): the scripted good trainee
# of tests/scenarios/data/good_trainees.yaml.


@pytest.fixture
def good_answers():
    """The scripted good run of lost_job."""
    return answers_for("lost_job")


@pytest.fixture
def finish_session(app, uid, good_answers):
    """finish_session(role) -> id of a finished lost_job session of that user."""
    from trainer.sessions import service

    def _finish(key: str) -> int:
        with app.app_context():
            session_id = service.start_session(uid(key), "lost_job").id
            for text in good_answers:
                _turn, step = service.submit_answer(session_id, uid(key), text)
                if step.finished:
                    break
            assert step.finished
            return session_id

    return _finish


@pytest.fixture
def counts(app):
    """counts() -> (sessions, turns) in the database: for "nothing changed" checks."""

    def _counts():
        with app.app_context():
            return (db.session.query(PracticeSession).count(), db.session.query(Turn).count())

    return _counts


# --- QA calls (helpers in qa_helpers.py) ------------------------------------------------------


@pytest.fixture
def add_call(app, uid):
    """add_call(data_or_fixture_name, name=None, role="qa", run=True, **kw) -> call id:
    accepted and stored as an upload would be, then scored by the call job (unless run=False).
    """
    from trainer.sessions.calls import accept_call

    def _add(data, name=None, role="qa", run=True, **kwargs):
        if isinstance(data, str):
            name, data = name or data, (CALLS / data).read_bytes()
        with app.app_context():
            call_id = accept_call(data, name, uid(role), **kwargs).id
        if run:
            run_call_jobs(app)
        return call_id

    return _add


@pytest.fixture
def broken_mp3():
    """An mp3 whose headers read but whose audio is damaged: accepted, then the job fails."""
    import random

    data = (CALLS / "call_stereo.mp3").read_bytes()[:6000]
    return data + random.Random(7).randbytes(30000)


@pytest.fixture
def call_rows(app):
    """call_rows() -> (calls, jobs, files under RECORDINGS_DIR): for "nothing changed" checks."""
    from trainer.models import Call, Job

    def _rows():
        with app.app_context():
            folder = Path(app.config["RECORDINGS_DIR"])
            files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
            return db.session.query(Call).count(), db.session.query(Job).count(), len(files)

    return _rows


@pytest.fixture
def extra_users(app):
    """Add the other team's coach and a deactivated trainee; returns their ids by key."""
    from seed_users import add_user

    with app.app_context():
        users = {key: add_user(**spec) for key, spec in EXTRA_USERS.items()}
        db.session.commit()
        return {key: user.id for key, user in users.items()}


@pytest.fixture
def play(app, uid):
    """play(role_or_id, answers, scenario) -> id of a session played with those answers, the
    last one repeated until the call ends."""
    from trainer.sessions import service

    def _play(who, answers=ROUGH_RUN, scenario="stop_calling") -> int:
        user_id = who if isinstance(who, int) else uid(who)
        with app.app_context():
            session_id = service.start_session(user_id, scenario).id
            for i in range(40):
                _turn, step = service.submit_answer(session_id, user_id,
                                                    answers[min(i, len(answers) - 1)])
                if step.finished:
                    return session_id
        raise AssertionError("the scripted run did not end the call")

    return _play
