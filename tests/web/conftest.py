"""Web-test helpers: a scripted good run of lost_job, and starting sessions quickly."""

import pytest

from trainer.extensions import db
from trainer.models import PracticeSession, Turn

# A trainee who does everything right in `lost_job` (verify, disclose, ask why, empathise
# and offer a plan, name amount and date, read the promise back): six answers to the end.
LOST_JOB_GOOD = [
    "Hello, this is Sam calling from Harbor Point Recovery. Am I speaking with Dana Whitfield?",
    "Thank you, Dana. This is an attempt to collect a debt and any information obtained will "
    "be used for that purpose.",
    "Can you tell me what's making it hard to keep up with the payments right now?",
    "I'm really sorry to hear about your job, that sounds incredibly stressful. We have a "
    "hardship program, so let's set up a payment plan that works for you.",
    "Let's do $50 on Friday the 14th, then $50 on the 14th of each month. Does that work for you?",
    "To confirm: $50 by debit card on Friday the 14th, then every month; I'll email your "
    "written confirmation today.",
]


@pytest.fixture
def good_answers():
    """The scripted good run of lost_job."""
    return list(LOST_JOB_GOOD)


@pytest.fixture
def start_session(app, uid):
    """start_session(role, scenario="lost_job") -> id of a new session owned by that user."""
    from trainer.practice import service

    def _start(key: str, scenario: str = "lost_job") -> int:
        with app.app_context():
            return service.start_session(uid(key), scenario).id

    return _start


@pytest.fixture
def finish_session(app, uid, good_answers):
    """finish_session(role) -> id of a finished lost_job session of that user."""
    from trainer.practice import service

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
