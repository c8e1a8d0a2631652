"""The CTranslate2 -> openai-whisper converter: format reading, mapping, shapes, loading."""

import numpy as np
import pytest
import torch
import whisper
from ct2_writer import tiny_whisper
from whisper.model import ModelDimensions, Whisper

from trainer.speech import AudioError
from trainer.speech.convert_openai import convert_ct2_to_openai, encode_alignment_heads
from trainer.speech.ct2_format import read_model_bin
from trainer.speech.engines import load_openai_checkpoint
from trainer.speech.models import bundled_model_dir


def test_reader_resolves_aliases_and_dtypes(tmp_path):
    written = tiny_whisper(tmp_path / "m")
    spec, read = read_model_bin(tmp_path / "m" / "model.bin")
    assert spec == "WhisperSpec"
    assert read["decoder/projection/weight"] is read["decoder/embeddings/weight"]
    assert read["encoder/num_heads"] == 2 and read["encoder/num_heads"].dtype == np.int16
    assert np.array_equal(read["encoder/conv1/weight"], written["encoder/conv1/weight"])


def test_synthetic_model_maps_one_to_one(tmp_path):
    v = tiny_whisper(tmp_path / "m")
    out = convert_ct2_to_openai(tmp_path / "m", tmp_path / "m.pt")
    checkpoint = torch.load(out, weights_only=True)
    dims = ModelDimensions(**checkpoint["dims"])
    assert (dims.n_audio_state, dims.n_audio_head, dims.n_audio_layer, dims.n_text_ctx) == \
        (8, 2, 1, 6)
    model = Whisper(dims)
    model.load_state_dict(checkpoint["model_state_dict"])  # strict: every key, every shape
    state = checkpoint["model_state_dict"]
    fused = v["encoder/layer_0/self_attention/linear_0/weight"].astype(np.float32)
    assert np.array_equal(state["encoder.blocks.0.attn.key.weight"].float().numpy(), fused[8:16])
    assert np.array_equal(state["encoder.blocks.0.attn.value.weight"].float().numpy(),
                          fused[16:])
    kv = v["decoder/layer_0/attention/linear_1/weight"].astype(np.float32)
    assert np.array_equal(state["decoder.blocks.0.cross_attn.value.weight"].float().numpy(),
                          kv[8:])
    assert "encoder.blocks.0.attn.key.bias" not in state
    assert checkpoint["alignment_heads"] == [[0, 1]]


def test_int8_weights_are_dequantised(tmp_path):
    v = tiny_whisper(tmp_path / "m", quantize=True)
    state = torch.load(convert_ct2_to_openai(tmp_path / "m", tmp_path / "m.pt"),
                       weights_only=True)["model_state_dict"]
    got = state["encoder.blocks.0.mlp.0.weight"].float().numpy()
    name = "encoder/layer_0/ffn/linear_0/weight"
    expected = v[name].astype(np.float32) / v[name + "_scale"][:, None]
    assert np.allclose(got, expected, atol=1e-2)


def test_nonzero_key_bias_is_refused(tmp_path):
    tiny_whisper(tmp_path / "m", key_bias=0.5)
    with pytest.raises(AudioError, match="key bias"):
        convert_ct2_to_openai(tmp_path / "m", tmp_path / "m.pt")
    assert not (tmp_path / "m.pt").exists()


def test_not_a_model_folder(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"\x07\x00\x00\x00junk")
    with pytest.raises(AudioError) as caught:
        convert_ct2_to_openai(tmp_path, tmp_path / "m.pt")
    assert caught.value.code == "bad_model"


@pytest.mark.slow
def test_bundled_model_converts_and_loads_into_openai_whisper(openai_checkpoint):
    checkpoint = torch.load(openai_checkpoint, weights_only=True)
    assert checkpoint["dims"] == {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 384,
                                  "n_audio_head": 6, "n_audio_layer": 4, "n_vocab": 51864,
                                  "n_text_ctx": 448, "n_text_state": 384, "n_text_head": 6,
                                  "n_text_layer": 4}
    official = whisper.load_model(str(openai_checkpoint), device="cpu")  # its own loader too
    assert not official.is_multilingual
    model = load_openai_checkpoint(openai_checkpoint)
    expected = Whisper(ModelDimensions(**checkpoint["dims"]))
    expected.set_alignment_heads(whisper._ALIGNMENT_HEADS["tiny.en"])
    assert torch.equal(model.alignment_heads.to_dense(), expected.alignment_heads.to_dense())
    # the token embedding doubles as the output projection, as in CTranslate2
    _, ct2 = read_model_bin(bundled_model_dir() / "model.bin")
    assert np.allclose(model.decoder.token_embedding.weight.detach().numpy(),
                       ct2["decoder/projection/weight"].astype(np.float32))


def test_alignment_heads_encoding_matches_openai_format():
    heads = [[1, 0], [2, 0], [2, 5], [3, 0], [3, 1], [3, 2], [3, 3], [3, 4]]
    model = Whisper(ModelDimensions(80, 1500, 384, 6, 4, 51864, 448, 384, 6, 4))
    model.set_alignment_heads(encode_alignment_heads(heads, 4, 6))
    mask = model.alignment_heads.to_dense().numpy()
    assert sorted(map(list, zip(*np.nonzero(mask), strict=True))) == heads
