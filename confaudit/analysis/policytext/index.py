"""What the detector derives from the clause tables, built once per process on first use.

The trigger index (which clauses a word can concern) and the prefilter literals (strings without which
none of a clause's rules can match) come from parsing every pattern with `re`'s own parser. Done at
import, that cost every command that merely imported the package; done here, the first `analyse()`
or an early `prepare()` pays it, once per process, under a lock, so threads that ask at the same time
(the engine prepares in a thread while probes fetch; a batch judges several audits) wait for one build.
The parsing's answers are read from the previous run's (literal_cache.py) when they still apply.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from . import literal_cache
from . import over_promises as op
from .clauses import SPECS
from .clauses.data_subject_rights import RIGHT_TYPES
from .literals import necessary_literals
from .matcher import ClauseSpec, compile_all

OVER = "__over__"  # the over-promise patterns' place among the clauses of the trigger index

Triggers = tuple[frozenset[str], re.Pattern[str] | None]


@dataclass(frozen=True)
class Index:
    triggers: dict[str, Triggers]  # clause id (and OVER) -> exact short words, prefix pattern
    spec_lits: dict[str, tuple[str, ...]]  # clause id -> literals one of which every rule needs, or ()
    sale_lits: tuple[str, ...]
    lawful_lits: tuple[str, ...]
    over_lits: tuple[str, ...]
    rights_lits: tuple[str, ...]


def _compile_triggers(words: tuple[str, ...]) -> Triggers:
    exact = frozenset(w for w in words if len(w) <= 3)
    prefixes = sorted((w for w in words if len(w) > 3), key=len, reverse=True)
    return exact, (re.compile("(?:" + "|".join(map(re.escape, prefixes)) + ")") if prefixes else None)


def _spec_literals(spec: ClauseSpec) -> tuple[str, ...]:
    """Strings one of which every rule of the clause needs; () when some rule has no such set."""
    found: set[str] = set()
    for rule in spec.rules:
        lits = necessary_literals(rule.pattern.pattern)
        if not lits:
            return ()
        found |= lits
    return tuple(sorted(found))


def _extra_literals(spec: ClauseSpec, keys: tuple[str, ...]) -> tuple[str, ...]:
    """Like _spec_literals, for the `extra` patterns a custom clause function starts from."""
    found: set[str] = set()
    for key in keys:
        lits = necessary_literals(spec.extra[key].pattern)
        if not lits:
            return ()
        found |= lits
    return tuple(sorted(found))


def _over_literals() -> tuple[str, ...]:
    over = (op.OVER_SECURE, op.OVER_PRIOR, op.OVER_NEVER, op.OVER_EVERYTHING)
    if not all(necessary_literals(r.pattern) for r in over):
        return ()
    return tuple(sorted(set().union(*(necessary_literals(r.pattern) or () for r in over))))


def _build() -> Index:
    literal_cache.warm(literal_cache.cache_dir())
    triggers = {cid: _compile_triggers(spec.triggers) for cid, spec in SPECS.items()}
    triggers[OVER] = _compile_triggers(op.OVER_TRIGGERS)
    return Index(
        triggers=triggers,
        spec_lits={cid: _spec_literals(spec) for cid, spec in SPECS.items()},
        sale_lits=_extra_literals(
            SPECS["sale_or_ad_sharing"],
            ("sale_neg", "sale_pos", "share_all_neg", "mkt_neg", "ad_share", "ad_use"),
        ),
        lawful_lits=_extra_literals(SPECS["lawful_basis"], ("art6", "art9")),
        over_lits=_over_literals(),
        # every right pattern needs one of these strings: most candidate sentences hold none of them
        rights_lits=tuple(
            sorted({lit for r in RIGHT_TYPES.values() for lit in (necessary_literals(r.pattern) or {""})})
        ),
    )


_INDEX: Index | None = None
_LOCK = threading.Lock()


def get_index() -> Index:
    """The index, built by the first call in this process; callers racing that call wait for it."""
    global _INDEX
    built = _INDEX
    if built is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = _build()
            built = _INDEX
    return built


def prepare() -> None:
    """Build the index and compile every pattern now, so the first notice analysed does not wait for them.

    What a check's `prepare` calls while the probes fetch. Idempotent and thread-safe: a second call, or
    one racing the first, returns once the work is done and does none of it again.
    """
    get_index()
    compile_all()
