"""Speech: decode audio, transcribe it with Whisper, and measure how it was said.

No Flask and no database here: plain paths, bytes and numpy in, plain data out.
"""

from .decode import SAMPLE_RATE, Audio, Probe, decode_audio, decode_channels, probe_audio
from .delivery import measure_delivery
from .errors import AudioError
from .models import ENGINES, get_engine, resolve_model
from .pipeline import analyse_answer, measure_baseline, warm_up
from .transcribe import Transcript, transcribe

__all__ = ["ENGINES", "SAMPLE_RATE", "Audio", "AudioError", "Probe", "Transcript",
           "analyse_answer", "decode_audio", "decode_channels", "get_engine", "measure_baseline",
           "measure_delivery", "probe_audio", "resolve_model", "transcribe", "warm_up"]
