"""The scenario library the app serves: the shipped one (or SCENARIOS_DIR from config), plus
the scenarios admins published from real calls (PUBLISHED_SCENARIOS_DIR, by default
instance/scenarios). Drafts are never in it: they live in the database until published.

`trainer.scenarios.load_library` caches per folder and reloads when a file changes, so a
fixed or broken file shows up on the next request without a restart.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app


def published_dir() -> Path:
    """The folder that published scenarios are written to."""
    configured = current_app.config.get("PUBLISHED_SCENARIOS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "scenarios"


def get_library():
    """The current library (`.scenarios` in library order, `.errors` for broken files)."""
    from trainer.scenarios import load_library
    from trainer.scenarios.loader import combine, scenario_files

    library = load_library(current_app.config.get("SCENARIOS_DIR") or None)
    published = published_dir()
    if published.is_dir() and scenario_files(published):
        library = combine(library, load_library(published))
    return library


def find_scenario(scenario_id):
    """The scenario with that id, or None."""
    if not isinstance(scenario_id, str):
        return None
    return get_library().scenarios.get(scenario_id)
