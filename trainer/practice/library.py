"""The scenario library, loaded once per app and reloaded when a scenario file changes."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

_lock = threading.Lock()


def _scenario_dirs() -> list[Path]:
    """SCENARIOS_DIR from config (a path or a list of paths); None means the bundled library."""
    configured = current_app.config.get("SCENARIOS_DIR")
    if not configured:
        return []
    if isinstance(configured, str | Path):
        configured = [configured]
    return [Path(p) for p in configured]


def _fingerprint(dirs: list[Path]) -> tuple:
    """Names, sizes and mtimes of the scenario files: any edit changes it."""
    if not dirs:
        from trainer import scenarios

        dirs = [Path(scenarios.__file__).with_name("library")]
    stamp = []
    for folder in dirs:
        for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else [folder]:
            try:
                st = path.stat()
            except OSError:
                continue
            stamp.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def get_library():
    """The current library (`.scenarios`, `.errors`), cached until a file changes."""
    from trainer.scenarios import load_library

    dirs = _scenario_dirs()
    cache = current_app.extensions.setdefault("trainer.library", {})
    stamp = _fingerprint(dirs)
    if cache.get("stamp") != stamp:
        with _lock:
            if cache.get("stamp") != stamp:
                cache["library"] = load_library(dirs) if dirs else load_library()
                cache["stamp"] = stamp
    return cache["library"]


def find_scenario(scenario_id: str):
    """The scenario with that id, or None."""
    if not isinstance(scenario_id, str):
        return None
    return get_library().scenarios.get(scenario_id)
