"""The one error of the call pipeline: a per-file code a program can branch on, a plain message."""

from __future__ import annotations

from trainer.errors import ServiceError

CODES = {
    "not_found": "the file does not exist",
    "empty": "the file is empty (zero bytes)",
    "not_audio": "the file is neither call audio nor a transcript",
    "corrupt": "the audio is damaged or truncated",
    "unsupported_codec": "the audio codec cannot be decoded",
    "too_large": "the file is over the size limit",
    "too_long": "the call is over the length limit",
    "no_speech": "nobody speaks on the call",
    "empty_call": "the call has no turns (or no agent turn) to score",
    "bad_transcript": "the transcript cannot be read",
    "unknown_speaker": "a transcript turn has a speaker that is neither the agent nor the customer",
    "missing_text": "a transcript turn has no text",
    "bad_metadata": "started_at, the time zone or the agent id is not valid",
    "bad_option": "an option has a value the pipeline does not accept",
    "one_speaker": "only one voice is on the call",
    "diarizer_missing": "mono calls need the speaker separation extra",
    "bad_model": "the Whisper model cannot be found or loaded",
}


class CallInputError(ServiceError):
    """A file the pipeline cannot score; `code` is one of CODES, `message` says why."""

    status = 400

    def __init__(self, code: str, message: str):
        if code not in CODES:
            raise KeyError(f"unknown CallInputError code {code!r}")
        super().__init__(message, code)
        if code in ("too_large",):
            self.status = 413

    def to_dict(self) -> dict:
        """{"code", "message"}, the API's error shape."""
        return {"code": self.code, "message": self.message}

    @classmethod
    def from_audio(cls, exc, label: str | None = None) -> CallInputError:
        """The same refusal, from the speech package's AudioError, naming the file."""
        code = exc.code if exc.code in CODES else "corrupt"
        message = exc.message
        if label and not message.startswith(label):
            message = f"{label}: {message}"
        return cls(code, message)
