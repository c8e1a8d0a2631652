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


def record_version(scenario):
    """The stored ScenarioVersion of this scenario's content, added when it is new."""
    import json

    from sqlalchemy.exc import IntegrityError

    from trainer.extensions import db
    from trainer.models import ScenarioVersion

    def _find():
        return db.session.scalar(db.select(ScenarioVersion).filter_by(
            scenario_id=scenario.id, content_hash=scenario.content_hash))

    version = _find()
    if version is not None:
        return version
    # Through JSON and back: what the column will hand back later (YAML dates become text).
    data = json.loads(json.dumps(scenario.data, default=str))
    try:
        with db.session.begin_nested():  # two first sessions at once: one insert wins
            version = ScenarioVersion(scenario_id=scenario.id, title=scenario.title,
                                      content_hash=scenario.content_hash, data=data)
            db.session.add(version)
    except IntegrityError:
        version = _find()
    return version


_built: dict[tuple[str, str], object] = {}


def scenario_of(session):
    """The scenario as the session was played: its stored version, else the library's.

    Sessions from before versions were recorded fall back to the library (None when the
    scenario is gone). A changed or removed scenario keeps its sessions readable and running.
    """
    from trainer.scenarios.model import build

    version = session.scenario_version
    current = find_scenario(session.scenario_id)
    if version is None or (current is not None
                           and current.content_hash == version.content_hash):
        return current
    key = (version.scenario_id, version.content_hash)
    if key not in _built:
        _built[key] = build(version.data, f"(stored version {version.content_hash[:12]})", {})
    return _built[key]
