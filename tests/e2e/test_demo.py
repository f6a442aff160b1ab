"""The bundled demo providers audited as they ship: the leaky one's broken promises are caught."""

from __future__ import annotations

from pathlib import Path


def test_demo_providers_promises_are_caught(tmp_path: Path) -> None:
    """The demo's leaky provider ("stored only in the UK", "never shared with advertisers") is caught; the
    careful one's UK claim is honestly unverifiable, since the demo's loopback addresses have no country."""
    import asyncio

    from confaudit.demo.ca import make_ca
    from confaudit.demo.run import demo_sites
    from confaudit.demo.server import LoopbackSites
    from confaudit.engine.audit import audit
    from confaudit.model import Target
    from confaudit.model.options import AuditOptions

    sites, providers = demo_sites()
    ca = make_ca(tmp_path, [s.host for s in sites])
    verdicts: dict[str, dict[str, str]] = {}
    with LoopbackSites(sites, str(ca.cert_file), str(ca.key_file)) as server:
        for p in providers[:2]:
            options = AuditOptions(
                checks=["residency", "promises"],
                browser="never",
                connect_to=server.connect_to(),
                only_resolved=True,
                ca_file=str(ca.ca_file),
            )
            run = asyncio.run(audit(Target(p.url, p.name), options))
            verdicts[p.slug] = {f.rule: f.status.value for c in run.result.checks for f in c.findings}
    leaky, careful = verdicts["mindspring"], verdicts["calmharbour"]
    assert leaky["residency/claim-contradicted"] == "fail"
    assert leaky["promises/ad-sharing-denial-contradicted"] == "fail"
    assert leaky["promises/cookies-undisclosed"] == "fail"
    assert careful["residency/claim-unverifiable"] == "info"
    assert careful["residency/claim-contradicted"] == "pass"
    assert careful["promises/ad-sharing-denial-contradicted"] == "pass"
