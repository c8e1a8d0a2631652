"""Decode any audio the app meets (browser webm/opus, mp3, m4a, ogg, flac, wav) with PyAV.

PyAV's wheels bundle FFmpeg's libraries, so no system ffmpeg is needed. Everything is
resampled to 16 kHz float32, the rate Whisper and the delivery metrics work at.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import BinaryIO, Literal

import av
import numpy as np

from .errors import AudioError
from .sniff import looks_like_audio, wav_shortfall, wav_streamed

SAMPLE_RATE = 16000
DEFAULT_MAX_DURATION_S = 2 * 3600.0  # a long QA call; practice answers pass their own limit
HEAD_BYTES = 4096
STREAM_KINDS = {"video": "a picture or video", "subtitle": "subtitles", "data": "data"}

Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO
Channel = Literal["mix", "left", "right"] | int


@dataclass(slots=True)
class Audio:
    """Decoded audio: float32 samples in [-1, 1] at `sample_rate`, plus facts about the source."""

    samples: np.ndarray  # 1-D (mono or one channel), or 2-D (channels, n) from decode_channels
    sample_rate: int
    source_channels: int
    source_sample_rate: int
    codec: str
    container: str
    name: str | None = None

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.samples.shape[-1] / self.sample_rate


def decode_audio(source: Source, *, channel: Channel = "mix",
                 max_duration_s: float | None = DEFAULT_MAX_DURATION_S,
                 sample_rate: int = SAMPLE_RATE) -> Audio:
    """Decode to mono float32 at 16 kHz: channels mixed, or one (`left`, `right` or an index)."""
    audio = decode_channels(source, max_duration_s=max_duration_s, sample_rate=sample_rate)
    planes = audio.samples
    if channel == "mix":
        audio.samples = planes.mean(axis=0, dtype=np.float32) if len(planes) > 1 else planes[0]
        return audio
    index = {"left": 0, "right": 1}.get(channel, channel)
    if not isinstance(index, int) or isinstance(index, bool):
        raise AudioError("bad_option",
                         f"channel must be mix, left, right or an index, not {channel!r}")
    if not 0 <= index < len(planes):
        kind = "mono" if len(planes) == 1 else f"{len(planes)}-channel"
        raise AudioError("no_channel", f"the audio is {kind}: there is no {channel} channel")
    audio.samples = np.ascontiguousarray(planes[index])
    return audio


def decode_channels(source: Source, *, max_duration_s: float | None = DEFAULT_MAX_DURATION_S,
                    sample_rate: int = SAMPLE_RATE) -> Audio:
    """Decode every channel: `samples` has shape (channels, n), float32 at `sample_rate`."""
    name, handle = _open_source(source)
    container, trust_header = _open_container(handle, name)
    try:
        return _decode(container, name, max_duration_s, sample_rate, trust_header)
    finally:
        container.close()


def _open_source(source: Source) -> tuple[str | None, BinaryIO | str]:
    """A path or a readable, seekable binary object; zero-length input is refused here."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) == 0:
            raise AudioError("empty", "the audio is empty (zero bytes)")
        return None, io.BytesIO(bytes(source))
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        label = os.path.basename(path)
        if not os.path.exists(path):
            raise AudioError("not_found", f"{label}: no such file")
        if os.path.isdir(path):
            raise AudioError("not_audio", f"{label}: is a directory, not an audio file")
        if os.path.getsize(path) == 0:
            raise AudioError("empty", f"{label}: the file is empty (zero bytes)")
        return label, path
    if hasattr(source, "read"):
        label = os.path.basename(str(getattr(source, "name", ""))) or None
        data = source.read()
        if not isinstance(data, bytes):
            raise AudioError("bad_option", "the file object must be opened in binary mode")
        if not data:
            raise AudioError("empty", _label(label, "the audio is empty (zero bytes)"))
        return label, io.BytesIO(data)
    raise AudioError("bad_option", f"cannot read audio from a {type(source).__name__}")


