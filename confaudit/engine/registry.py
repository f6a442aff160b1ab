"""Finds checks and probes through entry points; the built-ins are registered the same way.

``CONFAUDIT_DISABLE_PLUGIN_AUTOLOAD=1`` keeps to confaudit's own entries, for reproducible runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points

from confaudit.api.check import Check
from confaudit.api.probe import Probe
from confaudit.knowledge.references import UnknownReference
from confaudit.model import Rule
from confaudit.model.options import UsageError

CHECK_GROUP = "confaudit.checks"
PROBE_GROUP = "confaudit.probes"
OWN_DIST = "confaudit"


@dataclass
class Registry:
    checks: dict[str, Check] = field(default_factory=dict)
    probes: dict[str, Probe] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    load_errors: list[str] = field(default_factory=list)

    def select(self, names: list[str] | None) -> list[Check]:
        if not names:
            return list(self.checks.values())
        unknown = [n for n in names if n not in self.checks]
        if unknown:
            raise UsageError(f"unknown check(s): {', '.join(unknown)} (known: {', '.join(self.checks)})")
        return [self.checks[n] for n in names]

    def evidence_types(self) -> dict[str, type | None]:
        """Each probe's evidence type, to read a saved bundle's parts back as what the checks saw."""
        return {name: probe.evidence_type for name, probe in self.probes.items()}

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


def _own(ep: EntryPoint) -> bool:
    dist = getattr(ep, "dist", None)
    return dist is not None and dist.name.lower() == OWN_DIST


def load(autoload_plugins: bool | None = None) -> Registry:
    if autoload_plugins is None:
        autoload_plugins = os.environ.get("CONFAUDIT_DISABLE_PLUGIN_AUTOLOAD", "") not in ("1", "true", "yes")
    reg = Registry()
    for group, kind, target in ((PROBE_GROUP, Probe, reg.probes), (CHECK_GROUP, Check, reg.checks)):
        eps = sorted(entry_points(group=group), key=lambda e: (not _own(e), e.name))
        for ep in eps:
            if not autoload_plugins and not _own(ep):
                continue
            try:
                obj = ep.load()
            except Exception as exc:  # a broken plugin must not take the tool down
                if isinstance(exc, UnknownReference) and _own(ep):
                    raise  # a built-in rule citing an unknown reference is a bug: fail loudly
                reg.load_errors.append(f"{group} {ep.name}: {type(exc).__name__}: {exc}")
                continue
            if not isinstance(obj, kind):
                reg.load_errors.append(f"{group} {ep.name}: not a {kind.__name__}")
                continue
            key = obj.id if isinstance(obj, Check) else obj.name
            if key in target:
                continue  # the first (built-in) registration wins
            target[key] = obj  # type: ignore[index]
            dist = getattr(ep, "dist", None)
            reg.origins[f"{kind.__name__.lower()}:{key}"] = (
                f"{dist.name} {dist.version}" if dist else "unknown"
            )
    return reg


def known_rules(registry: Registry | None = None) -> dict[str, Rule]:
    """Rule metadata of the installed checks, for outputs that describe rules (SARIF)."""
    registry = registry or load()
    return {rule.id: rule for check in registry.checks.values() for rule in check.rules}
