"""`trainer scenarios list | validate | show`."""

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from scenario_helpers import TINY, line_of, replace_once

from trainer.cli.scenarios import scenarios_group
from trainer.scenarios import load_library

SHIPPED = list(load_library().scenarios)


def run(*args):
    """Invoke `trainer scenarios ARGS` in-process."""
    return CliRunner().invoke(scenarios_group, list(args))


def test_list_table():
    result = run("list")
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["ID", "LEVEL", "TITLE"]
    assert [row.split()[0] for row in rows[1:]] == SHIPPED
    assert any(row.split()[:2] == ["stop_calling", "hard"] for row in rows)


def test_list_json():
    result = run("list", "--json")
    cards = json.loads(result.stdout)
    assert [c["id"] for c in cards] == SHIPPED
    assert {"id", "title", "difficulty", "persona", "summary"} <= set(cards[0])


def test_validate_the_library():
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ok: {len(SHIPPED)} scenarios"


def test_validate_reports_file_line_reason_and_exits_non_zero(tmp_path):
    good = tmp_path / "tiny.yaml"
    good.write_text(TINY, encoding="utf-8")
    text = replace_once(TINY.replace("id: tiny", "id: broken"), "goto: verified\n",
                        "goto: nowhere\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    line = line_of(text, "goto: nowhere")
    assert (f"{broken}:{line}: nodes.hello.transitions[1].goto: unknown goto target 'nowhere'"
            in result.stderr.splitlines())
    assert "1 scenario(s) ok" in result.stderr
    assert result.stdout == ""


def test_validate_named_files_and_a_missing_path(tmp_path):
    good = tmp_path / "tiny.yaml"
    good.write_text(TINY, encoding="utf-8")
    assert run("validate", str(good)).stdout.strip() == "ok: 1 scenarios"
    result = run("validate", str(good), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.yaml'}: no such file or folder" in result.stderr


def test_show_prints_persona_facts_steps_and_graph():
    result = run("show", "wrong_party")
    assert result.exit_code == 0
    out = result.stdout
    for expected in ("wrong_party: His mother answers", "Loretta Green", "Pinecrest Credit Union",
                     "2,960.15", "Right-party verification", "pass mark 65",
                     "[not_here]", "-> disclosed", "END: Message left without disclosing"):
        assert expected in out, expected


def test_show_json_round_trips():
    data = json.loads(run("show", "lost_job", "--json").stdout)
    assert data["id"] == "lost_job" and data["start"] in data["nodes"]


def test_show_unknown_id_is_one_line_and_non_zero():
    result = run("show", "nope")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: unknown scenario 'nope' (see `trainer scenarios list`)"]


def test_the_trainer_command_exposes_scenarios(tmp_path):
    env = {**os.environ, "TRAINER_INSTANCE_PATH": str(tmp_path / "instance")}
    trainer = Path(sys.executable).with_name("trainer")
    done = subprocess.run([str(trainer), "scenarios", "validate"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"ok: {len(SHIPPED)} scenarios"


def test_list_warns_about_a_broken_file_and_lists_the_rest(tmp_path, monkeypatch):
    from trainer.scenarios import loader

    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    monkeypatch.setattr(loader, "LIBRARY_DIR", tmp_path)
    result = run("list")
    assert result.exit_code == 0
    assert [row.split()[0] for row in result.stdout.splitlines()[1:]] == ["tiny"]
    assert result.stderr.startswith(f"warning: skipped {tmp_path / 'broken.yaml'}:")
