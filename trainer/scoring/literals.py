"""Necessary literals of a regex: strings of which every match must contain at least one.

Checking `any(lit in text)` is ~50x cheaper than running the regex, so the engine only
runs a signal's regex when one of its necessary literals occurs in the lower-cased text.
The set is derived from the parsed pattern, so data authors never maintain it by hand.
"""

from re import _constants as C  # noqa: N812 - CPython's own names for regex opcodes
from re import _parser

ZERO_WIDTH = {C.AT}
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}
# Strings in half or more of the agent lines in the gold set: poor evidence that a rare
# phrase may be present, so another required part of the pattern is preferred.
COMMON = frozenset({" you", "you ", " you ", "your", "your ", " your", "the ", " the", " the ",
                    " to ", "that", " i ", "this", " and ", " a ", " is ", " it ", "you'"})


def starts_at_word_boundary(pattern: str) -> bool:
    """True when every way the pattern can match begins with \\b.

    CPython's matcher scans an alternation much faster (15x measured here) when every
    top-level branch starts with \\b, so the loader keeps such parts in one regex and
    runs the others separately.
    """
    try:
        return _starts(list(_parser.parse(pattern)))
    except Exception:
        return False


def _starts(items) -> bool:
    if not items:
        return False
    op, arg = items[0]
    if op is C.AT:
        return arg is C.AT_BOUNDARY
    if op is C.BRANCH:
        return all(_starts(list(branch)) for branch in arg[1])
    if op is C.SUBPATTERN:
        return _starts(list(arg[-1]))
    return False


def necessary_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-cased strings, one of which occurs in every match; None if none can be proven."""
    try:
        tree = _parser.parse(pattern, flags)
    except Exception:  # an unparseable pattern is reported by re.compile, not here
        return None
    found = _sequence(list(tree))
    return frozenset(found) if found else None


def _sequence(items) -> set[str] | None:
    """Best necessary set of a sequence: any one required element is enough."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush():
        if run:
            candidates.append({"".join(run).lower()})
            run.clear()

    for op, arg in items:
        if op is C.LITERAL:
            run.append(chr(arg))
            continue
        if op in ZERO_WIDTH:  # \b, ^, $ consume nothing, so the literal run goes on
            continue
        flush()
        if op is C.SUBPATTERN:
            _add(candidates, _sequence(list(arg[-1])))
        elif op is C.BRANCH:
            alternatives = [_sequence(list(branch)) for branch in arg[1]]
            if all(alternatives):
                candidates.append(set().union(*alternatives))
        elif op in REPEATS and arg[0] >= 1:
            _add(candidates, _sequence(list(arg[2])))
    flush()
    if not candidates:
        return None
    # The most selective set: the one whose shortest string is longest, counting a string
    # that occurs in most English sentences (" you", "the ") as two characters shorter.
    return max(candidates, key=lambda s: (min(len(x) - 2 * (x in COMMON) for x in s), -len(s)))


def _add(candidates, found):
    if found:
        candidates.append(found)
