"""QA calls through the pages: batch uploads where a bad file never stops the others, clear
per-file errors, nothing lost (stored first, retryable), the call list, the call view, speaker
swap and pasted calls on score-a-line."""

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
from qa_helpers import CALLS, run_call_jobs

from trainer.extensions import db
from trainer.models import Call, Job
from trainer.sessions.recordings import recording_path

AUDIO = Path(__file__).parents[1] / "data" / "audio"
GOOD = json.dumps({"agent": "kim", "turns": [
    {"speaker": "agent", "text": "Hi, this is Kim from Harbor Point Recovery. Am I speaking with "
                                 "Dana Whitfield?"},
    {"speaker": "customer", "text": "Yes, this is Dana."},
    {"speaker": "agent", "text": "Thank you. This is an attempt to collect a debt, and any "
                                 "information obtained will be used for that purpose."},
    {"speaker": "customer", "text": "Okay."}]}).encode()


def text_of(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def _post_form(client, csrf, files, **fields):
    data = {"csrf_token": csrf(client, "/qa/upload"), **fields,
            "files": [(io.BytesIO(data), name) for name, data in files]}
    return client.post("/qa/upload", data=data, content_type="multipart/form-data")


def _batch_calls(app, batch_id):
    with app.app_context():
        return {c.file_name: c for c in db.session.scalars(
            db.select(Call).where(Call.batch_id == batch_id))}


BAD_FILES = [  # (name, bytes, code, words the message must hold) refused before storing
    ("notes.pdf", b"%PDF-1.4\n%binary", "not_audio", "the file is not audio; send call audio"),
    ("empty.wav", b"", "empty", "the file is empty"),
    ("image.mp3", (AUDIO / "image.mp3").read_bytes(), "not_audio", "no audio in the file"),
    ("garbage.ogg", (AUDIO / "garbage.ogg").read_bytes(), "corrupt", "damaged"),
    ("truncated.wav", (AUDIO / "truncated.wav").read_bytes(), "corrupt", "truncated"),
    ("codec.wav", (AUDIO / "unknown_codec.wav").read_bytes(), "unsupported_codec", "codec"),
    ("who.txt", b"Agent: hello\nSupervisor: hi\n", "unknown_speaker",
     "line 2: speaker 'Supervisor' is neither the agent nor the customer"),
    ("blank.json", json.dumps({"turns": [{"speaker": "agent", "text": " "}]}).encode(),
     "missing_text", "turn 1 has no text"),
    ("quiet.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\n<v Customer>Hello?\n", "empty_call",
     "no agent turn"),
    ("when.json", json.dumps({"started_at": "yesterday", "turns": [
        {"speaker": "agent", "text": "Hello"}]}).encode(), "bad_metadata", "not an ISO 8601"),
]


def test_a_batch_scores_the_good_files_and_lists_each_bad_one_with_its_reason(
        app, login_as, csrf):
    app.config["HUEY_IMMEDIATE"] = True  # the call job runs inside the request here
    client = login_as("qa")
    files = [("good.json", GOOD), *[(n, d) for n, d, _c, _w in BAD_FILES],
             ("march/call.vtt", (CALLS / "call.vtt").read_bytes())]
    response = _post_form(client, csrf, files, label="monday")
    assert response.status_code == 302
    batch_id = int(response.headers["Location"].rsplit("/", 1)[1])
    calls = _batch_calls(app, batch_id)
    assert set(calls) == {name for name, _ in files}  # every file listed, in one batch
    for name, _data, code, words in BAD_FILES:
        assert (calls[name].status, calls[name].error_code) == ("failed", code), name
        assert words in calls[name].error and calls[name].error.startswith(name)
        assert calls[name].upload_path is None  # refused: nothing stored
    assert calls["good.json"].status == calls["march/call.vtt"].status == "done"
    assert calls["good.json"].agent == "kim" and calls["good.json"].overall is not None
    page = text_of(client.get(f"/qa/batches/{batch_id}"))
    assert "12 files: 2 scored, 10 failed" in page
    assert "speaker &#39;Supervisor&#39; is neither the agent" in page
    progress = client.get(f"/qa/batches/{batch_id}/progress").get_json()
    assert progress["finished"] and progress["progress"] == 1.0
    assert progress["counts"] == {"queued": 0, "running": 0, "done": 2, "failed": 10}


def test_files_sent_one_by_one_each_get_their_answer(app, login_as, csrf, call_rows):
    client = login_as("qa")
    token = csrf(client, "/qa/upload")
    batch = client.post("/qa/batches", data={"csrf_token": token, "agent": "lee",
                                             "consumer_timezone": "America/Chicago"})
    assert batch.status_code == 201
    files_url = batch.get_json()["files"]

    def send(name, data):
        return client.post(files_url, headers={"X-CSRFToken": token},
                           content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), name)})

    good = send("call.srt", (CALLS / "call.srt").read_bytes())
    assert good.status_code == 201 and good.get_json()["status"] == "queued"
    bad = send("notes.pdf", b"%PDF-1.4")
    assert bad.status_code == 200
    assert bad.get_json()["error"]["code"] == "not_audio"
    assert "the file is not audio; send call audio (wav" in bad.get_json()["error"]["message"]
    assert call_rows()[2] == 1  # only the good file is stored
    with app.app_context():
        call = db.session.get(Call, good.get_json()["id"])
        assert (call.agent, call.consumer_timezone) == ("lee", "America/Chicago")
    no_token = client.post(files_url, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(GOOD), "x.json")})
    assert no_token.status_code == 400 and no_token.get_json()["error"]["code"] == "csrf"
    nothing = client.post(files_url, headers={"X-CSRFToken": token},
                          content_type="multipart/form-data", data={})
    assert nothing.get_json()["error"]["code"] == "missing_file"


