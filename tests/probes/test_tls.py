"""The TLS probe against real servers on loopback (nginx-light and openssl s_server, ``tests/sites/tls.py``).

Every server stands in for ``<name>.test`` through ``--connect-to``. The lab starts once per session; each
server's evidence is collected once (a scenario of ``tests/sites/worlds.py``) and shared with the recording
test. The check's verdicts on that evidence are in ``tests/checks/tls``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from confaudit_checks.tls import CHECK

from confaudit.api.check import Check
from confaudit.model import CheckStatus, FindingStatus, Target
from confaudit.model.options import AuditOptions
from confaudit.model.tls import TlsEvidence
from confaudit.probes import crawl as crawl_probe
from confaudit.probes import tls as tls_probe
from tests.sites import tls as tlsservers
from tests.sites.tls import collect, options_for

pytestmark = [
    pytest.mark.skipif(not tlsservers.nginx_available(), reason="nginx (nginx-light) is not installed"),
    pytest.mark.xdist_group("tls"),  # with the recording test's TLS scenarios
]

FAIL, WARN = FindingStatus.FAIL, FindingStatus.WARN


@pytest.fixture
def lab(worlds) -> tlsservers.Lab:
    """The session's TLS lab (every nginx server of ``NGINX_SERVERS``)."""
    return worlds.world("tls")


def test_evidence_facts(worlds) -> None:
    def tls_of(name: str) -> TlsEvidence:
        return worlds.live(f"tls-{name}").evidence.parts["tls"]

    modern = tls_of("modern")
    assert modern.accepted_protocols == ["TLS 1.3"]
    assert modern.port != 443  # --connect-to moved the port, the host name stayed for SNI and validation
    assert modern.certificates[0].leaf.key_type == "EC"
    assert modern.certificates[0].issuer_trusted_by == ["custom CA file"]
    legacy = tls_of("legacy")
    assert "TLS_RSA_WITH_NULL_SHA" in {s.name for _, s in legacy.suites("TLS 1.0")}
    assert legacy.certificates[0].leaf.key_size == 1024
    mismatch = tls_of("mismatch")
    # sslyze rejects the chain only for the name; the probe keeps the issuer trusted so it is not "untrusted"
    assert not mismatch.certificates[0].trusted and mismatch.certificates[0].issuer_trusted
    assert not mismatch.certificates[0].hostname_matches


def test_only_resolved_never_resolves() -> None:
    """An unmapped host under --only-resolved is reported unavailable without any DNS query."""
    options = AuditOptions(only_resolved=True, allow_private=True, timeout=2)
    evidence = asyncio.run(collect(options, "https://unmapped.invalid/", probes=("tls",)))
    tls = evidence.parts["tls"]
    assert not tls.available and "--only-resolved" in (tls.unavailable_reason or "")


def test_audit_of_unreachable_https_does_not_fail(lab: tlsservers.Lab) -> None:
    """Through the engine: a server without HTTPS yields findings, not an error."""
    from confaudit.engine.audit import audit as run_audit
    from confaudit.engine.registry import Registry

    registry = Registry(checks={"tls": CHECK}, probes={"crawl": crawl_probe.PROBE, "tls": tls_probe.PROBE})
    server = lab["nohttps"]
    options = options_for(lab, server, checks=["tls"])
    run = asyncio.run(run_audit(Target(f"http://{server.host}/"), options, registry=registry))
    tls_result = run.result.checks[0]
    assert isinstance(CHECK, Check) and tls_result.status == CheckStatus.OK, (
        tls_result.reason,
        run.result.error,
    )
    statuses = {f.rule: f.status for f in tls_result.findings}
    assert statuses["tls/https-unavailable"] == FAIL
    assert {p.name: p.status for p in run.result.probes}["tls"] == CheckStatus.OK


@pytest.mark.slow
def test_client_renegotiation_with_s_server(tmp_path: Path) -> None:
    """openssl s_server honours client-initiated renegotiation (nginx never does); slow: sslyze renegotiates
    ten times and s_server answers each after about a second."""
    with tlsservers.lab(tmp_path, ("reneg",)) as running:
        server = running["reneg"]
        evidence = asyncio.run(collect(options_for(running, server), server.url, probes=("tls",)))
    tls = evidence.parts["tls"]
    assert tls.secure_renegotiation is True and tls.client_renegotiation is True, tls.errors
    result = CHECK.run(evidence, None)
    statuses = {f.rule: f.status for f in result.findings}
    assert statuses["tls/insecure-renegotiation"] == WARN
