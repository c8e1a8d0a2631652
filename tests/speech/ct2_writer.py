"""Write small CTranslate2 Whisper model.bin files (format version 6) for converter tests."""

import json
import struct

import numpy as np

TYPE_IDS = {"float32": 0, "int8": 1, "int16": 2, "int32": 3, "float16": 4}


def write_model_bin(path, variables, aliases=(), spec="WhisperSpec"):
    """Serialise named arrays the way ctranslate2.specs.ModelSpec._serialize does."""
    def string(fh, text):
        fh.write(struct.pack("<H", len(text) + 1) + text.encode() + b"\0")

    with open(path, "wb") as fh:
        fh.write(struct.pack("<I", 6))
        string(fh, spec)
        fh.write(struct.pack("<I", 3))
        fh.write(struct.pack("<I", len(variables)))
        for name, value in variables.items():
            value = np.asarray(value)
            string(fh, name)
            fh.write(struct.pack("<B", value.ndim))
            for dim in value.shape:
                fh.write(struct.pack("<I", dim))
            fh.write(struct.pack("<B", TYPE_IDS[value.dtype.name]))
            fh.write(struct.pack("<I", value.nbytes))
            fh.write(value.tobytes())
        fh.write(struct.pack("<I", len(aliases)))
        for alias, target in aliases:
            string(fh, alias)
            string(fh, target)


def tiny_whisper(folder, *, state=8, heads=2, layers=1, vocab=51864, mels=80, audio_ctx=12,
                 text_ctx=6, seed=0, key_bias=0.0, quantize=False):
    """A random, structurally complete Whisper in CTranslate2 layout; returns the variables."""
    rng = np.random.default_rng(seed)

    def w(*shape):
        return rng.standard_normal(shape).astype(np.float16)

    v = {"encoder/conv1/weight": w(state, mels, 3), "encoder/conv1/bias": w(state),
         "encoder/conv2/weight": w(state, state, 3), "encoder/conv2/bias": w(state),
         "encoder/position_encodings/encodings": w(audio_ctx, state),
         "encoder/layer_norm/gamma": w(state), "encoder/layer_norm/beta": w(state),
         "encoder/num_heads": np.array(heads, np.int16),
         "decoder/embeddings/weight": w(vocab, state),
         "decoder/position_encodings/encodings": w(text_ctx, state),
         "decoder/layer_norm/gamma": w(state), "decoder/layer_norm/beta": w(state),
         "decoder/num_heads": np.array(heads, np.int16)}

    def attention(prefix, fused):
        v[prefix + "/layer_norm/gamma"], v[prefix + "/layer_norm/beta"] = w(state), w(state)
        bias = w(fused * state)
        bias[state:2 * state] = key_bias if fused == 3 else bias[state:2 * state]
        if fused == 2:
            bias[:state] = key_bias
        return bias

    for side in ("encoder", "decoder"):
        for i in range(layers):
            p = f"{side}/layer_{i}"
            v[p + "/self_attention/linear_0/weight"] = w(3 * state, state)
            v[p + "/self_attention/linear_0/bias"] = attention(p + "/self_attention", 3)
            v[p + "/self_attention/linear_1/weight"] = w(state, state)
            v[p + "/self_attention/linear_1/bias"] = w(state)
            v[p + "/ffn/layer_norm/gamma"], v[p + "/ffn/layer_norm/beta"] = w(state), w(state)
            v[p + "/ffn/linear_0/weight"], v[p + "/ffn/linear_0/bias"] = w(4 * state, state), \
                w(4 * state)
            v[p + "/ffn/linear_1/weight"], v[p + "/ffn/linear_1/bias"] = w(state, 4 * state), \
                w(state)
            if side == "decoder":
                v[p + "/attention/linear_0/weight"] = w(state, state)
                v[p + "/attention/linear_0/bias"] = w(state)
                v[p + "/attention/linear_1/weight"] = w(2 * state, state)
                v[p + "/attention/linear_1/bias"] = attention(p + "/attention", 2)
                v[p + "/attention/linear_2/weight"] = w(state, state)
                v[p + "/attention/linear_2/bias"] = w(state)
    if quantize:  # int8 weights with a per-row scale, as CTranslate2 stores quantised models
        name = "encoder/layer_0/ffn/linear_0/weight"
        dense = v[name].astype(np.float32)
        scale = (127.0 / np.abs(dense).max(axis=1)).astype(np.float32)
        v[name] = np.round(dense * scale[:, None]).astype(np.int8)
        v[name + "_scale"] = scale
    folder.mkdir(parents=True, exist_ok=True)
    write_model_bin(folder / "model.bin", v,
                    aliases=[("decoder/projection/weight", "decoder/embeddings/weight")])
    (folder / "config.json").write_text(json.dumps({"alignment_heads": [[0, 1]]}))
    return v