def _label(name: str | None, message: str) -> str:
    return f"{name}: {message}" if name else message


def _head(handle: BinaryIO | str) -> tuple[bytes, int]:
    """The first bytes (enough for a WAV header with metadata chunks) and the total size."""
    if isinstance(handle, str):
        with open(handle, "rb") as fh:
            return fh.read(HEAD_BYTES), os.path.getsize(handle)
    head = handle.read(HEAD_BYTES)
    size = handle.seek(0, io.SEEK_END)
    handle.seek(0)
    return head, size


def _open_container(handle: BinaryIO | str, name: str | None):
    """The opened container, and whether its header's duration can be believed."""
    head, size = _head(handle)
    short = wav_shortfall(head, size)
    if short and short[1] < 0.5 * short[0]:
        raise AudioError("corrupt", _label(
            name, f"the file is truncated: the header says {short[0]:.1f} s "
                  f"but only {short[1]:.1f} s of audio is present"))
    try:
        container = av.open(handle, mode="r", metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise _unreadable(head, name, exc) from None
    except (EOFError, OSError) as exc:  # PyAV maps FFmpeg's AVERROR_EOF to EOFError
        raise _unreadable(head, name, exc) from None
    if not container.streams.audio:
        kinds = sorted({STREAM_KINDS.get(s.type, s.type) for s in container.streams})
        container.close()
        raise AudioError("not_audio", _label(
            name, f"no audio in the file (it holds {' and '.join(kinds) or 'nothing'})"))
    return container, not wav_streamed(head)


def _unreadable(head: bytes, name: str | None, exc: Exception) -> AudioError:
    """Audio magic bytes that FFmpeg cannot parse mean damage; anything else is not audio."""
    verdict = looks_like_audio(head)
    if verdict is True:
        return AudioError("corrupt", _label(
            name, "the audio file is damaged or truncated and cannot be read"))
    if verdict is False:
        return AudioError("not_audio", _label(name, "the file is not audio"))
    return AudioError("corrupt", _label(
        name, "the data cannot be read as audio (damaged, or not a known audio format)"))


@dataclass(slots=True)
class Probe:
    """What an audio file's headers say: container, codec, channels, declared length."""

    container: str
    codec: str
    channels: int
    seconds: float | None  # None when the header does not say (browser webm) or lies (wav)


def probe_audio(source: Source, *, max_duration_s: float | None = DEFAULT_MAX_DURATION_S,
                name: str | None = None) -> Probe:
    """Read only the headers: AudioError (not audio, damaged, unknown codec, too long) before
    anything is decoded or stored; damage deeper in the file is found when it is decoded."""
    label, handle = _open_source(source)
    container, trust_header = _open_container(handle, name or label)
    try:
        _stream, ctx, declared = _audio_stream(container, name or label, max_duration_s,
                                               trust_header)
        return Probe(container.format.name, ctx.name, ctx.channels, declared)
    finally:
        container.close()


def _audio_stream(container, name: str | None, max_duration_s: float | None,
                  trust_header: bool):
    """The first audio stream, its codec context and declared length, checked."""
    stream = container.streams.audio[0]
    ctx = stream.codec_context
    if ctx is None or ctx.name is None:
        raise AudioError("unsupported_codec", _label(
            name, "the audio codec is not one the bundled FFmpeg can decode"))
    declared = declared_duration(container, stream) if trust_header else None
    if max_duration_s is not None and declared is not None and declared > max_duration_s + 0.5:
        raise AudioError("too_long", _label(
            name, f"the audio is {declared:.0f} s long; the maximum is {max_duration_s:.0f} s"))
    return stream, ctx, declared


def _decode(container, name: str | None, max_duration_s: float | None, sample_rate: int,
            trust_header: bool) -> Audio:
    stream, ctx, declared = _audio_stream(container, name, max_duration_s, trust_header)
    channels = ctx.channels
    if channels < 1:
        raise AudioError("corrupt", _label(name, "the audio stream header is damaged "
                                                 "(it declares no channels)"))
    out = _Collector(ctx.layout.name, sample_rate)
    limit = None if max_duration_s is None else int((max_duration_s + 0.5) * sample_rate)
    packets = 0
    try:
        for packet in container.demux(stream):
            packets += 1
            try:
                frames = packet.decode()
            except av.error.DecoderNotFoundError:
                raise AudioError("unsupported_codec", _label(
                    name, f"the audio codec {ctx.name!r} is not supported")) from None
            except av.error.FFmpegError:
                out.failures += 1  # one damaged packet should not lose the whole answer
                continue
            for frame in frames:
                out.add(frame)
            if limit is not None and out.total > limit:
                raise AudioError("too_long", _label(
                    name, f"the audio is longer than the maximum of {max_duration_s:.0f} s"))
        out.flush()
    except av.error.FFmpegError:
        out.failures += 1  # the demuxer stops at damage; keep what was decoded before it
    chunks, failures = out.chunks, out.failures
    samples = np.concatenate(chunks, axis=1) if chunks else np.zeros((channels, 0), np.float32)
    _check_complete(samples.shape[1] / sample_rate, declared, failures, packets, name)
    np.nan_to_num(samples, copy=False, nan=0.0, posinf=1.0, neginf=-1.0)
    return Audio(samples=samples, sample_rate=sample_rate, source_channels=channels,
                 source_sample_rate=ctx.sample_rate or 0, codec=ctx.name,
                 container=container.format.name, name=name)


class _Collector:
    """Resamples frames to planar float32 at the target rate, in the stream's layout."""

    def __init__(self, layout: str, rate: int):
        self.layout, self.rate = layout, rate
        self.resampler = self._new()
        self.chunks: list[np.ndarray] = []
        self.total = self.failures = 0

    def _new(self):
        return av.AudioResampler(format="fltp", layout=self.layout, rate=self.rate)

    def add(self, frame) -> None:
        """Resample one decoded frame and keep the result."""
        frame.pts = None  # resample by sample count; broken timestamps do not matter
        try:
            pieces = self.resampler.resample(frame)
        except ValueError:
            # the frame's format, layout or rate changed (damage, or a spliced stream):
            # flush the old set-up and start a new one; a frame nothing accepts is dropped
            try:
                pieces = self.resampler.resample(None)
                self.resampler = self._new()
                pieces += self.resampler.resample(frame)
            except ValueError:
                self.failures += 1
                return
        for piece in pieces:
            self._keep(piece)

    def flush(self) -> None:
        """Collect what the resampler still holds at the end of the stream."""
        for piece in self.resampler.resample(None):
            self._keep(piece)

    def _keep(self, frame) -> None:
        array = frame.to_ndarray()
        if array.ndim == 1:  # packed mono comes back flat
            array = array[None, :]
        self.chunks.append(array.astype(np.float32, copy=False))
        self.total += array.shape[1]


def _check_complete(decoded: float, declared: float | None, failures: int, packets: int,
                    name: str | None) -> None:
    """Nothing decoded, mostly damaged packets, or far less audio than the header says: corrupt."""
    if decoded == 0:
        raise AudioError("corrupt", _label(name, "no audio could be decoded from the file"))
    if packets and failures > max(2, packets // 4):
        raise AudioError("corrupt", _label(
            name, f"{failures} of {packets} audio packets are damaged"))
    if declared and declared > 1.0 and decoded < 0.5 * declared:
        raise AudioError("corrupt", _label(
            name, f"the file is truncated: the header says {declared:.1f} s "
                  f"but only {decoded:.1f} s could be decoded"))


def declared_duration(container, stream) -> float | None:
    """The audio stream's length in seconds as its header declares it, if it does."""
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return None

