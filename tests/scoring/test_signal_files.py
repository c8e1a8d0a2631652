"""Signals are data: files validate, mistakes are reported by file, a new signal is one edit."""

import json
import re

import pytest
import yaml

from trainer.scoring.lexicon import (
    SIGNAL_DIR,
    SignalFileError,
    find_matches,
    load_signals,
    phrase_regex,
)
from trainer.scoring.negation import negated
from trainer.scoring.types import Context


def write(tmp_path, name, doc):
    (tmp_path / name).write_text(yaml.safe_dump(doc))
    return tmp_path


def test_shipped_signal_files_load_with_unique_ids_and_sources():
    signals = load_signals()
    assert len(signals) >= 50
    assert len({s.id for s in signals}) == len(signals)
    assert all(s.source and s.why for s in signals)


@pytest.mark.parametrize(("doc", "message"), [
    ({"signals": [{"id": "x", "why": "a reason", "source": "team playbook"}]}, "is not valid"),
    ({"signals": [{"id": "x", "why": "a reason", "source": "team playbook",
                   "patterns": ["(unclosed"]}]}, "bad pattern"),
    ({"signals": [{"id": "x", "why": "a reason", "source": "team playbook", "phrases": ["hi"],
                   "tags": ["not_a_tag"]}]}, "unknown tag"),
    ({"signals": [{"id": "x", "why": "a reason", "source": "team playbook", "phrases": ["hi"],
                   "effects": {"kindness": 3}}]}, "Additional properties"),
    ({"signals": [{"id": "x", "why": "a reason", "source": "team playbook", "phrases": ["sue"],
                   "effects": {"assertiveness": 5, "calmness": -9}, "tags": ["threat_legal"]}]},
     "may not raise assertiveness"),
    ({"signals": [{"id": "x", "why": "a reason", "source": "team playbook", "phrases": ["relax"],
                   "effects": {"empathy": 2}, "tags": ["dismissive"]}]}, "may not raise empathy"),
])
def test_a_broken_signal_file_names_the_file_and_the_reason(tmp_path, doc, message):
    write(tmp_path, "broken.yaml", doc)
    with pytest.raises(SignalFileError, match=message) as err:
        load_signals.__wrapped__(tmp_path, tmp_path / "none.json")
    assert str(err.value).startswith("broken.yaml")


def test_duplicate_ids_across_files_are_rejected(tmp_path):
    entry = {"id": "dup", "why": "a reason", "source": "team playbook", "phrases": ["hello"]}
    write(tmp_path, "a.yaml", {"signals": [entry]})
    write(tmp_path, "b.yaml", {"signals": [entry]})
    with pytest.raises(SignalFileError, match="already used"):
        load_signals.__wrapped__(tmp_path, tmp_path / "none.json")


def test_adding_a_signal_is_one_data_entry(tmp_path):
    for path in SIGNAL_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    write(tmp_path, "new.yaml", {"signals": [{
        "id": "offers_callback", "why": "offers to call back at a better time",
        "source": "team playbook", "phrases": ["call you back", "better time to talk"],
        "effects": {"empathy": 9}, "tags": ["collaborative"]}]})
    signals = load_signals.__wrapped__(tmp_path, tmp_path / "none.json")
    text = "Is there a better time to talk? I can call you back."
    found = [m for m in find_matches(text, text.lower(), Context(), signals)
             if m.signal.id == "offers_callback"]
    assert found and text[found[0].start:found[0].end] == "better time to talk"


@pytest.mark.parametrize(("phrase", "text"), [
    ("I'm here", "I am here"), ("I'm here", "Im here"), ("can't", "cannot"),
    ("don't worry", "do not worry"), ("let's", "let us"), ("you're right", "youre right"),
])
def test_phrases_match_contractions_in_every_form(phrase, text):
    assert re.fullmatch(phrase_regex(phrase), text, re.IGNORECASE)


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("we are not going to sue you", "sue", True),
    ("if you don't pay today we will sue you", "sue", False),
    ("no one is going to arrest you", "arrest", True),
    ("you don't want to end up in court", "end", False),
    ("nobody's going to sue you or turn up at your door", "turn", True),
    ("if you don't pay we will sue you and call your boss", "call", False),
    ("people who don't pay end up in jail", "end", False),
])
def test_negation_scope(text, word, expected):
    assert negated(text, text.index(word)) is expected


def test_a_fit_refines_declared_effects_and_cannot_add_one(tmp_path):
    write(tmp_path, "a.yaml", {"signals": [{"id": "sue", "why": "threatens to sue",
                                            "source": "test", "phrases": ["sue you"],
                                            "effects": {"calmness": -10},
                                            "tags": ["threat_legal"]}]})
    (tmp_path / "w.json").write_text(json.dumps(
        {"signals": {"sue": {"calmness": -15.5, "assertiveness": 5.7}}}))
    [signal] = load_signals.__wrapped__(tmp_path, tmp_path / "w.json")
    assert signal.effects == {"calmness": -15.5}
