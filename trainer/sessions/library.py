"""The scenario library the app serves: the shipped one, or SCENARIOS_DIR from config.

`trainer.scenarios.load_library` caches per folder and reloads when a file changes, so a
fixed or broken file shows up on the next request without a restart.
"""

from __future__ import annotations

from flask import current_app


def get_library():
    """The current library (`.scenarios` in library order, `.errors` for broken files)."""
    from trainer.scenarios import load_library

    return load_library(current_app.config.get("SCENARIOS_DIR") or None)


def find_scenario(scenario_id):
    """The scenario with that id, or None."""
    if not isinstance(scenario_id, str):
        return None
    return get_library().scenarios.get(scenario_id)
