"""One entry-point group as a lazy mapping: names from the installed metadata, objects imported on demand.

The registry (``registry.py``) holds one of these for checks and one for probes. Looking a name up imports
only the entries of that name; listing them all imports every entry, in the order and with the precedence
an eager load had (confaudit's own entries first, each by name; the first registration of an id wins).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from importlib.metadata import Distribution, EntryPoint
from typing import TypeVar

from confaudit.api.check import Check
from confaudit.api.probe import Probe
from confaudit.knowledge.references import UnknownReference

OWN_DIST = "confaudit"  # the distribution whose entries are built in

T = TypeVar("T", Check, Probe)


class Plugins(Mapping[str, T]):
    """One entry-point group as a mapping from check id (or probe name) to the loaded object.

    Looking up one key imports only the entries of that name (confaudit's own first, so a built-in wins
    as it always has); iterating, counting or a key no entry is named after imports every entry, because
    only the loaded object says which id it registers. A plugin that cannot be imported is recorded in
    ``load_errors`` when it is first needed and never takes the tool down.
    """

    def __init__(
        self,
        group: str,
        kind: type[T],
        entries: list[tuple[EntryPoint, str]],
        origins: dict[str, str],
        load_errors: list[str],
    ) -> None:
        self._group = group
        self._kind = kind
        self._entries = [ep for ep, _ in entries]  # confaudit's own first, then plugins, each by name
        self._from = [origin for _, origin in entries]  # "distribution version" of each entry
        self._origins = origins
        self._errors = load_errors
        self._tried: dict[int, T | None] = {}  # entry index -> what it loaded (None: it failed)
        self._objects: dict[str, T] = {}
        self._index: dict[str, int] = {}  # key -> the entry that registered it
        self._complete = False
        self._lock = threading.RLock()

    def _key(self, obj: T) -> str:
        return obj.id if isinstance(obj, Check) else obj.name

    def _try(self, index: int) -> T | None:
        if index in self._tried:
            return self._tried[index]
        ep = self._entries[index]
        obj: T | None = None
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not take the tool down
            if isinstance(exc, UnknownReference) and self._from[index].split(" ")[0].lower() == OWN_DIST:
                raise  # a built-in rule citing an unknown reference is a bug: fail loudly
            self._errors.append(f"{self._group} {ep.name}: {type(exc).__name__}: {exc}")
        else:
            if isinstance(loaded, self._kind):
                obj = loaded
            else:
                self._errors.append(f"{self._group} {ep.name}: not a {self._kind.__name__}")
        self._tried[index] = obj
        return obj

    def _register(self, index: int, obj: T, objects: dict[str, T], positions: dict[str, int]) -> None:
        key = self._key(obj)
        if key in objects:
            return  # the first (built-in) registration wins
        objects[key] = obj
        positions[key] = index
        self._origins[f"{self._kind.__name__.lower()}:{key}"] = self._from[index]

    def _load_all(self) -> None:
        """Every entry, registered in entry order, exactly as an eager load registers them."""
        with self._lock:
            if self._complete:
                return
            objects: dict[str, T] = {}
            positions: dict[str, int] = {}
            for index in range(len(self._entries)):
                obj = self._try(index)
                if obj is not None:
                    self._register(index, obj, objects, positions)
            self._objects, self._index = objects, positions  # readers see the old or the whole new map
            self._complete = True

    def __getitem__(self, key: str) -> T:
        found = self._objects.get(key)
        if found is not None:
            return found
        with self._lock:  # a batch's threads may ask at once: each entry is imported and registered once
            if key not in self._objects and not self._complete:
                for index, ep in enumerate(self._entries):
                    if ep.name == key and (obj := self._try(index)) is not None and self._key(obj) == key:
                        self._register(index, obj, self._objects, self._index)
                        return self._objects[key]
                self._load_all()  # an entry may be named unlike the id it registers
            return self._objects[key]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return iter(self._objects)

    def __len__(self) -> int:
        self._load_all()
        return len(self._objects)

    def names(self) -> list[str]:
        """The entry-point names, read from metadata without importing anything."""
        return list(dict.fromkeys(ep.name for ep in self._entries))

    def position(self, key: str) -> int:
        """Where the entry that registered ``key`` stands (own entries first, each by name)."""
        return self._index[key]


def dist_label(dist: Distribution | None, labels: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """A distribution's name and version, read once per distribution from its metadata's header lines.

    ``Distribution.name`` parses the whole metadata file (README included) as an e-mail message on every
    call; the header lines are all that is needed.
    """
    if dist is None:
        return "", ""
    if id(dist) not in labels:
        fields: dict[str, str] = {}
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
        for line in text.splitlines():
            if not line.strip():
                break  # the headers end at the first blank line
            key, sep, value = line.partition(":")
            if sep and key in ("Name", "Version") and key not in fields:
                fields[key] = value.strip()
        if "Name" not in fields or "Version" not in fields:
            fields = {"Name": dist.name, "Version": dist.version}  # an odd layout: the library's parser
        labels[id(dist)] = (fields["Name"], fields["Version"])
    return labels[id(dist)]
