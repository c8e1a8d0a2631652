"""The scripted good trainee's answers (tests/scenarios/data/good_trainees.yaml), for the web,
browser and benchmark code that plays a scenario to its end."""

from pathlib import Path

import yaml

SCRIPTS = Path(__file__).with_name("scenarios") / "data" / "good_trainees.yaml"


def good_answers(scenario: str = "lost_job") -> list[str]:
    """A good trainee's answers to one scenario, in order; they reach a good ending."""
    return [turn["text"] for turn in yaml.safe_load(SCRIPTS.read_text())[scenario]["turns"]]
