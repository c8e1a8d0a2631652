"""Parse YAML while keeping where every value sits, so errors can say `file:line`."""

from __future__ import annotations

from typing import Any

import yaml

Path_ = tuple[str | int, ...]

STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


# libyaml's parser is about 5x faster than the pure-Python one and keeps the same marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that leaves dates as text: facts stay JSON-ready."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class YamlProblem(ValueError):
    """The text is not one well-formed YAML document; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse(text: str) -> tuple[Any, dict[Path_, int], list[tuple[int, str]]]:
    """The document's data, a map from each path to its 1-based line, and structural problems.

    Structural problems are duplicate keys (PyYAML would silently keep the last one) and
    keys that are not text.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "the file is empty")
        lines: dict[Path_, int] = {}
        problems: list[tuple[int, str]] = []
        _walk(node, (), lines, problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    return data, lines, problems


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int],
          problems: list[tuple[int, str]]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR_TAG:
                problems.append((key_line, f"{dotted(path) or 'top level'}: key "
                                 f"{getattr(key_node, 'value', '?')!r} must be text"))
                continue
            key = key_node.value
            if key in seen:
                problems.append((key_line, f"{dotted(path + (key,))}: duplicate key "
                                 f"(first on line {seen[key]})"))
                continue
            seen[key] = key_line
            # A key's own line is the most useful place to point at, not its value's.
            lines[path + (key,)] = key_line
            _walk(value_node, path + (key,), lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, problems)


def line_of(lines: dict[Path_, int], path: Path_) -> int:
    """The line of the deepest known prefix of the path (1 when nothing is known)."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


def dotted(path: Path_) -> str:
    """A path as `nodes.hello.transitions[2]` (list indexes 0-based, as in JSON Pointer)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
