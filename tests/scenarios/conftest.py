"""Fixtures for the scenario tests: a tiny valid scenario to break, and file helpers."""

from pathlib import Path

import pytest
import yaml
from scenario_helpers import TINY, line_of, replace_once  # noqa: F401

DATA = Path(__file__).with_name("data")


@pytest.fixture
def write(tmp_path):
    """write(name, text) -> path of a scenario file in a fresh folder."""
    folder = tmp_path / "scenarios"
    folder.mkdir()

    def _write(name: str, text: str) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def tiny(tmp_path):
    """The tiny scenario, loaded from a file."""
    from trainer.scenarios import load_file

    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return load_file(path)


@pytest.fixture(scope="session")
def good_trainees():
    """Scripted good answers per shipped scenario (text for the engine, tags for the runner)."""
    return yaml.safe_load((DATA / "good_trainees.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def engine():
    """The real scoring engine's score_utterance (skips while it is not importable)."""
    try:
        from trainer.scoring import score_utterance
    except ImportError as exc:
        pytest.skip(f"the scoring engine is not importable yet: {exc}")
    return score_utterance
