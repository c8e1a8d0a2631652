"""The two Whisper engines behind one interface: 16 kHz float32 numpy in, words with times out.

faster-whisper (CTranslate2, int8 on the CPU) is the default. openai-whisper is the reference
implementation; it is always handed decoded samples, never a path, because its path API
shells out to a system ffmpeg that this project does not need.
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import AudioError


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """A resolved model: the engine, the name reported in results, and what to load."""

    engine: str
    name: str
    location: str  # a directory (CTranslate2), a .pt file (openai), or a hub name
    convert_from: str | None = None  # openai: CTranslate2 directory to convert on first use


@dataclass(slots=True)
class Word:
    """One recognised word and when it was said (seconds from the start of the audio)."""

    word: str
    start: float
    end: float
    probability: float

    def to_dict(self) -> dict:
        """JSON shape of INTERFACES.md's `words` items."""
        return {"word": self.word, "start": round(self.start, 2), "end": round(self.end, 2),
                "probability": round(self.probability, 3)}


@dataclass(slots=True)
class Recognition:
    """What an engine returns: the text, its words and the language."""

    text: str
    words: list[Word]
    language: str


def load_engine(choice: ModelChoice, *, cpu_threads: int = 0, compute_type: str = "int8"):
    """Instantiate the engine for a resolved model (called once per model by get_engine)."""
    if choice.engine == "faster-whisper":
        return FasterWhisperEngine(choice, cpu_threads, compute_type)
    return OpenAIWhisperEngine(choice, cpu_threads)


class FasterWhisperEngine:
    """CTranslate2 Whisper, int8 on the CPU; its own Silero VAD skips silence in long audio."""

    name = "faster-whisper"

    def __init__(self, choice: ModelChoice, cpu_threads: int = 0, compute_type: str = "int8"):
        from faster_whisper import WhisperModel

        self.model_name = choice.name
        try:
            self.model = WhisperModel(choice.location, device="cpu", compute_type=compute_type,
                                      cpu_threads=cpu_threads, local_files_only=True)
        except Exception as exc:  # hub lookups, bad folders and CTranslate2 errors all land here
            raise AudioError("bad_model", f"cannot load faster-whisper model {choice.name}: "
                                          f"{_first_line(exc)}") from exc

    def recognise(self, samples: np.ndarray, *, beam_size: int, vad: bool,
                  language: str | None, no_speech_check: bool = True) -> Recognition:
        """Transcribe 16 kHz mono float32 samples, with word timestamps.

        no_speech_check=False keeps segments that Whisper itself guesses hold no speech
        (for audio another detector has already heard a voice in).
        """
        segments, info = self.model.transcribe(
            samples, beam_size=beam_size, word_timestamps=True, language=language,
            vad_filter=vad, vad_parameters={"min_silence_duration_ms": 500},
            **({} if no_speech_check else {"no_speech_threshold": None}),
        )
        words: list[Word] = []
        texts: list[str] = []
        for segment in segments:  # a generator: decoding happens while iterating
            texts.append(segment.text)
            words.extend(_word(w.word, w.start, w.end, w.probability) for w in segment.words or ())
        return Recognition("".join(texts).strip(), words, info.language)


class OpenAIWhisperEngine:
    """The reference PyTorch implementation, float32 on the CPU."""

    name = "openai-whisper"

    def __init__(self, choice: ModelChoice, cpu_threads: int = 0):
        if not all(importlib.util.find_spec(m) for m in ("torch", "whisper")):
            raise AudioError("bad_model", "the openai-whisper engine is not installed "
                                          "(pip install 'trainer[openai]' openai-whisper)")
        import torch

        self.model_name = choice.name
        if cpu_threads:
            torch.set_num_threads(cpu_threads)
        if choice.convert_from and not Path(choice.location).is_file():
            from .convert_openai import convert_ct2_to_openai

            convert_ct2_to_openai(choice.convert_from, choice.location)
        self.model = load_openai_checkpoint(choice.location, official_name=choice.name)
        _warm_tokenizer(self.model)
        # transcribe() installs kv-cache hooks on the shared modules: one call at a time
        self._lock = threading.Lock()

    def recognise(self, samples: np.ndarray, *, beam_size: int, vad: bool,
                  language: str | None, no_speech_check: bool = True) -> Recognition:
        """Transcribe 16 kHz mono float32 samples, with word timestamps (vad is not supported)."""
        if language is None and not self.model.is_multilingual:
            language = "en"
        with self._lock:
            result = self.model.transcribe(
                samples, beam_size=beam_size, word_timestamps=True, fp16=False,
                language=language, verbose=None,
                **({} if no_speech_check else {"no_speech_threshold": None}),
            )
        words = [_word(w["word"], w["start"], w["end"], w["probability"])
                 for seg in result["segments"] for w in seg.get("words", ())]
        return Recognition(result["text"].strip(), words, result.get("language") or "en")


def load_openai_checkpoint(path: str | Path, *, official_name: str | None = None):
    """An openai-whisper model from a checkpoint, with the alignment heads it was saved with."""
    import torch
    import whisper
    from whisper.model import ModelDimensions, Whisper

    from .convert_openai import encode_alignment_heads

    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
        dims = ModelDimensions(**checkpoint["dims"])
        model = Whisper(dims)
        model.load_state_dict(checkpoint["model_state_dict"])
    except Exception as exc:  # unpickling, missing keys and shape mismatches
        raise AudioError("bad_model", f"cannot load openai-whisper checkpoint {path}: "
                                      f"{_first_line(exc)}") from exc
    heads = checkpoint.get("alignment_heads")
    if heads:
        model.set_alignment_heads(
            encode_alignment_heads(heads, dims.n_text_layer, dims.n_text_head))
    elif official_name in whisper._ALIGNMENT_HEADS:
        model.set_alignment_heads(whisper._ALIGNMENT_HEADS[official_name])
    return model.eval()


def _warm_tokenizer(model) -> None:
    """Load openai-whisper's (cached) token encoding now, muting the ResourceWarning of the
    file it opens without closing; later transcriptions reuse the cached encoding."""
    from whisper.tokenizer import get_encoding

    name = "multilingual" if model.is_multilingual else "gpt2"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        get_encoding(name=name, num_languages=model.num_languages)


def _word(text: str, start, end, probability) -> Word:
    return Word(text.strip(), float(start), float(end), float(probability))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
