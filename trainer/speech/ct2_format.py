"""Read a CTranslate2 `model.bin` (binary format version 6) into named numpy arrays.

The format, as written by ctranslate2.specs.ModelSpec._serialize: a version, the spec name,
a revision, then named variables (shape, dtype id, raw bytes), then aliases (name -> name).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

# The DataType enum of include/ctranslate2/types.h, in order.
DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


class CT2FormatError(ValueError):
    """The file is not a CTranslate2 model.bin this reader understands."""


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def unpack(self, fmt: str):
        try:
            value = struct.unpack_from("<" + fmt, self.data, self.pos)[0]
        except struct.error as exc:
            raise CT2FormatError("model.bin ends early") from exc
        self.pos += struct.calcsize("<" + fmt)
        return value

    def string(self) -> str:
        size = self.unpack("H")
        raw = self.data[self.pos:self.pos + size - 1]
        self.pos += size
        return raw.decode("utf-8")

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise CT2FormatError("model.bin ends early")
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk


def read_model_bin(path: str | Path) -> tuple[str, dict[str, np.ndarray]]:
    """(spec name, variables) with aliases resolved; float16/bfloat16/int8 weights as stored."""
    reader = _Reader(Path(path).read_bytes())
    version = reader.unpack("I")
    if version != 6:
        raise CT2FormatError(f"model.bin version {version} is not supported (expected 6)")
    spec = reader.string()
    reader.unpack("I")  # spec revision: the variable names below are what matters
    variables: dict[str, np.ndarray] = {}
    for _ in range(reader.unpack("I")):
        name = reader.string()
        shape = tuple(reader.unpack("I") for _ in range(reader.unpack("B")))
        type_id = reader.unpack("B")
        if type_id >= len(DTYPES):
            raise CT2FormatError(f"{name}: unknown dtype id {type_id}")
        raw = reader.take(reader.unpack("I"))
        variables[name] = _array(raw, DTYPES[type_id], shape)
    for _ in range(reader.unpack("I")):
        alias, target = reader.string(), reader.string()
        variables[alias] = variables[target]
    return spec, variables


def _array(raw: bytes, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    if dtype == "bfloat16":  # numpy has no bfloat16: widen the top 16 bits of a float32
        wide = np.frombuffer(raw, np.uint16).astype(np.uint32) << 16
        return wide.view(np.float32).reshape(shape)
    return np.frombuffer(raw, dtype).reshape(shape)


def dense_weight(variables: dict[str, np.ndarray], name: str) -> np.ndarray:
    """A float32 weight, de-quantised when the model was saved as int8/int16 with a scale."""
    value = variables[name]
    scale = variables.get(name + "_scale")
    if scale is not None and value.dtype in (np.int8, np.int16):
        scale = np.asarray(scale, np.float32)
        return value.astype(np.float32) / (scale[:, None] if scale.ndim == 1 else scale)
    return value.astype(np.float32)
