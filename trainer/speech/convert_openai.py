"""Turn a CTranslate2 Whisper model (the bundled tiny.en) into an openai-whisper checkpoint.

So both engines run offline on the same weights. The mapping is 1:1 except that CTranslate2
fuses the self-attention Q/K/V and the cross-attention K/V projections, stores a key bias
that is all zeros (openai-whisper's key projection has none), and aliases the output
projection to the token embedding.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import tempfile
from pathlib import Path

import numpy as np

from .ct2_format import CT2FormatError, dense_weight, read_model_bin
from .errors import AudioError


def convert_ct2_to_openai(model_dir: str | Path, output: str | Path) -> Path:
    """Write `output` (a torch checkpoint openai-whisper loads); returns its path."""
    import torch

    model_dir, output = Path(model_dir), Path(output)
    try:
        spec, variables = read_model_bin(model_dir / "model.bin")
    except (OSError, CT2FormatError) as exc:
        raise AudioError("bad_model", f"{model_dir}: cannot read model.bin: {exc}") from exc
    if spec != "WhisperSpec":
        raise AudioError("bad_model", f"{model_dir}: a {spec} model, not Whisper")
    dims = model_dims(variables)
    state = {k: torch.from_numpy(np.ascontiguousarray(v, np.float16))
             for k, v in state_dict(variables, dims).items()}
    checkpoint = {"dims": dims, "model_state_dict": state,
                  "alignment_heads": alignment_heads(model_dir)}
    output.parent.mkdir(parents=True, exist_ok=True)
    # write then rename, so a reader in another process never sees half a file
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=output.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            torch.save(checkpoint, fh)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return output


def model_dims(v: dict[str, np.ndarray]) -> dict[str, int]:
    """openai-whisper's ModelDimensions, read off the variable shapes."""
    def layers(prefix: str) -> int:
        part = re.compile(re.escape(prefix) + r"/layer_(\d+)/")
        return len({m.group(1) for k in v if (m := part.match(k))})

    return {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(v["encoder/position_encodings/encodings"].shape[1]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": layers("encoder"),
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(v["decoder/position_encodings/encodings"].shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": layers("decoder"),
    }


def state_dict(v: dict[str, np.ndarray], dims: dict[str, int]) -> dict[str, np.ndarray]:
    """The openai-whisper state dict (float32 numpy) for the CTranslate2 variables `v`."""
    out = {
        "encoder.conv1.weight": dense_weight(v, "encoder/conv1/weight"),
        "encoder.conv1.bias": dense_weight(v, "encoder/conv1/bias"),
        "encoder.conv2.weight": dense_weight(v, "encoder/conv2/weight"),
        "encoder.conv2.bias": dense_weight(v, "encoder/conv2/bias"),
        "encoder.positional_embedding": dense_weight(v, "encoder/position_encodings/encodings"),
        "decoder.token_embedding.weight": dense_weight(v, "decoder/embeddings/weight"),
        "decoder.positional_embedding": dense_weight(v, "decoder/position_encodings/encodings"),
    }
    _norm(out, "encoder.ln_post", v, "encoder/layer_norm")
    _norm(out, "decoder.ln", v, "decoder/layer_norm")
    for side, count in (("encoder", dims["n_audio_layer"]), ("decoder", dims["n_text_layer"])):
        for i in range(count):
            src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
            _self_attention(out, dst, v, src + "/self_attention")
            _norm(out, dst + ".mlp_ln", v, src + "/ffn/layer_norm")
            _linear(out, dst + ".mlp.0", v, src + "/ffn/linear_0")
            _linear(out, dst + ".mlp.2", v, src + "/ffn/linear_1")
            if side == "decoder":
                _cross_attention(out, dst, v, src + "/attention")
    return out


def alignment_heads(model_dir: Path) -> list[list[int]] | None:
    """[layer, head] pairs used for word timestamps, from the CTranslate2 config.json."""
    try:
        heads = json.loads((model_dir / "config.json").read_text()).get("alignment_heads")
    except (OSError, ValueError):
        return None
    return [[int(layer), int(head)] for layer, head in heads] if heads else None


def encode_alignment_heads(heads: list[list[int]], n_layers: int, n_heads: int) -> bytes:
    """The base85(gzip(bool mask)) form `Whisper.set_alignment_heads` expects."""
    mask = np.zeros((n_layers, n_heads), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes(), mtime=0))


def _norm(out, dst, v, src):
    out[dst + ".weight"] = dense_weight(v, src + "/gamma")
    out[dst + ".bias"] = dense_weight(v, src + "/beta")


def _linear(out, dst, v, src, bias=True):
    out[dst + ".weight"] = dense_weight(v, src + "/weight")
    if bias:
        out[dst + ".bias"] = dense_weight(v, src + "/bias")


def _self_attention(out, dst, v, src):
    _norm(out, dst + ".attn_ln", v, src + "/layer_norm")
    q, k, val = np.split(dense_weight(v, src + "/linear_0/weight"), 3)
    qb, kb, vb = np.split(dense_weight(v, src + "/linear_0/bias"), 3)
    _check_zero_bias(kb, src)
    out.update({dst + ".attn.query.weight": q, dst + ".attn.query.bias": qb,
                dst + ".attn.key.weight": k,
                dst + ".attn.value.weight": val, dst + ".attn.value.bias": vb})
    _linear(out, dst + ".attn.out", v, src + "/linear_1")


def _cross_attention(out, dst, v, src):
    _norm(out, dst + ".cross_attn_ln", v, src + "/layer_norm")
    _linear(out, dst + ".cross_attn.query", v, src + "/linear_0")
    k, val = np.split(dense_weight(v, src + "/linear_1/weight"), 2)
    kb, vb = np.split(dense_weight(v, src + "/linear_1/bias"), 2)
    _check_zero_bias(kb, src)
    out.update({dst + ".cross_attn.key.weight": k,
                dst + ".cross_attn.value.weight": val, dst + ".cross_attn.value.bias": vb})
    _linear(out, dst + ".cross_attn.out", v, src + "/linear_2")


def _check_zero_bias(bias: np.ndarray, where: str) -> None:
    # openai-whisper's key projection has no bias; a non-zero one would silently change outputs
    if np.abs(bias).max(initial=0.0) > 1e-6:
        raise AudioError("bad_model", f"{where}: non-zero key bias cannot be represented")
