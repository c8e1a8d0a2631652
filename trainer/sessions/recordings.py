"""Spoken answers on disk: a quick check before queueing, generated names, safe look-ups.

Files live under RECORDINGS_DIR as `u<user id>/<job id>.<ext>`; the uploaded file name is
never used. The database stores the path relative to RECORDINGS_DIR, so the folder can move
(or be a shared mount that several worker machines see).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from flask import current_app

from .errors import PracticeError

# PyAV container names -> the extension the file is stored under.
EXTENSIONS = {"matroska,webm": "webm", "ogg": "ogg", "wav": "wav", "mp3": "mp3",
              "mov,mp4,m4a,3gp,3g2,mj2": "m4a", "flac": "flac", "aac": "aac"}
FORMATS_HINT = "webm, ogg, wav, mp3, m4a or flac"
# The recorder stops itself at the limit, but its timer ticks 5 times a second and the
# encoder flushes after the stop: a recording may run this much past the limit.
OVERSHOOT_S = 1.5
MIME_TYPES = {"webm": "audio/webm", "ogg": "audio/ogg", "wav": "audio/wav", "mp3": "audio/mpeg",
              "m4a": "audio/mp4", "flac": "audio/flac", "aac": "audio/aac"}


class RecordingRejected(PracticeError):
    """An upload that is not usable audio; refused before anything is stored or queued."""

    status, code = 400, "bad_audio"


class RecordingTooLarge(PracticeError):
    """An upload over ANSWER_MAX_BYTES."""

    status, code = 413, "audio_too_large"


def size_limit_message(size: int | None, limit: int) -> str:
    """Why a too-large upload was refused, in megabytes."""
    told = f"the recording is {size / 1e6:.1f} MB; " if size else "the recording is too large; "
    return told + f"the limit is {limit / 1e6:.0f} MB (about two minutes of speech is far less)"


def check_recording(data: bytes, max_seconds: float) -> str:
    """The extension to store an upload under, if it opens as audio with a known codec.

    Cheap (headers only). Damage deeper in the file, silence and over-long answers without
    a declared duration (browser webm) are found by the worker, which decodes everything.
    """
    import av

    from trainer.speech.decode import declared_duration
    from trainer.speech.sniff import looks_like_audio

    if not data:
        raise RecordingRejected("the recording is empty (zero bytes): record again",
                                code="empty")
    verdict = looks_like_audio(data[:4096])
    if verdict is False:
        raise RecordingRejected(f"the file is not audio: send a recording ({FORMATS_HINT})",
                                code="not_audio")
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.error.FFmpegError, EOFError, OSError):
        if verdict:
            raise RecordingRejected("the audio file is damaged or truncated and cannot be "
                                    "read: record again", code="corrupt") from None
        raise RecordingRejected(f"the file is not audio in a known format ({FORMATS_HINT})",
                                code="not_audio") from None
    with container:
        if not container.streams.audio:
            raise RecordingRejected("the file holds no audio", code="not_audio")
        stream = container.streams.audio[0]
        codec = stream.codec_context.name if stream.codec_context else None
        if not codec:
            raise RecordingRejected("the audio codec cannot be decoded here: send "
                                    f"{FORMATS_HINT}", code="unsupported_codec")
        seconds = declared_duration(container, stream)
        if seconds is not None and seconds > max_seconds + OVERSHOOT_S:
            raise RecordingRejected(f"the recording is {seconds:.0f} s long; an answer can be "
                                    f"at most {max_seconds:.0f} s", code="too_long")
        return EXTENSIONS.get(container.format.name, "audio")


def make_seekable(data: bytes, ext: str, max_seconds: float) -> bytes:
    """Browser webm/ogg recordings carry no duration or index: players show no length and
    seek slowly. Copying the packets into a new container (no re-encoding, ~1 ms for 10 s)
    writes both. Damaged files are kept as they are: the worker reports the damage.
    """
    import av

    from trainer.speech.decode import declared_duration

    if ext not in ("webm", "ogg"):
        return data
    out = io.BytesIO()
    try:
        with av.open(io.BytesIO(data), mode="r") as src:
            if declared_duration(src, src.streams.audio[0]) is not None:
                return data
            with av.open(out, mode="w", format=ext) as dst:
                source = src.streams.audio[0]
                target = dst.add_stream_from_template(source)
                for packet in src.demux(source):
                    if packet.dts is None:
                        continue  # the demuxer's end-of-stream marker
                    packet.stream = target
                    dst.mux(packet)
        with av.open(io.BytesIO(out.getvalue()), mode="r") as check:
            seconds = declared_duration(check, check.streams.audio[0])
    except (av.error.FFmpegError, EOFError, OSError, ValueError, IndexError):
        return data
    if seconds is not None and seconds > max_seconds + OVERSHOOT_S:
        raise RecordingRejected(f"the recording is {seconds:.0f} s long; an answer can be "
                                f"at most {max_seconds:.0f} s", code="too_long")
    return out.getvalue()




def recordings_dir() -> Path:
    """The configured recordings folder."""
    return Path(current_app.config["RECORDINGS_DIR"])


def store_recording(data: bytes, user_id: int, stem: str, ext: str) -> str:
    """Write the upload under a generated name; returns its path relative to RECORDINGS_DIR."""
    relative = f"u{int(user_id)}/{stem}.{ext}"
    target = recordings_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, target)  # a worker never sees half a file
    return relative


def incoming_path(user_id: int) -> Path:
    """A fresh `.part` file under RECORDINGS_DIR to stream a large upload into (never seen by
    a worker: not a stored name); `adopt_recording` moves it into place."""
    import uuid

    target = recordings_dir() / f"u{int(user_id)}" / f"incoming-{uuid.uuid4().hex}.part"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def adopt_recording(path: Path, user_id: int, stem: str, ext: str) -> str:
    """Move an upload streamed to `incoming_path` to its stored name (same folder: a rename,
    no copy); returns its path relative to RECORDINGS_DIR."""
    relative = f"u{int(user_id)}/{stem}.{ext}"
    os.replace(path, recordings_dir() / relative)
    return relative


def recording_path(relative: str | None) -> Path | None:
    """The file for a stored relative path, if it exists inside RECORDINGS_DIR."""
    if not relative:
        return None
    root = recordings_dir().resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def delete_recording(relative: str | None) -> None:
    """Remove a stored recording (a refused or failed upload); missing files are fine."""
    path = recording_path(relative)
    if path is not None:
        path.unlink(missing_ok=True)


def mime_type(relative: str) -> str:
    """The Content-Type to serve a stored recording with."""
    return MIME_TYPES.get(relative.rsplit(".", 1)[-1], "application/octet-stream")


MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file itself


def read_upload(request, field: str = "audio") -> bytes:
    """The bytes of one uploaded file, within ANSWER_MAX_BYTES; clear errors otherwise."""
    from werkzeug.exceptions import RequestEntityTooLarge

    limit = int(current_app.config["ANSWER_MAX_BYTES"])
    if request.content_length and request.content_length > limit + MULTIPART_SLACK:
        raise RecordingTooLarge(size_limit_message(request.content_length, limit))
    request.max_content_length = limit + MULTIPART_SLACK
    try:
        upload = request.files.get(field)
    except RequestEntityTooLarge:
        raise RecordingTooLarge(size_limit_message(None, limit)) from None
    if upload is None:
        raise RecordingRejected(f"send the recording as a multipart file field named "
                                f"{field!r}", code="missing_audio")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise RecordingTooLarge(size_limit_message(None, limit))
    return data


class UploadTooLarge(PracticeError):
    """A multipart upload over its limit, refused before it is read."""

    status, code = 413, "too_large"


def megabytes(size: int) -> str:
    """A size in MB, with a decimal below 10 MB (so small limits never read "0 MB")."""
    return f"{size / 1e6:.1f} MB" if size < 10e6 else f"{size / 1e6:.0f} MB"


def limit_upload(request, limit: int) -> None:
    """Let this request's body be `limit` bytes (plus multipart overhead), not the app-wide
    MAX_CONTENT_LENGTH; UploadTooLarge at once when it says it is longer. Call it before
    anything reads the form (a CSRF check does)."""
    if request.content_length and request.content_length > limit + MULTIPART_SLACK:
        raise UploadTooLarge(f"the upload is {megabytes(request.content_length)}; the limit "
                             f"is {megabytes(limit)}")
    request.max_content_length = limit + MULTIPART_SLACK


def save_uploads(request, field: str, user_id: int) -> list[tuple[str, Path]]:
    """Every file of a multipart field streamed to its own `incoming_path` (large calls never
    sit in memory), as (uploaded name, path). `limit_upload` first."""
    from werkzeug.exceptions import RequestEntityTooLarge

    try:
        uploads = request.files.getlist(field)
    except RequestEntityTooLarge:
        raise UploadTooLarge("the upload is over the size limit") from None
    saved = []
    for upload in uploads:
        if not upload.filename:  # an empty file input still sends a nameless part
            continue
        path = incoming_path(user_id)
        upload.save(path)
        saved.append((upload.filename, path))
    return saved
