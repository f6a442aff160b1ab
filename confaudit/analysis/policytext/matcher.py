"""The matcher: how clause patterns are written, compiled and run, and how negation is read.

The clause tables (clauses/, one module per clause) are data written with this module's `rx`, `Rule`
and `ClauseSpec`; detect.py runs them. Each clause has trigger word prefixes (a cheap per-word
prefilter, so only sentences that could matter are run through the regular expressions), an optional
veto, and ordered rules. A rule fires when its pattern matches the lower-cased sentence, its `needs`
pattern (if any) matches the sentence, its `ctx` pattern (if any) matches heading + previous sentence +
sentence, and its `unless` pattern does not match. Rules are written against how notices actually
phrase things, including the traps listed in clauses.md (a definition, a generic reassurance or a
data-security "safeguard" is not a commitment).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from .literals import necessary_literals


class _BoundaryFirst:
    """`\\b(...)` searched as `(...)` plus a boundary check on the hit.

    A leading `\\b` stops the `re` engine from skipping ahead by first character; dropping it and
    checking the boundary by hand makes a non-matching search (the common case) much cheaper.
    """

    __slots__ = ("_fast", "_full", "pattern")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._full = re.compile(pattern)
        self._fast = re.compile(pattern[2:])

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        while True:
            m = self._fast.search(text, pos, end)
            if m is None:
                return None
            st = m.start()
            if st == 0 or not (text[st - 1].isalnum() or text[st - 1] == "_"):
                return self._full.search(text, st, end) or m
            pos = st + 1

    def finditer(self, text: str):
        return self._full.finditer(text)


class Rx:
    """A compiled pattern with a necessary-literal prefilter (see literals.py); same `search` API.

    A pattern with top-level alternatives (`a...|b...|c...`) is also kept as one compiled branch per
    alternative, each with its own literals: `re` tries every alternative at every position, which on
    a long sentence costs up to ~100 us, while most alternatives' literals are not in the sentence at
    all. The earliest start over the branches that can match is where the whole pattern matches (at
    equal starts the first alternative wins, as in `re`), and the whole pattern is then run from there
    so the match object and its groups are exactly what `re` would return.
    """

    __slots__ = ("_always", "_branches", "_litmask", "_lits", "_ready", "_rx", "pattern")

    def __init__(self, pattern: str):
        # compiled on first use: importing the detector stays cheap, and a batch's start-up is not spent
        # compiling ~200 patterns before any network request can start
        self.pattern = pattern
        self._ready = False
        _ALL.append(self)

    def _build(self) -> None:
        pattern = self.pattern
        if (
            pattern.startswith("\\b")
            and not pattern.startswith("\\b\\")
            and _balanced_alternation(pattern[2:])
        ):
            self._rx: re.Pattern[str] | _BoundaryFirst = _BoundaryFirst(pattern)
        else:
            self._rx = re.compile(pattern)
        self._lits = tuple(sorted(necessary_literals(pattern) or ()))
        split = _split_branches(pattern)
        self._branches = tuple(b for _, b in split) if split else None
        # literal -> bit mask of the branches it enables; branches without literals are always tried
        masks: dict[str, int] = {}
        always = 0
        for i, (lits, _) in enumerate(split or ()):
            if not lits:
                always |= 1 << i
            for lit in lits:
                masks[lit] = masks.get(lit, 0) | (1 << i)
        self._litmask = tuple(masks.items())
        self._always = always
        self._ready = True

    def search(self, text: str) -> re.Match[str] | None:
        if not self._ready:
            self._build()
        if self._branches is None:
            if self._lits and not any(map(text.__contains__, self._lits)):
                return None
            return self._rx.search(text)
        if self._lits and not any(map(text.__contains__, self._lits)):
            return None  # the usual case, decided in C before the per-branch bookkeeping
        mask = self._always
        for lit, bits in self._litmask:
            if lit in text:
                mask |= bits
        best = -1
        branches = self._branches
        while mask:
            low = mask & -mask
            mask ^= low
            m = branches[low.bit_length() - 1].search(text)
            if m is not None and (best < 0 or m.start() < best):
                best = m.start()
                if best == 0:
                    break
        if best < 0:
            return None
        return self._rx.search(text, best)

    def finditer(self, text: str):
        if not self._ready:
            self._build()
        return self._rx.finditer(text)


def _split_branches(pattern: str) -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] | None:
    """Top-level alternatives of `pattern`, each compiled with its literals; None if not worth it."""
    parts = branch_sources(pattern)
    if parts is None:
        return None
    try:
        return tuple((tuple(sorted(necessary_literals(b) or ())), re.compile(b)) for b in parts)
    except re.error:  # pragma: no cover - a branch that only makes sense with its siblings
        return None


def branch_sources(pattern: str) -> list[str] | None:
    """Top-level alternatives of `pattern`; None if too few to split or tied by backreferences."""
    parts: list[str] = []
    depth, esc, in_class, start = 0, False, False, 0
    for i, ch in enumerate(pattern):
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    if len(parts) < 3 or re.search(r"\\\d|\(\?P=|\(\?\(", pattern):
        return None  # few alternatives, or backreferences a branch could not resolve alone
    return parts


def rx(p: str) -> Rx:
    return Rx(p)


_ALL: list[Rx] = []
_PREPARE = threading.Lock()


def patterns_made() -> list[str]:
    """The source of every pattern made so far, in the order made."""
    return [pattern.pattern for pattern in list(_ALL)]


def pattern_sources() -> list[str]:
    """Every string the prefilters analyse: each pattern made so far and its top-level branches."""
    out: dict[str, None] = {}
    for source in patterns_made():
        out[source] = None
        out.update(dict.fromkeys(branch_sources(source) or ()))
    return list(out)


def compile_all() -> None:
    """Build every pattern now (about 0.2 s), so the first notice analysed does not pay for it.

    Threads that call this together wait for one build; a search racing it builds a pattern twice at worst.
    """
    with _PREPARE:
        for pattern in _ALL:
            if not pattern._ready:
                pattern._build()


def _balanced_alternation(rest: str) -> bool:
    """True when the leading `\\b` applies to the whole pattern (no top-level `|`)."""
    depth = 0
    esc = False
    in_class = False
    for ch in rest:
        if esc:
            esc = False
            continue
        if ch == "\\":
            esc = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True


@dataclass(frozen=True)
class Rule:
    level: str  # "present" | "partial"
    pattern: Rx
    needs: Rx | None = None
    ctx: Rx | None = None
    unless: Rx | None = None
    tag: str = ""
    gate: frozenset[str] | None = None  # skip the rule unless the sentence has one of these exact words


@dataclass(frozen=True)
class ClauseSpec:
    triggers: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    veto: Rx | None = None
    extra: dict[str, Rx] = field(default_factory=dict)


P, Q = "present", "partial"
NEG_BEFORE = rx(
    r"\b(not|never|no|nor|neither|cannot|without|don't|doesn't|won't|isn't|aren't|wasn't)\b|n't\b"
)


def negated(low: str, start: int, window: int = 35) -> bool:
    """True when a negation word sits in the `window` characters before `start` ("we do not sell ...")."""
    return bool(NEG_BEFORE.search(low[max(0, start - window) : start]))