@pytest.mark.parametrize("setting, value, name, code", [
    ("QA_MAX_CALL_BYTES", 100_000, "call_stereo.mp3", "too_large"),
    ("QA_MAX_CALL_SECONDS", 60, "call_stereo.mp3", "too_long"),
])
def test_the_size_and_length_limits_come_from_the_config(app, login_as, csrf, call_rows,
                                                          setting, value, name, code):
    app.config[setting] = value
    client = login_as("qa")
    response = _post_form(client, csrf, [(name, (CALLS / name).read_bytes()),
                                         ("small.json", GOOD)])
    calls = _batch_calls(app, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert calls[name].error_code == code
    assert calls["small.json"].status == "queued"  # the other file goes on
    assert call_rows()[2] == 1


def test_a_whole_upload_over_the_limit_is_refused_before_it_is_read(app, login_as, csrf,
                                                                     call_rows):
    app.config["QA_MAX_UPLOAD_BYTES"] = 100_000
    client = login_as("qa")
    response = _post_form(client, csrf, [("big.mp3", (CALLS / "call_stereo.mp3").read_bytes())])
    assert response.status_code == 400
    assert "the upload is 0.3 MB; the limit is 0.1 MB" in text_of(response)
    assert call_rows() == (0, 0, 0)


def test_an_upload_form_without_files_says_so(login_as, csrf, call_rows):
    response = _post_form(login_as("qa"), csrf, [])
    assert response.status_code == 400 and "Choose one or more call files" in text_of(response)
    assert call_rows() == (0, 0, 0)


def test_a_call_that_fails_in_the_worker_keeps_its_upload_and_is_retried(
        app, login_as, csrf, add_call, broken_mp3):
    call_id = add_call(broken_mp3, "broken.mp3")
    with app.app_context():
        call = db.session.get(Call, call_id)
        assert (call.status, call.error_code) == ("failed", "corrupt")
        stored = recording_path(call.upload_path)
        assert stored is not None and stored.read_bytes() == broken_mp3  # nothing lost
    client = login_as("qa")
    page = text_of(client.get(f"/qa/calls/{call_id}"))
    assert "Retry this call" in page and "damaged" in page
    stored.write_bytes((CALLS / "call.json").read_bytes())  # the file was fixed in place
    with app.app_context():
        db.session.get(Call, call_id).file_name = "fixed.json"
        db.session.commit()
    response = client.post(f"/qa/calls/{call_id}/retry",
                           data={"csrf_token": csrf(client, f"/qa/calls/{call_id}")})
    assert response.status_code == 302
    run_call_jobs(app)
    with app.app_context():
        call = db.session.get(Call, call_id)
        assert call.status == "done" and call.error is None
        jobs = db.session.scalars(db.select(Job.status).where(Job.call_id == call_id)).all()
        assert sorted(jobs) == ["done", "failed"]  # the first attempt's record stays


def test_a_refused_file_cannot_be_retried_and_says_what_to_do(app, login_as, csrf):
    client = login_as("qa")
    response = _post_form(client, csrf, [("notes.pdf", b"%PDF-1.4")])
    call = next(iter(_batch_calls(app, int(response.headers["Location"].rsplit("/", 1)[1]))
                     .values()))
    assert "upload a fixed file" in text_of(client.get(f"/qa/calls/{call.id}"))
    retry = client.post(f"/qa/calls/{call.id}/retry",
                        data={"csrf_token": csrf(client, f"/qa/calls/{call.id}")},
                        follow_redirects=True)
    assert "refused before it was stored" in text_of(retry)


@pytest.mark.slow
def test_a_stereo_call_with_one_silent_channel_fails_with_a_clear_reason(app, add_call,
                                                                         login_as):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "calls"))
    from call_helpers import wav_bytes

    from trainer.speech import decode_channels

    left = decode_channels(CALLS / "call_stereo.mp3", sample_rate=8000).samples[0]
    hiss = np.random.default_rng(0).standard_normal(len(left)).astype(np.float32) * 1e-3
    call_id = add_call(wav_bytes([left, hiss]), "dead_right.wav")
    with app.app_context():
        call = db.session.get(Call, call_id)
        assert (call.status, call.error_code) == ("failed", "one_speaker")
    page = text_of(login_as("qa").get(f"/qa/calls/{call_id}"))
    assert "the customer&#39;s side was not recorded" in page


