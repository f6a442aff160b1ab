"""Loopback sites under made-up host names with a test CA, and the ways tests audit them.

Every audit runs with ``--connect-to`` (or ``--resolve``), ``--ca-file`` and ``--only-resolved``: nothing is
sent anywhere but loopback.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from confaudit.demo.ca import LocalCA, make_ca
from confaudit.demo.server import LoopbackSites, Site
from confaudit.engine.audit import AuditRun, audit, check_target_url
from confaudit.model.options import AuditOptions

REPO = Path(__file__).resolve().parent.parent.parent


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

    def stop(self) -> None:
        self.server.stop()


def start_served(directory: Path, *sites: Site, extra_hosts: tuple[str, ...] = ()) -> Served:
    """Serve ``sites`` on 127.0.0.1 under one certificate from a CA made in ``directory``."""
    ca = make_ca(directory, [s.host for s in sites] + list(extra_hosts))
    server = LoopbackSites(list(sites), str(ca.cert_file), str(ca.key_file)).start()
    return Served(server, ca)


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
