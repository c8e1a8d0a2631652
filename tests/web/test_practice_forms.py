"""Bad input on the practice pages: a clear message, the right status, nothing stored."""

import pytest

from trainer.extensions import db
from trainer.models import PracticeSession
from trainer.sessions import service
from trainer.sessions.errors import Conflict, InvalidAnswer, SessionFinished, SessionNotFound


@pytest.mark.parametrize("text, status, message", [
    ("", 400, "Type what you would say to the debtor."),
    ("   ", 400, "Type what you would say to the debtor."),
    ("x" * 2001, 400, "Keep the answer under 2000 characters."),
])
def test_bad_answers_re_show_the_call_with_the_reason(login_as, csrf, start_session, counts,
                                                     text, status, message):
    session_id = start_session("trainee")
    client = login_as("trainee")
    token = csrf(client, f"/practice/sessions/{session_id}")
    response = client.post(f"/practice/sessions/{session_id}/turns",
                           data={"csrf_token": token, "text": text})
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in page
    assert 'aria-invalid="true"' in page and "Hello?" in page
    assert counts() == (1, 0)


def test_answering_a_finished_session_is_409(login_as, csrf, finish_session, counts):
    session_id = finish_session("trainee")
    before = counts()
    client = login_as("trainee")
    token = csrf(client, "/practice/")
    response = client.post(f"/practice/sessions/{session_id}/turns",
                           data={"csrf_token": token, "text": "Hello again"})
    assert response.status_code == 409
    assert "This session is finished" in response.get_data(as_text=True)
    assert counts() == before


def test_answering_someone_elses_session_is_404(login_as, csrf, start_session, counts):
    session_id = start_session("outsider")
    client = login_as("trainee")
    token = csrf(client, "/practice/")
    response = client.post(f"/practice/sessions/{session_id}/turns",
                           data={"csrf_token": token, "text": "Hello, is this Olly?"})
    assert response.status_code == 404
    assert counts() == (1, 0)


def test_starting_an_unknown_scenario_is_404(login_as, csrf, counts):
    client = login_as("trainee")
    token = csrf(client, "/practice/")
    response = client.post("/practice/sessions", data={"csrf_token": token,
                                                       "scenario": "nope"})
    assert response.status_code == 404
    assert "no scenario with id" in response.get_data(as_text=True)
    assert counts() == (0, 0)


def test_service_errors(app, uid, start_session, finish_session):
    session_id = start_session("trainee")
    done = finish_session("trainee")
    with app.app_context():
        with pytest.raises(InvalidAnswer) as empty:
            service.submit_answer(session_id, uid("trainee"), "  ")
        assert empty.value.code == "empty_text"
        with pytest.raises(InvalidAnswer):
            service.submit_answer(session_id, uid("trainee"), "x" * 2001)
        with pytest.raises(InvalidAnswer):
            service.submit_answer(session_id, uid("trainee"), "Hi", source="telepathy")
        with pytest.raises(SessionNotFound):
            service.submit_answer(session_id, uid("outsider"), "Hello?")
        with pytest.raises(SessionFinished):
            service.submit_answer(done, uid("trainee"), "Hello?")
        assert db.session.get(PracticeSession, session_id).turn_count == 0


def test_a_second_answer_to_the_same_line_is_a_conflict(app, uid, start_session,
                                                         monkeypatch):
    """Two requests that read the same turn count: the second insert is refused cleanly."""
    session_id = start_session("trainee")
    with app.app_context():
        service.submit_answer(session_id, uid("trainee"), "Hi, is this Dana Whitfield?")
        session = db.session.get(PracticeSession, session_id)
        session.turn_count = 0  # what a racing request would have read
        with pytest.raises(Conflict):
            service.submit_answer(session_id, uid("trainee"), "Hello, is this Dana?")
        db.session.expire_all()
        assert db.session.get(PracticeSession, session_id).turn_count == 1


def test_spoken_answers_keep_delivery_and_transcript(app, uid, start_session):
    """The voice work stores delivery features and the transcript on the turn."""
    session_id = start_session("trainee")
    delivery = {"words_per_minute": 150.0, "pause_ratio": 0.1}
    with app.app_context():
        turn, _step = service.submit_answer(
            session_id, uid("trainee"), "Hi, am I speaking with Dana Whitfield?",
            source="spoken", delivery=delivery, transcript={"text": "hi"},
            audio_path="recordings/1.webm")
        assert (turn.source, turn.delivery, turn.audio_path) == ("spoken", delivery,
                                                                 "recordings/1.webm")


def test_a_session_whose_scenario_changed_under_it_is_409_not_500(app, client, bearer,
                                                                   start_session, counts):
    session_id = start_session("trainee")
    with app.app_context():
        session = db.session.get(PracticeSession, session_id)
        session.state = {**session.state, "node": "a_node_that_was_deleted"}
        db.session.commit()
    response = client.post(f"/api/v1/sessions/{session_id}/turns", headers=bearer("trainee"),
                           json={"text": "Hello, am I speaking with Dana Whitfield?"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "scenario_changed"
    assert counts() == (1, 0)
