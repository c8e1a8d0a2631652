"""Scenario validation: every error kind is reported as file:line: reason, and skipped."""

import pytest
from scenario_helpers import TINY, line_of, replace_once

from trainer.scenarios import ScenarioError, load_file, load_library
from trainer.scenarios.loader import load_paths


def problems_of(path):
    """The problems load_file reports for a file (failing the test if it loads)."""
    with pytest.raises(ScenarioError) as info:
        load_file(path)
    return [(p.file, p.line, p.message) for p in info.value.problems]


def test_tiny_scenario_is_valid(write):
    sc = load_file(write("tiny.yaml", TINY))
    assert sc.id == "tiny"
    assert set(sc.nodes) == {"hello", "verified", "done", "hung_up"}
    assert sc.nodes["verified"].line == line_of(TINY, "  verified:")


# (what to replace, with what, the line to expect (a needle in the broken text), the reason)
SEMANTIC_CASES = {
    "unknown goto target": (
        "        goto: verified\n", "        goto: nowhere\n", "goto: nowhere",
        "nodes.hello.transitions[1].goto: unknown goto target 'nowhere'"),
    "unknown start node": (
        "start: hello", "start: lobby", "start: lobby", "start: unknown start node 'lobby'"),
    "unknown tag": (
        "any: [verification]", "any: [verificaton]", "verificaton",
        "nodes.hello.transitions[1].any[0]: unknown tag 'verificaton'"),
    "unknown step id": (
        "steps: [verification]", "steps: [verification, small_talk]", "small_talk",
        "steps[1]: unknown step 'small_talk'"),
    "id not matching the file name": (
        "id: tiny", "id: teeny", "id: teeny", "id: id 'teeny' must match the file name 'tiny'"),
    "unknown on_max target": (
        "on_max: hung_up", "on_max: gone", "on_max: gone",
        "mood.on_max: unknown goto target 'gone'"),
    "start node is an end node": (
        "start: hello", "start: done", "start: done", "start node 'done' is an end node"),
    "mood start outside the scale": (
        "mood: {start: 3,", "mood: {start: 11,", "mood: {start: 11",
        "mood.start: start 11 is outside [0, 10]"),
    "on_max target is not an end node": (
        "on_max: hung_up", "on_max: verified", "on_max: verified",
        "on_max target 'verified' must be an end node"),
    "outcome on a node that is not an end": (
        '    say: "Yes, speaking."\n', '    say: "Yes, speaking."\n    outcome: refused\n',
        "outcome: refused", "outcome is only allowed on an end node"),
    "end node with transitions": (
        '    say: "Bye."\n', '    say: "Bye."\n    transitions:  # oops\n      - goto: hello\n',
        "# oops", "nodes.hung_up.transitions: an end node cannot have transitions"),
    "impossible mood window": (
        "        mood_at_least: 5\n", "        mood_at_least: 5\n        mood_below: 4\n",
        "      - any: [empathy]", "mood_at_least must be below mood_below"),
}


@pytest.mark.parametrize("case", SEMANTIC_CASES, ids=list(SEMANTIC_CASES))
def test_semantic_error_reports_file_line_and_reason(write, case):
    old, new, needle, reason = SEMANTIC_CASES[case]
    text = replace_once(TINY, old, new)
    path = write("tiny.yaml", text)
    problems = problems_of(path)
    assert (str(path), line_of(text, needle)) in [(f, n) for f, n, _ in problems], problems
    assert any(reason in message for _, _, message in problems), problems


def test_unreachable_node(write):
    text = TINY + '  orphan:\n    say: "Nobody gets here."\n    transitions:\n      - goto: done\n'
    problems = problems_of(write("tiny.yaml", text))
    assert problems == [(problems[0][0], line_of(text, "  orphan:"),
                         "nodes.orphan: node 'orphan' is unreachable from start 'hello'")]


