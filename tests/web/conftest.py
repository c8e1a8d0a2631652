"""Web-test helpers: a scripted good run of lost_job, and starting sessions quickly."""

import pytest
from good_trainee import good_answers as answers_for
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
