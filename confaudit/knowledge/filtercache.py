"""adblock-rust engines for the filter lists; the shipped EasyPrivacy one is kept built in the user's cache.

Building an engine from EasyPrivacy's ~50,000 rules costs ~0.3 s of CPU in every process that judges
trackers; adblock-rust's own serialisation reads the built engine back in a fifth of that. The cached
engine is keyed by the adblock package's version, the engine's settings and the SHA-256 of the shipped
list (see ``cache`` for what happens when it does not match, cannot be read or cannot be written). A user's
``--tracker-list`` files are built each time: they are small, and they change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from confaudit.knowledge import cache

FILE_NAME = "easyprivacy.adblock"


def _adblock_version() -> str:
    try:
        from importlib.metadata import version

        return version("adblock")
    except Exception:
        return "unknown"


def build_engine(adblock: Any, text: str) -> Any:
    """The engine as the tracker check matches with it: debug on, so a match names the rule that fired."""
    filters = adblock.FilterSet(debug=True)
    filters.add_filter_list(text)
    return adblock.Engine(filters, optimize=False)


def engine_for(adblock: Any, text: Callable[[], str], cache_key: str | None = None) -> Any:
    """The engine of one list: read back from the cache when ``cache_key`` names it there, else built
    (and, with a key, cached for the next process)."""
    if cache_key is None:
        return build_engine(adblock, text())
    key = f"adblock {_adblock_version()} debug optimize=False {cache_key}"
    data = cache.read(FILE_NAME, key)
    if data is not None:
        try:
            engine = adblock.Engine(adblock.FilterSet(debug=True), optimize=False)
            engine.deserialize(data)
            return engine
        except Exception:  # a blob this adblock cannot read after all: built as if never cached
            pass
    engine = build_engine(adblock, text())
    with contextlib.suppress(Exception):
        cache.write(FILE_NAME, key, bytes(engine.serialize()))
    return engine