def test_non_end_node_without_default(write):
    text = replace_once(TINY, "      - goto: verified\n", "")
    problems = problems_of(write("tiny.yaml", text))
    assert [(line, msg) for _, line, msg in problems] == [(
        line_of(text, "      - mood_below: 2"),
        "nodes.verified.transitions[3]: the last transition must be an unconditional default "
        "(no any/all/none/mood_*)")]


def test_unconditional_transition_before_the_last(write):
    verify = "      - any: [verification]\n        goto: verified\n"
    text = replace_once(TINY, verify, "      - goto: verified\n" + verify)
    problems = problems_of(write("tiny.yaml", text))
    assert problems[0][1] == line_of(text, "      - goto: verified")
    assert "unconditional transition before the last one" in problems[0][2]


def test_no_end_node_reachable(write):
    text = TINY.replace(", on_max: hung_up", "").replace("goto: done", "goto: verified")
    text = text[:text.index("  done:")]  # no end node left at all
    problems = problems_of(write("tiny.yaml", text))
    assert (line_of(text, "start: hello"), "start: no end node is reachable from start 'hello'") \
        in [(line, msg) for _, line, msg in problems]


def test_node_that_cannot_reach_an_end(write):
    # 'trap' is reachable but only loops on itself; the rest of the graph can still end.
    text = replace_once(TINY, "      - goto: hello\n  verified:",
                        "      - any: [abuse]\n        goto: trap\n      - goto: hello\n"
                        '  trap:\n    say: "Round and round."\n    transitions:\n'
                        "      - goto: trap\n  verified:")
    problems = problems_of(write("tiny.yaml", text))
    assert [(line, msg) for _, line, msg in problems] == [
        (line_of(text, "  trap:"), "nodes.trap: no end node is reachable from node 'trap'")]


def test_duplicate_node_id(write):
    text = TINY + '  done:\n    end: true\n    outcome: refused\n    success: false\n'
    text += '    say: "No."\n'
    problems = problems_of(write("tiny.yaml", text))
    second = text.splitlines().index("  done:", line_of(text, "  done:")) + 1
    assert [(line, msg) for _, line, msg in problems] == [
        (second, f"nodes.done: duplicate key (first on line {line_of(text, '  done:')})")]


def test_duplicate_scenario_id_across_folders(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "tiny.yaml").write_text(TINY, encoding="utf-8")
    loaded, problems = load_paths([tmp_path / "a", tmp_path / "b"])
    assert [sc.id for sc in loaded] == ["tiny"]
    assert [(p.file, p.line) for p in problems] == [(str(tmp_path / "b" / "tiny.yaml"), 1)]
    assert "duplicate scenario id 'tiny'" in problems[0].message


SCHEMA_CASES = {
    "missing required field": (
        "pass_mark: 60\n", "", "id: tiny", "'pass_mark' is a required property"),
    "wrong type": (
        "balance: 100.0", "balance: lots", "balance: lots",
        "facts.balance: 'lots' is not of type 'number'"),
    "unknown field": (
        '    say: "Deal."\n', '    say: "Deal."\n    colour: blue\n', "colour: blue",
        "nodes.done.colour: unknown field 'colour'"),
    "bad difficulty": (
        "difficulty: easy", "difficulty: brutal", "difficulty: brutal",
        "difficulty: 'brutal' is not one of ['easy', 'medium', 'hard']"),
    "unquoted no read as a boolean": (
        'say: "Deal."', "say: no", "say: no", "quote it"),
    "end node without outcome": (
        "    outcome: promise_made\n", "", "  done:",
        "nodes.done: 'outcome' is a required property"),
    "non-end node without transitions": (
        '    say: "Bye."\n', '    say: "Bye."\n  other:\n    say: "Hi."\n',
        "  other:", "nodes.other: 'transitions' is a required property"),
    "bad node id": (
        "  hung_up:", "  Hung-Up:", "  Hung-Up:",
        "nodes.Hung-Up: 'Hung-Up' does not match '^[a-z][a-z0-9_]*$' (node ids are snake_case)"),
    "bad listener": (
        "set: {right_party_verified: true}", "set: {listener: neighbour}", "neighbour",
        "nodes.verified.set.listener: 'neighbour' is not one of"),
    "empty variant list": (
        'say: ["Hello?", "Hello again?"]', "say: []", "say: []",
        "nodes.hello.say: needs at least 1 entry"),
}


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=list(SCHEMA_CASES))
def test_schema_error_reports_file_line_and_reason(write, case):
    old, new, needle, reason = SCHEMA_CASES[case]
    text = replace_once(TINY, old, new)
    path = write("tiny.yaml", text)
    problems = problems_of(path)
    expected_line = line_of(text, needle)
    assert any(line == expected_line and reason in msg for _, line, msg in problems), problems


