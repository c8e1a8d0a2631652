"""Data flows one way: each package imports only the layers below it (checked on the source)."""

import ast
from pathlib import Path

import pytest

TRAINER = Path(__file__).parents[1] / "trainer"
BLUEPRINTS = ("trainer.auth", "trainer.practice", "trainer.coach", "trainer.qa",
              "trainer.admin", "trainer.api")
# package -> module prefixes it must never import (at the top or inside a function)
FORBIDDEN = {
    "scoring": ("flask", "trainer.models", "trainer.extensions", "trainer.speech",
                "trainer.sessions", "trainer.jobs", "trainer.calls", *BLUEPRINTS),
    "speech": ("flask", "trainer.models", "trainer.extensions", "trainer.scoring",
               "trainer.sessions", "trainer.jobs", "trainer.calls", *BLUEPRINTS),
    "calls": ("flask", "trainer.models", "trainer.extensions", "trainer.sessions",
              "trainer.jobs", *BLUEPRINTS),
    "jobs": ("trainer.sessions", "trainer.calls", *BLUEPRINTS),
    "models": ("trainer.sessions", "trainer.jobs", "trainer.calls", *BLUEPRINTS),
    "sessions": BLUEPRINTS,
    # the review services take ids and plain values: no request objects, no pages
    "review": ("flask", "trainer.jobs", *BLUEPRINTS),
    "practice": ("trainer.jobs", "trainer.api", "trainer.qa", "trainer.coach", "trainer.admin"),
}


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, as absolute names."""
    package = ".".join(path.relative_to(TRAINER.parent).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_the_layers_below(package):
    files = sorted((TRAINER / package).rglob("*.py"))
    assert files, f"no package trainer/{package}"
    for path in files:
        bad = {m for m in imports_of(path) for prefix in FORBIDDEN[package]
               if m == prefix or m.startswith(prefix + ".")}
        assert not bad, f"{path.relative_to(TRAINER)} imports {sorted(bad)}"
