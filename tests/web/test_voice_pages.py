"""The pages around spoken answers: the recorder, a job still running, spoken feedback."""

import io
from pathlib import Path

from trainer.extensions import db
from trainer.models import Job

DELIVERY = {"words_per_minute": 182.4, "pause_ratio": 0.05, "longest_pause_s": 0.3,
            "pitch_median_hz": 101.0, "pitch_variability_st": 1.8, "loudness_db": -21.3,
            "loudness_variability_db": 9.6}


def test_the_conversation_offers_the_recorder_next_to_the_typed_box(login_as, start_session):
    session_id = start_session("trainee")
    html = login_as("trainee").get(f"/practice/sessions/{session_id}").get_data(as_text=True)
    assert 'data-voice="answer"' in html and 'data-max-seconds="120"' in html
    assert f'data-upload-url="/api/v1/sessions/{session_id}/turns"' in html
    assert 'data-job-url="/api/v1/jobs/JOB_ID"' in html
    assert "data-pending-job" not in html
    assert "Start recording" in html and 'aria-live="polite"' in html
    assert "record a short calm baseline" in html  # optional first step, linked
    assert "/static/js/voice.js" in html and 'name="text"' in html  # typing still there


def test_a_recording_still_being_scored_is_followed_after_a_reload(app, login_as, bearer,
                                                                   start_session):
    session_id = start_session("trainee")
    audio = (Path(__file__).parents[1] / "data" / "audio" / "answer.webm").read_bytes()
    client = app.test_client()
    response = client.post(f"/api/v1/sessions/{session_id}/turns", headers=bearer("trainee"),
                           data={"audio": (io.BytesIO(audio), "a.webm")},
                           content_type="multipart/form-data")
    job_id = response.get_json()["job"]  # no consumer runs here: it stays queued
    html = login_as("trainee").get(f"/practice/sessions/{session_id}").get_data(as_text=True)
    assert f'data-pending-job="{job_id}"' in html
    with app.app_context():
        db.session.get(Job, job_id).status = "failed"
        db.session.commit()
    html = login_as("trainee").get(f"/practice/sessions/{session_id}").get_data(as_text=True)
    assert "data-pending-job" not in html


def _spoken_turn(app, uid, session_id):
    from trainer.sessions import service

    with app.app_context():
        service.submit_answer(session_id, uid("trainee"), "Hi, am I speaking with Dana Whitfield?",
                              source="spoken", delivery=DELIVERY, transcript={"text": "hi"},
                              audio_path="u1/x.webm")


def test_spoken_feedback_shows_delivery_and_a_player(app, uid, login_as, start_session):
    session_id = start_session("trainee")
    _spoken_turn(app, uid, session_id)
    html = login_as("trainee").get(f"/practice/sessions/{session_id}").get_data(as_text=True)
    assert "(spoken)" in html and "How you said it" in html
    assert "182 words/min" in html and "101 Hz" in html and "-21.3 dBFS" in html
    assert f'src="/api/v1/sessions/{session_id}/turns/0/audio"' in html


def test_the_coach_hears_the_recording_on_the_scorecard(app, uid, login_as, start_session):
    session_id = start_session("trainee")
    _spoken_turn(app, uid, session_id)
    html = login_as("coach").get(f"/practice/sessions/{session_id}/scorecard").get_data(
        as_text=True)
    assert f'src="/api/v1/sessions/{session_id}/turns/0/audio"' in html
    assert "182 words/min" in html and "/static/js/voice.js" in html


def test_typed_feedback_has_no_player(app, uid, login_as, start_session):
    from trainer.sessions import service

    session_id = start_session("trainee")
    with app.app_context():
        service.submit_answer(session_id, uid("trainee"), "Hi, is this Dana Whitfield?")
    html = login_as("trainee").get(f"/practice/sessions/{session_id}").get_data(as_text=True)
    assert "<audio" not in html and "How you said it" not in html


def test_settings_link_to_the_baseline(login_as):
    html = login_as("trainee").get("/settings").get_data(as_text=True)
    assert "You have no calm baseline" in html and 'href="/practice/baseline"' in html
