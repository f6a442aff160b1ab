"""Fixtures: real HTTP/HTTPS servers on 127.0.0.1 under made-up host names, with a test CA.

Every audit in the tests runs with ``--connect-to`` (or ``--resolve``), ``--ca-file`` and
``--only-resolved``: nothing is sent anywhere but loopback.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from confaudit.demo.ca import LocalCA, make_ca
from confaudit.demo.server import LoopbackSites, Reply, Site
from confaudit.engine.audit import AuditRun, audit, check_target_url
from confaudit.model.options import AuditOptions

REPO = Path(__file__).resolve().parent.parent


def html(body: str, title: str = "Test page", head: str = "") -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()


def page(
    body: str, title: str = "Test page", head: str = "", headers: list[tuple[str, str]] | None = None
) -> Reply:
    return Reply(
        200, [("Content-Type", "text/html; charset=utf-8"), *(headers or [])], html(body, title, head)
    )


@dataclass
class Served:
    server: LoopbackSites
    ca: LocalCA

    def options(self, **kw: object) -> AuditOptions:
        base: dict[str, object] = {
            "connect_to": self.server.connect_to(),
            "only_resolved": True,
            "ca_file": str(self.ca.ca_file),
            "timeout": 5.0,
            "budget": 60.0,
        }
        base.update(kw)
        return AuditOptions(**base)  # type: ignore[arg-type]

    def cli_args(self) -> list[str]:
        args = ["--only-resolved", "--ca-file", str(self.ca.ca_file)]
        for spec in self.server.connect_to():
            args += ["--connect-to", spec]
        return args

    def audit(self, url: str, **kw: object) -> AuditRun:
        return asyncio.run(audit(check_target_url(url), self.options(**kw)))


@pytest.fixture(autouse=True, scope="session")
def _isolated_history(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Audits record history by default; keep the suite's out of the user's data directory."""
    os.environ["CONFAUDIT_STORE"] = str(tmp_path_factory.mktemp("store") / "history.sqlite")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The policy detector keeps its pattern analysis between runs; keep the suite's out of the user's cache."""
    os.environ["CONFAUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start loopback sites: ``serve(site, site, ...)``; stopped after the test."""
    started: list[LoopbackSites] = []

    def start(*sites: Site, extra_hosts: tuple[str, ...] = ()) -> Served:
        ca = make_ca(tmp_path / f"ca{len(started)}", [s.host for s in sites] + list(extra_hosts))
        server = LoopbackSites(list(sites), str(ca.cert_file), str(ca.key_file)).start()
        started.append(server)
        return Served(server, ca)

    yield start
    for server in started:
        server.stop()


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``confaudit`` command as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "confaudit.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=str(REPO),
    )