@pytest.mark.parametrize("text, line, reason", [
    ("", 1, "the file is empty"),
    ("id: tiny\nnodes: [\n", 3, "not valid YAML"),
    ("id: tiny\n  title: x\n bad", 2, "not valid YAML"),
    ("--- {}\n--- {}\n", 2, "not valid YAML"),
    ("- just\n- a list\n", 1, "is not of type 'object'"),
    ("1: one\nid: tiny\n", 1, "key '1' must be text"),
])
def test_unparseable_files(write, text, line, reason):
    problems = problems_of(write("tiny.yaml", text))
    assert any(n == line and reason in msg for _, n, msg in problems), problems


def test_not_utf8(write, tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    assert problems_of(path) == [(str(path), 1, "not UTF-8 text (byte 10)")]


def test_broken_file_is_skipped_and_the_others_load(write):
    good = write("tiny.yaml", TINY)
    write("second.yaml", TINY.replace("id: tiny", "id: second").replace(
        "title: Tiny test scenario", "title: Another scenario"))
    broken_text = replace_once(TINY.replace("id: tiny", "id: broken"), "start: hello", "start: x")
    broken = write("broken.yaml", broken_text)
    write("notes.txt", "not a scenario")
    lib = load_library(good.parent)
    assert list(lib.scenarios) == ["second", "tiny"]  # library order: difficulty, then title
    assert [(e.file, e.line) for e in lib.errors] == [
        (str(broken), line_of(broken_text, "start: x"))]
    assert "unknown start node 'x'" in lib.errors[0].message
    assert str(lib.errors[0]).startswith(f"{broken}:{line_of(broken_text, 'start: x')}: ")


def test_library_reloads_when_a_file_changes(write):
    path = write("tiny.yaml", TINY)
    first = load_library(path.parent)
    assert load_library(path.parent) is first  # cached
    path.write_text(TINY.replace("title: Tiny test scenario", "title: Renamed scenario!"),
                    encoding="utf-8")
    again = load_library(path.parent)
    assert again.get("tiny").title == "Renamed scenario!"


def test_missing_library_folder_is_an_error_not_a_crash(tmp_path):
    lib = load_library(tmp_path / "nope")
    assert lib.scenarios == {}
    assert "no such folder" in lib.errors[0].message


def test_get_unknown_id_raises_keyerror(write):
    lib = load_library(write("tiny.yaml", TINY).parent)
    with pytest.raises(KeyError, match="unknown scenario 'nope'"):
        lib.get("nope")


def test_broken_engine_vocabulary_is_reported_not_raised(write, monkeypatch):
    from trainer.scenarios import loader

    def broken():
        raise ValueError("signals.yaml: bad pattern")

    monkeypatch.setattr(loader, "scenario_tags", broken)
    path = write("tiny.yaml", TINY)
    loaded, problems = load_paths([path])
    assert [sc.id for sc in loaded] == ["tiny"]  # tiny only uses core tags
    assert problems[0].file == "trainer.scoring" and "bad pattern" in problems[0].message


def test_dates_in_facts_stay_text(write):
    text = replace_once(TINY, '  account_last4: "1234"\n',
                        '  account_last4: "1234"\n  opened: 2021-03-04\n')
    sc = load_file(write("tiny.yaml", text))
    assert sc.facts["opened"] == "2021-03-04"
