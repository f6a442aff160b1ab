"""Necessary literals of a regular expression, for a cheap `str.__contains__` prefilter.

For a pattern P we compute a set of strings such that every match of P contains at least one
of them. Most sentences contain none, and `literal in sentence` runs in C at memchr speed, so
the regex engine is only started on sentences that could match. The analysis is conservative:
when in doubt it returns None (no prefilter), never a set that could hide a match.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python >= 3.11
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MAX_SET = 64


def _best(cands: list[frozenset[str]]) -> frozenset[str] | None:
    if not cands:
        return None
    # prefer the set whose weakest literal is longest (most selective), then the smaller set
    return max(cands, key=lambda s: (min(len(x) for x in s), -len(s)))


def _seq(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    cands: list[frozenset[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            cands.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        close()
        sub = _node(op, av)
        if sub is not None:
            cands.append(sub)
    close()
    return _best(cands)


def _node(op: Any, av: Any) -> frozenset[str] | None:
    if op is C.SUBPATTERN:
        return _seq(list(av[-1]))
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            r = _seq(list(alt))
            if r is None:
                return None
            out |= r
            if len(out) > MAX_SET:
                return None
        return frozenset(out)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        lo, _hi, inner = av
        return _seq(list(inner)) if lo >= 1 else None
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq(list(av))
    return None


def analyse(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains one, or None if no useful set exists."""
    try:
        parsed = P.parse(pattern, 0)
    except re.error:  # pragma: no cover
        return None
    lits = _seq(list(parsed))
    if not lits or min(len(x) for x in lits) < 2:
        return None
    return lits


# pattern -> its answer: the clause index and each compiled pattern ask about the same strings, and
# literal_cache.py fills it from the previous run's answers
MEMO: dict[str, frozenset[str] | None] = {}


def necessary_literals(pattern: str) -> frozenset[str] | None:
    """`analyse(pattern)`, worked out once per process."""
    try:
        return MEMO[pattern]
    except KeyError:
        lits = MEMO[pattern] = analyse(pattern)
        return lits
