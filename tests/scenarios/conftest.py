"""Fixtures for the scenario tests: a tiny valid scenario to break, and file helpers."""

from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).with_name("data")

# Small but complete: tag, mood and state conditions, variants, a transition `say`, a
# forced hang-up at max mood, and two endings. The tests break it one way at a time.
TINY = """\
id: tiny
title: Tiny test scenario
difficulty: easy
summary: A minimal scenario used by the tests.
persona: {name: Pat Doe, situation: Behind on a phone bill, temperament: Calm}
facts:
  creditor: Acme Bank
  balance: 100.0
  days_past_due: 30
  debtor_name: Pat Doe
  account_last4: "1234"
steps: [verification]
pass_mark: 60
max_turns: 5
mood: {start: 3, min: 0, max: 10, on_max: hung_up}
start: hello
nodes:
  hello:
    say: ["Hello?", "Hello again?"]
    transitions:
      - any: [hostile]
        mood: 4
        goto: hello
        say: "Excuse me?"
      - any: [verification]
        goto: verified
      - goto: hello
  verified:
    say: "Yes, speaking."
    set: {right_party_verified: true}
    transitions:
      - all: [amount, date]
        none: [threat]
        goto: done
      - any: [empathy]
        mood_at_least: 5
        mood: -2
        goto: verified
        say: "Thanks. I'm calmer now."
      - any: [thanks]
        mood: -5
        goto: verified
      - mood_below: 2
        goto: done
      - goto: verified
  done:
    end: true
    outcome: promise_made
    success: true
    say: "Deal."
  hung_up:
    end: true
    outcome: hung_up
    success: false
    say: "Bye."
"""


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing needle (the test's expected line)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


def replace_once(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence, so a mutation cannot silently miss."""
    assert text.count(old) >= 1, f"{old!r} not in the text"
    return text.replace(old, new, 1)


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
