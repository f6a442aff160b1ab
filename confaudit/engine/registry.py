"""Finds checks and probes through entry points; the built-ins are registered the same way.

Entry-point names are read from the installed metadata without importing anything; a check or probe is
imported the first time it is asked for, so ``audit --checks tls`` imports the tls check and the probes it
needs, not every check with its pattern tables and every probe with its client library. Listing every
check (``confaudit checks``, a default audit) imports them all, in the same order as an eager load would.

``CONFAUDIT_DISABLE_PLUGIN_AUTOLOAD=1`` keeps to confaudit's own entries, for reproducible runs.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points

from confaudit.api.check import Check
from confaudit.api.probe import Probe
from confaudit.engine.plugins import OWN_DIST, Plugins, dist_label
from confaudit.model import Rule
from confaudit.model.options import UsageError

CHECK_GROUP = "confaudit.checks"
PROBE_GROUP = "confaudit.probes"


@dataclass
class Registry:
    checks: Mapping[str, Check] = field(default_factory=dict)
    probes: Mapping[str, Probe] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    load_errors: list[str] = field(default_factory=list)

    def select(self, names: list[str] | None) -> list[Check]:
        if not names:
            return list(self.checks.values())
        unknown = [n for n in names if n not in self.checks]
        if unknown:
            raise UsageError(f"unknown check(s): {', '.join(unknown)} (known: {', '.join(self.checks)})")
        return [self.checks[n] for n in names]

    def evidence_types(self) -> Mapping[str, type | None]:
        """Each probe's evidence type, to read a saved bundle's parts back as what the checks saw; a probe
        is imported only when a part of its name is read."""
        return _EvidenceTypes(self.probes)

    def plan(self, checks: list[Check]) -> list[str]:
        """The probes the selected checks need, with what those probes need first."""
        order: list[str] = []

        def add(name: str, chain: tuple[str, ...]) -> None:
            if name in order:
                return
            if name in chain:
                raise UsageError(f"probe dependency cycle: {' -> '.join((*chain, name))}")
            probe = self.probes.get(name)
            if probe is None:
                raise UsageError(f"no probe named {name!r} is installed (needed by a selected check)")
            for dep in probe.after:
                add(dep, (*chain, name))
            order.append(name)

        for check in checks:
            for need in check.needs:
                add(need, ())
            for want in check.wants:
                if want in self.probes:  # an optional probe that is not installed is simply not run
                    add(want, ())
        return order

    def origins_of(self, checks: list[Check], plan: list[str]) -> dict[str, str]:
        """Where the checks run and the probes planned came from: probes first, each in entry order."""
        keys = [f"probe:{name}" for name in _ordered(self.probes, plan)]
        keys += [f"check:{name}" for name in _ordered(self.checks, [c.id for c in checks])]
        return {key: self.origins[key] for key in keys if key in self.origins}

    def preload(self, plan: list[str]) -> None:
        """Start each planned probe's ``preload`` in a thread of its own, once per process."""
        for name in plan:
            probe = self.probes.get(name)
            if probe is not None and probe.preload is not None:
                _start_preload(probe.preload)

    def with_probe(self, name: str, wrap: Callable[[Probe], Probe]) -> Registry:
        """The same registry with one probe replaced by ``wrap(probe)`` when it is first asked for."""
        return Registry(self.checks, _Wrapped(self.probes, name, wrap), self.origins, self.load_errors)


class _Wrapped(Mapping[str, Probe]):
    """A probe mapping with one entry wrapped, loading nothing until asked (see ``Registry.with_probe``)."""

    def __init__(self, inner: Mapping[str, Probe], name: str, wrap: Callable[[Probe], Probe]) -> None:
        self.inner, self._name, self._wrap = inner, name, wrap
        self._wrapped: Probe | None = None

    def __getitem__(self, key: str) -> Probe:
        if key != self._name:
            return self.inner[key]
        if self._wrapped is None:
            self._wrapped = self._wrap(self.inner[key])
        return self._wrapped

    def __contains__(self, key: object) -> bool:
        return key in self.inner

    def __iter__(self) -> Iterator[str]:
        return iter(self.inner)

    def __len__(self) -> int:
        return len(self.inner)


_PRELOADS: set[Callable[[], None]] = set()
_PRELOADS_LOCK = threading.Lock()


def _start_preload(preload: Callable[[], None]) -> None:
    """Run ``preload`` in a daemon thread unless it ran already; a failure is left for the probe to meet."""
    with _PRELOADS_LOCK:
        if preload in _PRELOADS:
            return
        _PRELOADS.add(preload)

    def run() -> None:
        with contextlib.suppress(Exception):
            preload()

    threading.Thread(target=run, name="confaudit-preload", daemon=True).start()


class _EvidenceTypes(Mapping[str, "type | None"]):
    def __init__(self, probes: Mapping[str, Probe]) -> None:
        self._probes = probes

    def __getitem__(self, key: str) -> type | None:
        return self._probes[key].evidence_type

    def __iter__(self) -> Iterator[str]:
        return iter(self._probes)

    def __len__(self) -> int:
        return len(self._probes)


def _ordered(plugins: Mapping[str, object], names: list[str]) -> list[str]:
    """``names`` in the order their entries were found (a plain mapping: its own order)."""
    if isinstance(plugins, _Wrapped):
        plugins = plugins.inner
    if isinstance(plugins, Plugins):
        return sorted(set(names), key=plugins.position)
    order = {name: i for i, name in enumerate(plugins)}
    return sorted(set(names), key=lambda n: order.get(n, len(order)))


def load(autoload_plugins: bool | None = None) -> Registry:
    """The registry of the installed checks and probes; nothing is imported until it is asked for."""
    if autoload_plugins is None:
        autoload_plugins = os.environ.get("CONFAUDIT_DISABLE_PLUGIN_AUTOLOAD", "") not in ("1", "true", "yes")
    every = entry_points()  # one scan of the installed metadata for both groups
    labels: dict[int, tuple[str, str]] = {}

    def entries(group: str) -> list[tuple[EntryPoint, str]]:
        """The group's entries, confaudit's own first, each with where it comes from ("name version")."""
        found = []
        for ep in every.select(group=group):
            name, version = dist_label(getattr(ep, "dist", None), labels)
            own = name.lower() == OWN_DIST
            if autoload_plugins or own:
                found.append((not own, ep.name, ep, f"{name} {version}" if name else "unknown"))
        return [(ep, origin) for _, _, ep, origin in sorted(found, key=lambda f: (f[0], f[1]))]

    reg = Registry()
    reg.probes = Plugins(PROBE_GROUP, Probe, entries(PROBE_GROUP), reg.origins, reg.load_errors)
    reg.checks = Plugins(CHECK_GROUP, Check, entries(CHECK_GROUP), reg.origins, reg.load_errors)
    return reg


def known_rules(registry: Registry | None = None) -> dict[str, Rule]:
    """Rule metadata of the installed checks, for outputs that describe rules (SARIF)."""
    registry = registry or load()
    return {rule.id: rule for check in registry.checks.values() for rule in check.rules}
