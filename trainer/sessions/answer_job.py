"""The `answer` job kind: decode a spoken answer, transcribe, measure delivery, score, store.

The turn and the job's `done` are committed in one transaction, and the turn insert is
guarded by the unique (session_id, index) index: a job run twice stores one turn, and a
re-run that finds its own turn already saved just reports it.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy.exc import IntegrityError

from trainer.extensions import db
from trainer.jobs import state
from trainer.jobs.kinds import JobKind
from trainer.jobs.state import LostClaim
from trainer.models import Job, PracticeSession, Turn

from . import service
from .errors import Conflict, PracticeError, SessionFinished, SessionNotFound
from .recordings import OVERSHOOT_S, delete_recording, recording_path

logger = logging.getLogger(__name__)


def _existing_turn(job: Job) -> Turn | None:
    return db.session.scalar(db.select(Turn).filter_by(session_id=job.session_id,
                                                       index=job.turn_index))


def _finish_with(job: Job, attempt: int, turn: Turn) -> None:
    """Mark the job done with the result of a turn that is already stored."""

    hit = db.session.execute(state.done_statement(job.id, attempt, service.turn_result(turn),
                                                  turn.id)).rowcount
    db.session.commit()
    if hit != 1:
        raise LostClaim(job.id)


def _check_turn_is_free(job: Job, attempt: int) -> bool:
    """True when the line still awaits this answer; finishes the job if it already has it."""
    existing = _existing_turn(job)
    if existing is None:
        return True
    if existing.audio_path and existing.audio_path == job.audio_path:
        _finish_with(job, attempt, existing)  # an earlier run got this far: report it
        return False
    raise Conflict("this line was answered (typed, or by another recording) before the "
                   "recording was scored, so it was not scored; carry on from the new line")


def process_answer(job: Job, attempt: int, progress) -> None:
    """The body of an `answer` job (see the module docstring)."""
    from trainer.speech import analyse_answer, decode_audio

    config = current_app.config
    job_id, session_id, user_id = job.id, job.session_id, job.user_id
    audio_path, turn_index = job.audio_path, job.turn_index
    if not _check_turn_is_free(job, attempt):
        return
    session = db.session.get(PracticeSession, session_id)
    if session is None:
        raise SessionNotFound("the practice session was deleted")
    if session.finished:
        raise SessionFinished("the session finished before this recording was scored")
    if session.turn_count != turn_index:
        raise Conflict("the conversation moved on before this recording was scored")
    path = recording_path(audio_path)
    if path is None:
        raise PracticeError("the recording is missing from the recordings folder; "
                            "record the answer again", code="recording_missing")
    db.session.rollback()  # no transaction held open through the slow part

    progress("decoding", 0.05)
    # bytes, not the path: error messages then do not start with the generated file name
    limit = float(config["ANSWER_MAX_SECONDS"]) + OVERSHOOT_S
    audio = decode_audio(path.read_bytes(), max_duration_s=limit)
    progress("transcribing", 0.15)
    transcript, delivery = analyse_answer(
        audio, engine=config.get("WHISPER_ENGINE") or None,
        model=config.get("WHISPER_MODEL") or None, instance_path=current_app.instance_path)
    progress("scoring", 0.85)

    def mark_done(turn: Turn, _step) -> None:
        db.session.flush()  # the unique (session, index) check happens here
        hit = db.session.execute(state.done_statement(
            job_id, attempt, service.turn_result(turn), turn.id)).rowcount
        if hit != 1:

            raise LostClaim(job_id)

    session = db.session.get(PracticeSession, session_id)  # fresh: the slow part took time
    if session is None or session.turn_count != turn_index:
        _check_turn_is_free(job, attempt)
        raise Conflict("the conversation moved on before this recording was scored")
    try:
        service.submit_answer(session_id, user_id, transcript.text, source="spoken",
                              delivery=delivery, transcript=transcript.to_dict(),
                              audio_path=audio_path, before_commit=mark_done)
    except (IntegrityError, Conflict):
        db.session.rollback()  # someone stored this line's answer first: whose was it?
        job = db.session.get(Job, job_id)
        if _check_turn_is_free(job, attempt):
            raise Conflict("another answer to this line was saved at the same moment; "
                           "carry on from the new line") from None


def discard_recording(job_id: str) -> None:
    """Delete the recording of a failed job: no turn points at it, nobody will play it."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != "failed" or job.turn_id is not None or not job.audio_path:
        return
    if _existing_turn(job) is not None and _existing_turn(job).audio_path == job.audio_path:
        return  # stored with a turn after all (a crash between the two): keep it
    delete_recording(job.audio_path)
    job.audio_path = None
    db.session.commit()


def warm_speech(app) -> None:
    """Load the Whisper model and run it once, so the first answer is not the slow one."""
    import numpy as np

    from trainer.speech import AudioError, get_engine, measure_delivery

    noise = (np.random.default_rng(0).standard_normal(16000) * 0.01).astype(np.float32)
    try:
        engine = get_engine(app.config.get("WHISPER_ENGINE") or None,
                            app.config.get("WHISPER_MODEL") or None,
                            instance_path=app.instance_path)
        engine.recognise(noise, beam_size=1, vad=False, language=None)
        measure_delivery(noise, None, sample_rate=16000)
    except AudioError as exc:
        logger.error("speech model not ready: %s (spoken answers will fail until fixed)",
                     exc.message)
    except Exception:
        logger.exception("warming the speech model failed")


KIND = JobKind("answer", run=process_answer, cleanup=discard_recording, warm=warm_speech)
