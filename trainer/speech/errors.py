"""The one error type of the speech package: a code a program can branch on, a plain message."""

from trainer.errors import ServiceError

CODES = {
    "not_found": "the file does not exist",
    "empty": "the file is empty (zero bytes)",
    "not_audio": "the file is not audio (text, image, video without sound ...)",
    "corrupt": "the audio is damaged or truncated and cannot be decoded",
    "unsupported_codec": "the audio codec cannot be decoded by the bundled FFmpeg",
    "too_long": "the audio is longer than the configured maximum",
    "no_speech": "no speech was detected",
    "no_channel": "the requested channel does not exist (for example right on a mono file)",
    "bad_model": "the Whisper model cannot be found or loaded",
    "bad_option": "an option has a value the speech package does not accept",
}


class AudioError(ServiceError, ValueError):
    """Audio that cannot be used; `code` is one of CODES, `message` says why in plain words."""

    def __init__(self, code: str, message: str):
        if code not in CODES:
            raise KeyError(f"unknown AudioError code {code!r}")
        super().__init__(message, code)

    def to_dict(self) -> dict:
        """The API error shape: {"code", "message"}."""
        return {"code": self.code, "message": self.message}
