"""Load scenario files: parse, validate, build; a broken file is reported and skipped."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import checks
from .model import Scenario, build
from .positions import YamlProblem, parse

LIBRARY_DIR = Path(__file__).with_name("library")
PATTERNS = ("*.yaml", "*.yml")


class Problem(NamedTuple):
    """One thing wrong with one scenario file; prints as `file:line: message`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        # Line 0: the problem is about the path itself (missing file, empty folder).
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ScenarioError(ValueError):
    """A scenario cannot be loaded or run; `problems` lists every reason found."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass
class Library:
    """Every good scenario of a folder, in library order, plus the problems of the bad ones."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    path: str = ""

    def get(self, scenario_id: str) -> Scenario:
        """The scenario with this id; KeyError names the id when there is none."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            raise KeyError(f"unknown scenario {scenario_id!r}") from None

    def __iter__(self):
        return iter(self.scenarios.values())

    def __len__(self) -> int:
        return len(self.scenarios)


def scenario_tags() -> set[str]:
    """Every tag a transition may test: the engine's vocabulary, signal ids and flag codes."""
    from trainer.scoring import known_tags

    return known_tags()


def step_ids() -> set[str]:
    """Every required-step id a scenario may list."""
    from trainer.scoring.tags import STEPS

    return set(STEPS)


def load_file(path: str | Path, known_tags: set[str] | None = None) -> Scenario:
    """Load one scenario file; ScenarioError lists every problem with its line."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _error(name, [(1, f"not UTF-8 text (byte {exc.start})")]) from None
    except OSError as exc:
        raise _error(name, [(1, f"cannot read: {exc.strerror or exc}")]) from None
    try:
        data, lines, problems = parse(text)
    except YamlProblem as exc:
        raise _error(name, [(exc.line, exc.message)]) from None
    problems += checks.schema_problems(data, lines)
    if not problems:
        tags = known_tags if known_tags is not None else scenario_tags()
        problems += checks.semantic_problems(data, lines, path.stem, tags, step_ids())
    if problems:
        raise _error(name, problems)
    node_lines = {nid: lines.get(("nodes", nid), 0) for nid in data["nodes"]}
    return build(data, name, node_lines)


def _error(name: str, problems: list[tuple[int, str]]) -> ScenarioError:
    found = [Problem(name, line, message) for line, message in sorted(problems)]
    return ScenarioError(f"{name}: {len(found)} problem(s); first: {found[0]}", found)


def scenario_files(directory: str | Path) -> list[Path]:
    """The scenario files of a folder, sorted by name."""
    directory = Path(directory)
    return sorted({p for pattern in PATTERNS for p in directory.glob(pattern) if p.is_file()})


def load_paths(paths: list[str | Path]) -> tuple[list[Scenario], list[Problem]]:
    """Load files and folders; good scenarios in order, problems of the others (never raises)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = scenario_files(p)
            if not found:
                problems.append(Problem(str(p), 0, "no scenario files (*.yaml) in this folder"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(Problem(str(p), 0, "no such file or folder"))
    try:
        tags = scenario_tags()
    except (ImportError, ValueError, OSError) as exc:
        # A broken engine data file must not take the scenario library down with it.
        from trainer.scoring.tags import TAGS

        tags = set(TAGS)
        problems.append(Problem("trainer.scoring", 0, f"tag vocabulary unavailable ({exc}); "
                                "transitions were checked against the core tags only"))
    loaded: list[Scenario] = []
    seen: dict[str, Scenario] = {}
    for path in files:
        try:
            sc = load_file(path, tags)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        if sc.id in seen:
            problems.append(Problem(sc.file, _id_line(sc), f"id: duplicate scenario id "
                                    f"{sc.id!r} (also in {seen[sc.id].file})"))
            continue
        seen[sc.id] = sc
        loaded.append(sc)
    return loaded, problems


def _id_line(sc: Scenario) -> int:
    """Line of the `id:` key, read again only for this rare error."""
    try:
        _, lines, _ = parse(Path(sc.file).read_text(encoding="utf-8"))
    except (OSError, YamlProblem):
        return 1
    return lines.get(("id",), 1)


_cache: dict[str, tuple[tuple, Library]] = {}
_cache_lock = threading.Lock()


def load_library(path: str | Path | None = None) -> Library:
    """Every scenario of the folder (default: the shipped library), cached until a file changes."""
    directory = Path(path) if path is not None else LIBRARY_DIR
    key = str(directory.resolve())
    signature = _signature(directory)
    with _cache_lock:
        hit = _cache.get(key)
        if hit and hit[0] == signature:
            return hit[1]
    if directory.is_dir():
        loaded, errors = load_paths([directory]) if signature else ([], [])
    else:
        loaded, errors = [], [Problem(str(directory), 0, "no such folder")]
    library = Library(
        scenarios={sc.id: sc for sc in sorted(loaded, key=Scenario.sort_key)},
        errors=errors, path=str(directory))
    with _cache_lock:
        _cache[key] = (signature, library)
    return library


def _signature(directory: Path) -> tuple:
    """What changes when a scenario file is added, removed or edited."""
    if not directory.is_dir():
        return ()
    out = []
    for p in scenario_files(directory):
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((p.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def combine(first: Library, second: Library) -> Library:
    """Two libraries as one (the shipped one and the scenarios published from calls): the
    first keeps an id both use, and the clash is reported against the second's file."""
    scenarios = dict(first.scenarios)
    errors = list(first.errors) + list(second.errors)
    for sc in second:
        if sc.id in scenarios:
            errors.append(Problem(sc.file, _id_line(sc), f"id: duplicate scenario id {sc.id!r} "
                                  f"(also in {scenarios[sc.id].file})"))
            continue
        scenarios[sc.id] = sc
    return Library(scenarios=scenarios, errors=errors, path=first.path)


def get_scenario(scenario_id: str, path: str | Path | None = None) -> Scenario:
    """One scenario of the library by id; KeyError for an unknown id."""
    return load_library(path).get(scenario_id)
