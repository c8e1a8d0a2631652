"""The calm baseline: recorded, shown, redone and deleted; passed to the calmness scorer."""

import io

import pytest

from trainer.extensions import db
from trainer.models import User
from trainer.sessions import service


def _user(app, uid, key="trainee") -> User:
    with app.app_context():
        user = db.session.get(User, uid(key))
        db.session.expunge(user)
        return user


def _post(client, data, headers, name="read.wav"):
    return client.post("/api/v1/me/baseline", headers=headers,
                       data={"audio": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_record_show_and_delete_a_baseline_over_the_api(app, client, bearer, uid,
                                                        long_read_aloud):
    headers = bearer("trainee")
    empty = client.get("/api/v1/me/baseline", headers=headers).get_json()
    assert empty["baseline"] is None and "calmly" in empty["passage"]
    response = _post(client, long_read_aloud, headers)
    assert response.status_code == 201
    baseline = response.get_json()["baseline"]
    assert baseline["speaking_s"] > 8 and baseline["pitch_median_hz"] > 50
    assert baseline["loudness_db"] < 0 and "windows" not in baseline  # scalars only
    stored = _user(app, uid)
    assert stored.calm_baseline == baseline and stored.baseline_at is not None
    assert client.get("/api/v1/me/baseline", headers=headers).get_json()["baseline"] == baseline
    gone = client.delete("/api/v1/me/baseline", headers=headers)
    assert gone.status_code == 200 and gone.get_json()["baseline"] is None
    assert _user(app, uid).calm_baseline is None


@pytest.mark.parametrize(("name", "code"), [
    ("silence.wav", "no_speech"),
    ("answer.wav", "too_short"),  # 5 s of speech: not enough to know a voice
    ("not_audio.txt", "not_audio"),
    ("empty.wav", "empty"),
])
def test_unusable_read_alouds_are_refused_and_keep_the_old_baseline(
        app, client, bearer, uid, audio, long_read_aloud, name, code):
    headers = bearer("trainee")
    assert _post(client, long_read_aloud, headers).status_code == 201
    before = _user(app, uid).calm_baseline
    response = _post(client, audio(name), headers, name=name)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code
    assert _user(app, uid).calm_baseline == before


def test_the_baseline_page_records_by_upload_and_deletes(app, login_as, csrf, uid,
                                                         long_read_aloud, audio):
    browser = login_as("trainee")
    page = browser.get("/practice/baseline")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "No baseline yet" in html and "Read this aloud" in html
    assert 'data-voice="baseline"' in html
    token = csrf(browser, "/practice/baseline")
    bad = browser.post("/practice/baseline", data={"csrf_token": token,
                                                   "audio": (io.BytesIO(audio("silence.wav")),
                                                             "s.wav")},
                       content_type="multipart/form-data")
    assert bad.status_code == 400
    assert "cannot be used: a baseline needs at least 3 s of speech" in bad.get_data(as_text=True)
    assert _user(app, uid).calm_baseline is None
    good = browser.post("/practice/baseline", data={"csrf_token": token,
                                                    "audio": (io.BytesIO(long_read_aloud),
                                                              "r.wav")},
                        content_type="multipart/form-data", follow_redirects=True)
    assert good.status_code == 200 and "Your calm baseline is saved" in good.get_data(as_text=True)
    assert "Delete my baseline" in good.get_data(as_text=True)
    assert _user(app, uid).calm_baseline is not None
    settings = browser.get("/settings").get_data(as_text=True)
    assert "judged against your calm baseline" in settings
    deleted = browser.post("/practice/baseline/delete", data={"csrf_token": token},
                           follow_redirects=True)
    assert "Your calm baseline is deleted" in deleted.get_data(as_text=True)
    assert _user(app, uid).calm_baseline is None


def test_the_baseline_page_needs_csrf_and_a_login(app, client, login_as, uid, long_read_aloud):
    assert client.get("/practice/baseline").status_code == 302  # to the login page
    browser = login_as("trainee")
    response = browser.post("/practice/baseline",
                            data={"audio": (io.BytesIO(long_read_aloud), "r.wav")},
                            content_type="multipart/form-data")
    assert response.status_code == 400 and _user(app, uid).calm_baseline is None


def test_a_spoken_answer_is_judged_against_the_speakers_baseline(app, uid, start_session,
                                                                 real_analysis):
    """Loudness counts only relative to the speaker's own calm voice when a baseline exists."""
    transcript, delivery = real_analysis

    def score(baseline):
        with app.app_context():
            user = db.session.get(User, uid("trainee"))
            user.calm_baseline = baseline
            db.session.commit()
            session_id = service.start_session(uid("trainee"), "lost_job").id
            turn, _ = service.submit_answer(session_id, uid("trainee"), transcript.text,
                                            source="spoken", delivery=delivery)
            return turn.scorecard

    calm_self = {k: v for k, v in delivery.items() if not isinstance(v, list | dict)}
    quieter_self = {**calm_self, "loudness_db": delivery["loudness_db"] - 12.0}
    same = score(calm_self)
    louder = score(quieter_self)
    why = [e["why"] for e in louder["evidence"] if e["dimension"] == "calmness"]
    assert any("calm baseline" in w for w in why), why
    assert louder["scores"]["calmness"] < same["scores"]["calmness"]
