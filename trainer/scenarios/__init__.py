"""Branching debtor scenarios: YAML files, validated on load, run as a small state machine.

Pure data and logic: no Flask, no database. The web app, the API and the CLI call
`load_library`, `get_scenario` and the functions of `trainer.scenarios.runner`.
"""

from .loader import Library, Problem, ScenarioError, get_scenario, load_file, load_library
from .model import OUTCOMES, Scenario

__all__ = ["OUTCOMES", "Library", "Problem", "Scenario", "ScenarioError", "get_scenario",
           "load_file", "load_library"]
