"""The patterns' literal analysis, kept in the user's cache directory from one run to the next.

Working out each pattern's necessary literals (literals.py: `re`'s own parser over ~950 patterns and
branches) is about 40% of preparing the detector: ~170 of ~420 ms CPU per process, measured. The answers
depend only on the pattern strings, the code that splits and analyses them and Python's regex parser,
so one file keyed on those (and on confaudit's version) replaces that work after the first run. The
other 60%, compiling, cannot be kept: `re` rebuilds a pattern from its source when unpickled.

A file that is missing, unreadable, malformed or written for another key is ignored and replaced; a
directory that cannot be written means no cache, never an error. `CONFAUDIT_CACHE_DIR` moves the
directory (the tests point it at a temporary one); set but empty, it turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from . import literals, matcher

ENV = "CONFAUDIT_CACHE_DIR"
FILENAME = "policy-literals.json"
FORMAT = 1  # of the file; bump when its layout changes


def cache_dir() -> Path | None:
    """`$CONFAUDIT_CACHE_DIR` if set (empty: no cache), else confaudit's folder in the user's cache."""
    env = os.environ.get(ENV)
    if env is not None:
        return Path(env).expanduser() if env else None
    from platformdirs import user_cache_path

    return user_cache_path("confaudit", appauthor=False)


def cache_key(patterns: list[str]) -> str | None:
    """What the answers depend on; None when the analysing code cannot be read (then no cache)."""
    from confaudit import __version__

    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for module in (literals, matcher):  # the analysis, and the branch splitting that picks what it analyses
        try:
            h.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            return None
    for pattern in patterns:
        h.update(pattern.encode())
        h.update(b"\0")
    return h.hexdigest()


def warm(directory: Path | None) -> bool:
    """Put the answers for every pattern made so far into `literals.MEMO`; True when read from the file.

    Without a usable directory nothing is done here, and each pattern is analysed when first used.
    """
    if directory is None:
        return False
    key = cache_key(matcher.patterns_made())
    if key is None:
        return False
    path = directory / FILENAME
    if _load(path, key):
        return True
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    if not os.access(directory, os.W_OK):
        return False  # analysing everything now would be wasted: leave it to first use
    answers: dict[str, list[str] | None] = {}
    for source in matcher.pattern_sources():
        lits = literals.necessary_literals(source)
        answers[source] = sorted(lits) if lits is not None else None
    _save(path, {"key": key, "literals": answers})
    return False


def _load(path: Path, key: str) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("literals"), dict):
        return False
    loaded: dict[str, frozenset[str] | None] = {}
    for source, lits in data["literals"].items():
        if lits is None:
            loaded[source] = None
        elif isinstance(lits, list) and lits and all(isinstance(x, str) and len(x) >= 2 for x in lits):
            loaded[source] = frozenset(lits)
        else:
            return False  # not something literals.analyse returns: the file is damaged
    literals.MEMO.update(loaded)
    return True


def _save(path: Path, data: dict[str, object]) -> None:
    """Write beside the file and rename over it, so a reader never sees half a file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".policy-literals-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