def test_the_call_list_filters_and_pages(app, login_as, add_call, monkeypatch):
    threat = json.dumps({"agent": "rob", "started_at": "2026-02-20T10:00:00-05:00", "turns": [
        {"speaker": "agent", "text": "Pay today or we will have you arrested."},
        {"speaker": "customer", "text": "What?"}]}).encode()
    first = add_call(threat, "threat.json")
    second = add_call("call.json")  # agent sam.agent, 2026-03-05
    for n in range(3):
        add_call(GOOD, f"good-{n}.json")
    client = login_as("qa")

    def ids(query):
        page = text_of(client.get("/qa/calls" + query))
        return [int(i) for i in re.findall(r'href="/qa/calls/(\d+)"', page)]

    assert ids("?critical=yes") == [first]
    assert ids("?agent=sam.agent") == [second]
    assert ids("?since=2026-02-19&until=2026-02-20") == [first]
    assert ids("?since=2026-03-02&until=2026-03-02") == [second]
    assert ids("?check=threat_arrest&check_status=fail") == [first]
    assert set(ids("?check=threat_arrest&check_status=pass")) >= {second}
    with app.app_context():
        overall = db.session.get(Call, second).overall
    assert second in ids(f"?min_score={overall}&max_score={overall}")
    assert first not in ids(f"?min_score={overall + 1}")
    monkeypatch.setattr("trainer.sessions.call_list.PER_PAGE", 2)
    page_one, page_three = ids(""), ids("?page=3")
    assert len(page_one) == 2 and len(page_three) == 1
    assert 'rel="next"' in text_of(client.get("/qa/calls?critical=no"))
    bad = text_of(client.get("/qa/calls?min_score=lots&since=soon"))
    assert "Left out min_score: &#39;lots&#39; must be a score" in bad
    assert "since: &#39;soon&#39; is not a date" in bad


def test_the_call_view_explains_the_call(app, login_as, add_call):
    call_id = add_call("call.json")
    page = text_of(login_as("qa").get(f"/qa/calls/{call_id}"))
    assert page.count('class="call-turn agent"') == 6
    assert page.count('class="call-turn customer"') == 6
    assert "Why this turn scored" in page and '<mark class="ev' in page  # turns explained
    assert "Mini-Miranda disclosure given" in page and "FDCPA 1692e(11)" in page
    assert "Agent talk ratio" in page and "Overtalk" in page
    assert '<svg class="plot"' in page and "Customer sentiment over the call" in page
    assert "200.00 USD" in page and "debit card" in page  # the promise to pay
    assert "4111 1111 1111 1111" not in page and "•••• •••• •••• 1111" in page
    assert "<script>" not in page  # scripts come from static files only (a CSP is coming)


