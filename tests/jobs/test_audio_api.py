"""Spoken answers over HTTP: 202 and a job, every bad input refused with nothing changed,
who may see jobs and hear recordings."""

import io
from pathlib import Path

import pytest

from trainer.extensions import db
from trainer.models import Job, Turn


def error_of(response, status):
    """Assert the status and the error shape; return the error code."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert set(error) == {"code", "message"} and error["message"]
    return error["code"]


def test_a_spoken_answer_is_queued_scored_and_playable(app, client, bearer, start_session,
                                                      upload, immediate, fast_speech,
                                                      browser_webm):
    headers = bearer("trainee")
    session_id = start_session("trainee")
    response = upload(session_id, browser_webm, headers, name="../../etc/passwd.webm")
    assert response.status_code == 202
    job_id = response.get_json()["job"]
    assert response.headers["Location"].endswith(f"/api/v1/jobs/{job_id}")

    job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
    assert {"status", "progress", "error", "result"} <= set(job)
    assert (job["status"], job["progress"], job["error"]) == ("done", 1.0, None)
    result = job["result"]
    assert result["index"] == 0 and result["finished"] is False and result["debtor"]["text"]
    assert result["turn"]["transcript"]["text"] == result["turn"]["text"]
    assert result["turn"]["delivery"]["pitch_median_hz"] > 0

    with app.app_context():
        turn = db.session.scalar(db.select(Turn).filter_by(session_id=session_id))
        stored = Path(app.config["RECORDINGS_DIR"]) / turn.audio_path
    assert "passwd" not in turn.audio_path and turn.audio_path.endswith(f"{job_id}.webm")
    audio = client.get(result["audio"], headers=headers)
    assert audio.status_code == 200 and audio.mimetype == "audio/webm"
    assert audio.data == stored.read_bytes()
    part = client.get(result["audio"], headers={**headers, "Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100  # players can seek
    audio.close()
    part.close()

    # The session moved on: its scorecard lists the spoken turn with its delivery.
    card = client.get(f"/api/v1/sessions/{session_id}", headers=headers).get_json()
    assert card["turns"][0]["source"] == "spoken" and card["turns"][0]["has_audio"] is True
    assert card["turns"][0]["delivery"]["words_per_minute"] > 0


def test_a_browser_recording_is_stored_with_a_duration_players_can_show(
        app, bearer, start_session, upload, browser_webm):
    import av

    with av.open(io.BytesIO(browser_webm)) as raw:
        assert raw.duration is None  # what MediaRecorder gives
    response = upload(start_session("trainee"), browser_webm, bearer("trainee"))
    assert response.status_code == 202
    with app.app_context():
        job = db.session.get(Job, response.get_json()["job"])
        path = app.config["RECORDINGS_DIR"] + "/" + job.audio_path
    with av.open(path) as stored:
        assert 5.0 < stored.duration / av.time_base < 6.5


@pytest.mark.parametrize(("name", "status", "code"), [
    ("not_audio.txt", 400, "not_audio"),
    ("image.mp3", 400, "not_audio"),
    ("empty.wav", 400, "empty"),
    ("garbage.ogg", 400, "corrupt"),
    ("unknown_codec.wav", 400, "unsupported_codec"),
])
def test_bad_uploads_are_refused_before_queueing_and_change_nothing(
        client, bearer, start_session, upload, audio, rows, name, status, code):
    session_id = start_session("trainee")
    before = rows()
    assert error_of(upload(session_id, audio(name), bearer("trainee"), name=name),
                    status) == code
    assert rows() == before == (0, 0, 0)


def test_missing_audio_field_and_oversized_uploads(app, bearer, start_session, upload, audio,
                                                   rows, client):
    session_id = start_session("trainee")
    headers = bearer("trainee")
    response = client.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                           data={"recording": (io.BytesIO(audio("answer.wav")), "a.wav")},
                           content_type="multipart/form-data")
    assert error_of(response, 400) == "missing_audio"
    assert "'audio'" in response.get_json()["error"]["message"]
    app.config["ANSWER_MAX_BYTES"] = 50_000  # answer.wav is ~180 kB
    response = upload(session_id, audio("answer.wav"), headers)
    assert error_of(response, 413) == "audio_too_large"
    assert "MB" in response.get_json()["error"]["message"]
    assert rows() == (0, 0, 0)


def test_an_answer_longer_than_the_limit_is_refused(app, bearer, start_session, upload, audio,
                                                    browser_webm, rows):
    app.config["ANSWER_MAX_SECONDS"] = 3
    session_id = start_session("trainee")
    for data in (audio("answer.wav"), browser_webm):  # declared duration, and none declared
        response = upload(session_id, data, bearer("trainee"))
        assert error_of(response, 400) == "too_long"
        assert "at most 3 s" in response.get_json()["error"]["message"]
    assert rows() == (0, 0, 0)


def test_a_second_upload_while_the_first_is_processed_is_409(bearer, start_session, upload,
                                                             audio, rows):
    session_id = start_session("trainee")
    headers = bearer("trainee")
    assert upload(session_id, audio("answer.webm"), headers).status_code == 202
    before = rows()
    assert error_of(upload(session_id, audio("answer.webm"), headers), 409) == "job_in_progress"
    assert rows() == before == (1, 0, 1)


def test_a_finished_session_refuses_audio(app, bearer, start_session, upload, audio, rows):
    from trainer.models import PracticeSession
    from trainer.models.clock import utcnow

    session_id = start_session("trainee")
    with app.app_context():
        db.session.get(PracticeSession, session_id).finished_at = utcnow()
        db.session.commit()
    before = rows()
    assert error_of(upload(session_id, audio("answer.webm"), bearer("trainee")),
                    409) == "session_finished"
    assert rows() == before


def test_unknown_and_foreign_sessions_are_404_for_audio(bearer, start_session, upload, audio,
                                                        rows):
    foreign = start_session("outsider")
    for session_id in (foreign, 9999):
        assert error_of(upload(session_id, audio("answer.webm"), bearer("trainee")),
                        404) == "session_not_found"
    assert rows() == (0, 0, 0)


def test_browser_uploads_need_the_csrf_header(app, login_as, start_session, upload, audio, csrf,
                                              rows):
    session_id = start_session("trainee")
    browser = login_as("trainee")
    assert error_of(upload(session_id, audio("answer.webm"), via=browser), 400) == "csrf"
    token = csrf(browser, f"/practice/sessions/{session_id}")
    response = upload(session_id, audio("answer.webm"), {"X-CSRFToken": token}, via=browser)
    assert response.status_code == 202
    assert rows()[0] == 1


def test_uploads_need_a_login(client, start_session, upload, audio, rows):
    assert error_of(upload(start_session("trainee"), audio("answer.webm")), 401) == \
        "unauthorized"
    assert rows() == (0, 0, 0)


def test_when_the_queue_is_down_the_upload_is_503_and_leaves_nothing(
        app, bearer, start_session, upload, audio, rows):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = upload(start_session("trainee"), audio("answer.webm"), bearer("trainee"))
    assert error_of(response, 503) == "queue_unavailable"
    assert "not reachable" in response.get_json()["error"]["message"]
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize(("name", "message"), [
    ("silence.wav", "no speech detected"),
    ("truncated.webm", "truncated"),
])
def test_worker_side_failures_leave_the_session_playable(client, bearer, start_session, upload,
                                                         audio, immediate, rows, wait_for_job,
                                                         name, message):
    headers = bearer("trainee")
    session_id = start_session("trainee")
    response = upload(session_id, audio(name), headers, name=name)
    assert response.status_code == 202
    job = wait_for_job(client, response.get_json()["job"], headers)
    assert job["status"] == "failed" and message in job["error"] and job["result"] is None
    assert rows() == (1, 0, 0)  # the failed recording is not kept
    # Record again ...
    again = upload(session_id, audio("answer.webm"), headers)
    assert wait_for_job(client, again.get_json()["job"], headers)["status"] == "done"
    # ... or type the next answer.
    typed = client.post(f"/api/v1/sessions/{session_id}/turns", headers=headers,
                        json={"text": "Thank you. This is an attempt to collect a debt."})
    assert typed.status_code == 200 and typed.get_json()["index"] == 1


@pytest.mark.parametrize(("viewer", "status"), [
    ("trainee", 200), ("coach", 200), ("admin", 200), ("outsider", 404), ("qa", 404),
])
def test_who_may_see_a_job_and_hear_the_recording(client, bearer, start_session, upload, audio,
                                                  immediate, fast_speech, viewer, status):
    session_id = start_session("trainee")
    job_id = upload(session_id, audio("answer.webm"), bearer("trainee")).get_json()["job"]
    headers = bearer(viewer)
    job = client.get(f"/api/v1/jobs/{job_id}", headers=headers)
    recording = client.get(f"/api/v1/sessions/{session_id}/turns/0/audio", headers=headers)
    recording.close()
    assert (job.status_code, recording.status_code) == (status, status)
    if status == 404:
        assert error_of(job, 404) == "job_not_found"
        assert error_of(recording, 404) == "session_not_found"


def test_unknown_jobs_and_missing_recordings_are_404(client, bearer, start_session, uid, app):
    headers = bearer("trainee")
    for job_id in ("0" * 32, "x" * 300, "nope"):
        assert error_of(client.get(f"/api/v1/jobs/{job_id}", headers=headers),
                        404) == "job_not_found"
    session_id = start_session("trainee")
    from trainer.sessions import service

    with app.app_context():
        service.submit_answer(session_id, uid("trainee"), "Hi, is this Dana Whitfield?")
    for index in (0, 1, 99):  # a typed turn has no recording; the others do not exist
        response = client.get(f"/api/v1/sessions/{session_id}/turns/{index}/audio",
                              headers=headers)
        assert error_of(response, 404) == "recording_not_found"
