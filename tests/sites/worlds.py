"""The loopback worlds the suite audits, each started once, and the scenarios: one distinct audit each.

A scenario runs at most once per test session (``Worlds.live`` caches it); tests get a deep copy, so one that
edits a result or its evidence cannot change what the next test sees. ``make fixtures`` records the evidence
of every recorded scenario into ``tests/evidence/``, where the check tests judge it without a server.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confaudit.demo.server import Request, Site
from confaudit.engine.audit import AuditRun
from confaudit.model import Evidence
from tests.sites import claims, tls
from tests.sites.batch import batch_sites
from tests.sites.headers import headers_world
from tests.sites.policy import policy_world
from tests.sites.served import Served, start_served
from tests.sites.trackers import trackers_world


@dataclass(frozen=True)
class Scenario:
    """One audit: which world serves it, the URL, and the options beside the world's own."""

    name: str
    world: str
    url: str
    options: dict[str, Any] = field(default_factory=dict, hash=False)
    recorded: bool = True  # False: needed live by an end-to-end test, not judged from a recording


@dataclass
class Live:
    """A scenario's outcome: the evidence, the audit run (none for the TLS lab's bare probes), and what
    every site of the world received during this audit only."""

    scenario: Scenario
    evidence: Evidence
    run: AuditRun | None
    logs: dict[str, list[Request]]


HEADERS = {"checks": ["headers"], "browser": "never"}
TRACKERS = {"checks": ["trackers"]}
POLICY = {"checks": ["policy"], "browser": "never"}


def _scenarios() -> list[Scenario]:
    out = [
        Scenario("headers-secure", "headers", "https://secure.example/", HEADERS),
        Scenario("headers-insecure", "headers", "https://insecure.example/", HEADERS),
        Scenario("headers-soft", "headers", "https://soft.example/", HEADERS),
        Scenario("headers-meta", "headers", "http://meta.example/", HEADERS),
        # every check and probe, as a user's first audit runs: the model and schema tests read these
        Scenario("full-secure", "headers", "https://secure.example/", {}, recorded=False),
        Scenario("full-insecure", "headers", "https://insecure.example/", {}, recorded=False),
        Scenario("headers-tls-insecure", "headers", "https://insecure.example/",
                 {"checks": ["headers", "tls"], "browser": "never"}, recorded=False),
        Scenario("trackers-leaky-static", "trackers", "https://leafyclinic.example/", TRACKERS | {"browser": "never"}),
        Scenario("trackers-clean-static", "trackers", "https://quietclinic.example/", TRACKERS | {"browser": "never"}),
        Scenario("trackers-leaky-browser", "trackers", "https://leafyclinic.example/", TRACKERS | {"browser": "always"}),
        Scenario("trackers-clean-browser", "trackers", "https://quietclinic.example/", TRACKERS | {"browser": "always"}),
        Scenario("trackers-canary-browser", "trackers", "https://canarylab.example/", TRACKERS | {"browser": "always"}),
        Scenario("trackers-listed", "trackers", "https://listed.example/", TRACKERS | {"browser": "never"}),
    ]  # fmt: skip
    for host in ("truecare", "leakycare", "edgecare", "quietcare"):
        out.append(Scenario(f"claims-{host}", "claims", f"https://{host}.co.uk/",
                            {"checks": ["residency", "promises"], "geoip": True}))  # fmt: skip
    for host in ("truecare", "leakycare"):
        out.append(
            Scenario(f"claims-{host}-nogeo", "claims", f"https://{host}.co.uk/", {"checks": ["residency"]})
        )
    for host in ("good", "none", "pdf", "brokenpdf", "split", "fr", "hostile"):
        out.append(Scenario(f"policy-{host}", "policy", f"https://{host}.example/", POLICY))
    for name in tls.NGINX_SERVERS:
        out.append(Scenario(f"tls-{name}", "tls", f"https://{name}.test/"))
    return out


SCENARIOS: dict[str, Scenario] = {s.name: s for s in _scenarios()}


@dataclass
class ClaimsWorld:
    """Providers on 127.0.0.2/3 and vendors on 127.0.0.1, with a location database placing the addresses."""

    lab: claims.Lab
    geoip_db: str

    def audit(self, url: str, *, geoip: bool = False, **kw: Any) -> AuditRun:
        return self.lab.audit(url, geoip_db=[self.geoip_db] if geoip else [], **kw)


class Worlds:
    """Starts each world the first time a test asks for it; stops them all at ``close``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._stack = contextlib.ExitStack()
        self._worlds: dict[str, Any] = {}
        self._live: dict[str, Live] = {}

    def world(self, name: str) -> Any:
        if name not in self._worlds:
            self._worlds[name] = self._start(name)
        return self._worlds[name]

    def _start(self, name: str) -> Any:
        where = self.directory / name
        starters: dict[str, Callable[[], Any]] = {
            "headers": lambda: self._served(where, headers_world()),
            "trackers": lambda: self._served(where, trackers_world()),
            "policy": lambda: self._served(where, policy_world()),
            "batch": lambda: self._served(where, batch_sites()),
            "claims": lambda: self._claims(where),
            "tls": lambda: self._stack.enter_context(tls.lab(where, tls.NGINX_SERVERS)),
        }
        return starters[name]()

    def _served(self, where: Path, sites: list[Site]) -> Served:
        served = start_served(where, *sites)
        self._stack.callback(served.stop)
        return served

    def _claims(self, where: Path) -> ClaimsWorld:
        where.mkdir(parents=True, exist_ok=True)
        db = claims.build_mmdb(where / "test-geo.mmdb", claims.MMDB)
        the_lab = self._stack.enter_context(claims.lab(where, claims.SITES))
        return ClaimsWorld(the_lab, str(db))

    def sites(self, name: str) -> list[Site]:
        world = self.world(name)
        if isinstance(world, Served):
            return list(world.server.sites.values())
        if isinstance(world, ClaimsWorld):
            return [s for server in world.lab.servers.values() for s in server.sites.values()]
        return []

    def live(self, name: str) -> Live:
        """The scenario's outcome, audited the first time it is asked for; always a fresh copy."""
        if name not in self._live:
            # in a thread of its own: the caller's thread may own a running event loop (Playwright's)
            with ThreadPoolExecutor(1) as pool:
                self._live[name] = pool.submit(self._run, SCENARIOS[name]).result()
        return copy.deepcopy(self._live[name])

    def _run(self, scenario: Scenario) -> Live:
        world = self.world(scenario.world)
        sites = self.sites(scenario.world)
        for site in sites:
            site.log.clear()
        run: AuditRun | None = None
        if scenario.world == "tls":
            server = world[scenario.name.removeprefix("tls-")]
            evidence = asyncio.run(tls.collect(tls.options_for(world, server), server.url))
        else:
            run = world.audit(scenario.url, **scenario.options)
            evidence = run.evidence
        logs = {s.host: list(s.log) for s in sites}
        return Live(scenario, evidence, run, logs)

    def close(self) -> None:
        self._stack.close()
