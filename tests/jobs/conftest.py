"""Fixtures for the voice work: audio bytes, uploads, row counts, a fast stand-in transcriber."""

import io
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from trainer.extensions import db
from trainer.models import Job, Turn

AUDIO = Path(__file__).parents[1] / "data" / "audio"


@pytest.fixture
def audio():
    """audio(name) -> the bytes of a fixture in tests/data/audio."""
    return lambda name: (AUDIO / name).read_bytes()


def wav_bytes(samples: np.ndarray, rate: int = 16000) -> bytes:
    """16-bit mono WAV bytes from float samples in [-1, 1]."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return out.getvalue()


@pytest.fixture(scope="session")
def long_read_aloud():
    """About 12 s of speech (the answer fixture twice, a pause between): a baseline."""
    from trainer.speech import decode_audio

    speech = decode_audio(AUDIO / "answer.wav").samples
    pause = np.zeros(8000, np.float32)
    return wav_bytes(np.concatenate([speech, pause, speech]))


@pytest.fixture(scope="session")
def long_answer():
    """About 40 s of speech (the answer fixture repeated): time to kill a worker mid-job."""
    from trainer.speech import decode_audio

    speech = decode_audio(AUDIO / "answer.wav").samples
    gap = np.zeros(4000, np.float32)
    return wav_bytes(np.concatenate([speech, gap] * 7))


@pytest.fixture(scope="session")
def browser_webm():
    """The answer as a browser records it: opus in webm with no duration and no index."""
    import av

    out = io.BytesIO()
    with av.open(str(AUDIO / "answer.wav")) as src, \
            av.open(out, "w", format="webm", options={"live": "1"}) as dst:
        stream = dst.add_stream("libopus", rate=48000, layout="mono")
        resampler = av.AudioResampler(format=stream.format.name, layout="mono", rate=48000)
        for frame in src.decode(audio=0):
            frame.pts = None
            for piece in resampler.resample(frame):
                dst.mux(stream.encode(piece))
        dst.mux(stream.encode(None))
    return out.getvalue()


@pytest.fixture(scope="session")
def real_analysis():
    """The real transcript and delivery of answer.wav, computed once for the session."""
    from trainer.speech import analyse_answer

    return analyse_answer(AUDIO / "answer.wav")


@pytest.fixture
def fast_speech(monkeypatch, real_analysis):
    """Skip Whisper in state-machine tests: analyse_answer returns the precomputed result.

    Decoding stays real, so damaged and silent files still fail as they would.
    `fast_speech.calls` counts runs; `fast_speech.hook` may raise to simulate failures.
    """
    import trainer.speech

    class Fake:
        def __init__(self):
            self.calls, self.hook = 0, None

        def __call__(self, source, **_kwargs):
            self.calls += 1
            if self.hook is not None:
                self.hook(self.calls)
            return real_analysis

    fake = Fake()
    monkeypatch.setattr(trainer.speech, "analyse_answer", fake)
    return fake


@pytest.fixture
def upload(client):
    """upload(session_id, data, headers, name="answer.webm", client=None) -> the response."""

    def _upload(session_id, data, headers=None, name="answer.webm", via=None):
        return (via or client).post(f"/api/v1/sessions/{session_id}/turns", headers=headers or {},
                                    data={"audio": (io.BytesIO(data), name)},
                                    content_type="multipart/form-data")

    return _upload


@pytest.fixture
def rows(app):
    """rows() -> (jobs, turns, files under RECORDINGS_DIR): for "nothing changed" checks."""

    def _rows():
        with app.app_context():
            recordings = Path(app.config["RECORDINGS_DIR"])
            files = [p for p in recordings.rglob("*") if p.is_file()] if recordings.exists() else []
            return (db.session.query(Job).count(), db.session.query(Turn).count(), len(files))

    return _rows


@pytest.fixture
def immediate(app):
    """Run jobs inside the request (HUEY_IMMEDIATE), set before the queue is first built."""
    app.config["HUEY_IMMEDIATE"] = True
    return app


def _wait_for_job(client, job_id, headers=None, timeout=90.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}", headers=headers or {}).get_json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s: {body}")


@pytest.fixture
def wait_for_job():
    """wait_for_job(client, job_id, headers) -> the job once done or failed (polls the API)."""
    return _wait_for_job
