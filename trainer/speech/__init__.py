"""Speech: decode audio, transcribe it with Whisper, and measure how it was said.

No Flask and no database here: plain paths, bytes and numpy in, plain data out.
"""

from .decode import SAMPLE_RATE, Audio, decode_audio, decode_channels
from .errors import AudioError
from .models import ENGINES, get_engine, resolve_model
from .transcribe import Transcript, transcribe

__all__ = ["ENGINES", "SAMPLE_RATE", "Audio", "AudioError", "Transcript", "decode_audio",
           "decode_channels", "get_engine", "resolve_model", "transcribe"]
