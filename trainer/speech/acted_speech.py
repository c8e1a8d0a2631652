"""Acted emotional speech (RAVDESS, EmoDB) read in place and measured, for fitting calmness.

The clips' licences allow evaluation, not redistribution: they are read from
../shared/data/dev and never copied. trainer.scoring.delivery_fit fits on what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .decode import decode_audio
from .delivery import measure_delivery

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev"


@dataclass(slots=True)
class Clip:
    """One labelled recording and its delivery metrics (`samples` kept for re-measuring)."""

    name: str
    speaker: str
    angry: bool
    delivery: dict
    samples: object = field(default=None, repr=False)


def ravdess_label(name: str) -> tuple[str, bool] | None:
    """(speaker, angry) from 03-01-EE-II-SS-RR-AA: EE 01 neutral, 02 calm, 05 angry."""
    parts = name.split("-")
    if len(parts) != 7 or parts[2] not in ("01", "02", "05"):
        return None
    return f"ravdess-{parts[6]}", parts[2] == "05"


def emodb_label(name: str) -> tuple[str, bool] | None:
    """(speaker, angry) from an EmoDB name: the 6th character is W (anger) or N (neutral)."""
    if len(name) < 6 or name[5] not in "WN":
        return None
    return f"emodb-{name[:2]}", name[5] == "W"


def load_acted_speech(data: Path = DEFAULT_DATA, *, keep_samples: bool = False) -> list[Clip]:
    """The labelled RAVDESS and EmoDB clips under `data`, decoded and measured."""
    clips = []
    for folder, labeller in (("ravdess", ravdess_label), ("emodb", emodb_label)):
        for path in sorted((Path(data) / folder).glob("*.wav")):
            label = labeller(path.stem)
            if label is None:
                continue
            samples = decode_audio(path).samples
            clips.append(Clip(path.stem, label[0], label[1], measure_delivery(samples),
                              samples if keep_samples else None))
    return clips