def test_swapping_speakers_rescores_and_is_audited(app, login_as, csrf, add_call):
    call_id = add_call("call.json")
    with app.app_context():
        before = db.session.get(Call, call_id).scorecard
    client = login_as("qa")
    response = client.post(f"/qa/calls/{call_id}/swap",
                           data={"csrf_token": csrf(client, f"/qa/calls/{call_id}")},
                           follow_redirects=True)
    assert "Swapped the speakers" in text_of(response)
    with app.app_context():
        call = db.session.get(Call, call_id)
        after = call.scorecard
        assert [t["speaker"] for t in after["turns"]] == [
            "customer" if t["speaker"] == "agent" else "agent" for t in before["turns"]]
        assert after["agent_scores"] != before["agent_scores"]
        assert call.options["swapped"] is True
    assert "call.speakers_swapped" in text_of(client.get(f"/qa/calls/{call_id}"))


def test_score_a_line_scores_a_pasted_call_as_a_call(login_as, csrf):
    client = login_as("coach")
    text = (CALLS / "call.txt").read_text()
    response = client.post("/qa/score", data={"csrf_token": csrf(client, "/qa/score"),
                                              "text": text})
    page = text_of(response)
    assert response.status_code == 200 and "Call scorecard" in page
    assert page.count('class="call-turn agent"') == 6  # not one agent line
    assert "Compliance checklist" in page and "•••• •••• •••• 1111" in page
    unknown = client.post("/qa/score", data={"csrf_token": csrf(client, "/qa/score"),
                                             "text": "Agent: hello\nBoss: hi"})
    assert unknown.status_code == 400
    assert "line 2: speaker &#39;Boss&#39; is neither" in text_of(unknown)


def test_agent_trends_show_weekly_scores(app, login_as, add_call):
    add_call("call.json")
    page = text_of(login_as("admin").get("/qa/agents/sam.agent?weeks=52"))
    assert "1 scored call" in page and 'id="agent-trend"' in page
    assert login_as("qa").get("/qa/agents/nobody").status_code == 404


def test_audio_is_served_with_ranges_and_transcripts_have_none(app, login_as, add_call):
    audio = add_call("call_stereo.mp3", run=False)
    text = add_call("call.json")
    client = login_as("qa")
    whole = client.get(f"/qa/calls/{audio}/audio")
    assert whole.status_code == 200 and whole.headers["Content-Type"] == "audio/mpeg"
    assert whole.headers["Cache-Control"] == "private, no-store"
    whole.close()
    part = client.get(f"/qa/calls/{audio}/audio", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and len(part.data) == 100
    part.close()
    assert client.get(f"/qa/calls/{text}/audio").status_code == 404


@pytest.mark.parametrize("started_at, status", [("2026-03-02T22:30:00-05:00", "fail"),
                                                ("2026-03-02T10:15:00-05:00", "pass")])
def test_the_checklist_shows_every_qa_item_and_judges_calling_hours(add_call, login_as,
                                                                    started_at, status):
    call = json.loads((CALLS / "call.json").read_text())
    call_id = add_call(json.dumps({**call, "started_at": started_at}).encode(), "call.json")
    page = text_of(login_as("qa").get(f"/qa/calls/{call_id}"))
    for title in ("Right-party verification before debt details", "Mini-Miranda disclosure given",
                  "No threats, abuse or profanity", "No third-party disclosure",
                  "Disputes handled", "Cease and attorney requests honoured",
                  "Calling hours kept (8 am to 9 pm, the consumer&#39;s local time)"):
        assert title in page, title
    hours = re.search(r'<section class="qa-item status-(\w+)" aria-labelledby="item-calling_hours"',
                      page)
    assert hours and hours.group(1) == status
    if status == "fail":
        assert "the call started at 10:30 pm America/New_York" in page
