"""What a probe is: a named, versioned coroutine that collects one kind of evidence with the audit's client.

Probes are found through the ``confaudit.probes`` entry-point group like checks, so a plugin can bring the
evidence its check needs and declare it in the check's ``needs``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from confaudit.model import Evidence, Target
from confaudit.model.options import AuditOptions, HostMap

if TYPE_CHECKING:  # the client is handed in by the engine; a check importing this API never loads it
    from confaudit.net.client import Net


@dataclass
class ProbeContext:
    target: Target
    options: AuditOptions
    hostmap: HostMap
    net: Net
    evidence: Evidence


@dataclass
class Probe:
    name: str
    version: str
    run: Callable[[ProbeContext], Awaitable[Any]]
    evidence_type: type | None = None
    after: tuple[str, ...] = ()
    description: str = ""
    # imports, once per process, what ``run`` needs (a heavy client library); the engine starts it in a
    # thread as soon as the probe is planned, so the probe's first run does not begin by waiting for it
    preload: Callable[[], None] | None = None
