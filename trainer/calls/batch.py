"""Score many calls: expand folders, run files in worker processes, one bad file never stops
the others. Results come back in input order as plain data (no exception crosses a process)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .errors import CallInputError
from .formats import EXTENSIONS
from .pipeline import CallOptions, score_call

AUDIO_EXTENSIONS = {".wav", ".mp3", ".m4a", ".ogg", ".oga", ".opus", ".flac", ".webm", ".aac"}
CALL_EXTENSIONS = AUDIO_EXTENSIONS | set(EXTENSIONS)
logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Outcome:
    """One file's result: the scorecard, or the error that stopped it."""

    path: str
    card: dict[str, Any] | None = None
    error: dict[str, str] | None = None  # {"code", "message"}


def expand(inputs: list[str]) -> list[str]:
    """Files as given, and inside each folder (recursively) every call file, sorted."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out += sorted(str(p) for p in path.rglob("*") if p.is_file()
                          and p.suffix.lower() in CALL_EXTENSIONS
                          and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append(item)
    return out


def score_one(path: str, options: CallOptions) -> Outcome:
    """Score one file; every failure becomes an Outcome with a code and a message."""
    name = os.path.basename(path)
    try:
        card = score_call(path, options, name=name)
        card["file"] = path  # as given, like the error lines (messages name the base name)
        return Outcome(path, card=card)
    except CallInputError as exc:
        return Outcome(path, error=exc.to_dict())
    except Exception as exc:  # a bug must not take the batch down; it is logged in full
        logger.exception("scoring %s failed unexpectedly", path)
        return Outcome(path, error={"code": "internal_error",
                                    "message": f"{name}: internal error ({type(exc).__name__})"})


def score_many(paths: list[str], options: CallOptions, workers: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order; `workers` > 1 scores that many files at once in processes
    (spawned, so each loads its own models once and nothing is shared by fork)."""
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield score_one(path, options)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(paths)),
                             mp_context=get_context("spawn")) as pool:
        yield from pool.map(score_one, paths, [options] * len(paths))
