"""The residency check on real loopback sites: each verdict on the right site and on no other.

Providers sit on 127.0.0.2 and 127.0.0.3; a MaxMind-format database built here (``--geoip-db``) says 127.0.0.2 is
in the UK and 127.0.0.3 is a Cloudflare address in the US. Vendor stand-ins (Meta, Google) sit on 127.0.0.1
under their real host names. Every audit runs with ``--only-resolved``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from confaudit.engine.audit import AuditRun
from confaudit.model import CheckResult, FindingStatus
from tests.claimsites import MMDB, SITES, Lab, build_mmdb, lab, loopback_ok

pytestmark = pytest.mark.skipif(not loopback_ok("127.0.0.3"), reason="cannot bind 127.0.0.2/3 here")

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
VERDICTS = (
    "residency/claim-contradicted",
    "residency/claim-inconsistent",
    "residency/claim-consistent",
    "residency/claim-unverifiable",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Lab, str]]:
    tmp = tmp_path_factory.mktemp("residency")
    db = build_mmdb(tmp / "test-geo.mmdb", MMDB)
    with lab(tmp, SITES) as the_lab:
        yield the_lab, str(db)


@pytest.fixture(scope="module")
def runs(world: tuple[Lab, str]) -> dict[str, AuditRun]:
    the_lab, db = world
    out = {}
    for host in ("truecare.co.uk", "leakycare.co.uk", "edgecare.co.uk", "quietcare.co.uk"):
        out[host] = the_lab.audit(f"https://{host}/", checks=["residency"], geoip_db=[db])
    return out


def residency(run: AuditRun) -> CheckResult:
    return next(c for c in run.result.checks if c.check == "residency")


def reached(run: AuditRun) -> set[str]:
    return {c["verdict"] for c in residency(run).data["claims"]}


def finding(run: AuditRun, rule: str):  # type: ignore[no-untyped-def]
    return next(f for f in residency(run).findings if f.rule == rule)


def test_each_verdict_on_the_right_site_and_no_other(runs: dict[str, AuditRun]) -> None:
    expected = {
        "truecare.co.uk": {"residency/claim-consistent"},
        "leakycare.co.uk": {"residency/claim-contradicted"},
        "edgecare.co.uk": {"residency/claim-inconsistent"},
        "quietcare.co.uk": set(),
    }
    for host, verdicts in expected.items():
        assert residency(runs[host]).status.value == "ok", residency(runs[host]).reason
        assert reached(runs[host]) == verdicts, host
    assert finding(runs["quietcare.co.uk"], "residency/no-claim").status == FindingStatus.INFO
    for host in ("truecare.co.uk", "leakycare.co.uk", "edgecare.co.uk"):
        assert finding(runs[host], "residency/no-claim").status == FindingStatus.PASS


def test_statuses_follow_the_verdict(runs: dict[str, AuditRun]) -> None:
    contra = finding(runs["leakycare.co.uk"], "residency/claim-contradicted")
    assert contra.status == FindingStatus.FAIL and contra.severity.value == "high"
    assert "Meta" in contra.summary and "the United States" in contra.summary
    assert "UK" in contra.summary
    edge = finding(runs["edgecare.co.uk"], "residency/claim-inconsistent")
    assert edge.status == FindingStatus.WARN
    assert any("Cloudflare" in e.text and "edge" in e.text for e in edge.evidence)
    assert finding(runs["edgecare.co.uk"], "residency/claim-contradicted").status == FindingStatus.PASS
    ok = finding(runs["truecare.co.uk"], "residency/claim-consistent")
    assert ok.status == FindingStatus.PASS and "not verification" in ok.summary
    assert "verified" not in " ".join(
        f.summary for r in runs.values() for f in residency(r).findings
    ).replace("not verification", "")


def test_every_verdict_shows_evidence_and_database_date(runs: dict[str, AuditRun]) -> None:
    for host, run in runs.items():
        for f in residency(run).findings:
            assert f.evidence, (host, f.rule)
            sources = [e for e in f.evidence if e.kind == "source"]
            if f.rule == "residency/no-claim" and f.status == FindingStatus.PASS:
                assert any(e.kind == "quote" for e in f.evidence)
            assert sources, (host, f.rule)
            assert any("test-geo.mmdb" in d and DATE.search(d) for d in sources[0].data["databases"])
            assert any("iptocc" in d and DATE.search(d) for d in sources[0].data["databases"])
            assert DATE.search(f.summary), (host, f.rule, f.summary)
    claim = next(f for f in residency(runs["leakycare.co.uk"]).findings if f.status == FindingStatus.FAIL)
    assert any(e.kind == "quote" and "United Kingdom" in e.text for e in claim.evidence)
    assert any(e.kind == "recipient" and e.data.get("country") == "US" for e in claim.evidence)


def test_consistent_cites_the_located_origin(runs: dict[str, AuditRun]) -> None:
    f = finding(runs["truecare.co.uk"], "residency/claim-consistent")
    addr = [e for e in f.evidence if e.kind == "address" and e.data.get("address") == "127.0.0.2"]
    assert addr and addr[0].data["country"] == "GB" and "test-geo.mmdb" in addr[0].text
    assert DATE.search(addr[0].text)


def test_without_a_location_database_loopback_hosting_is_unverifiable(world: tuple[Lab, str]) -> None:
    the_lab, _ = world
    run = the_lab.audit("https://truecare.co.uk/", checks=["residency"])
    assert reached(run) == {"residency/claim-unverifiable"}
    f = finding(run, "residency/claim-unverifiable")
    assert f.status == FindingStatus.INFO
    assert "loopback" in f.summary and "no country" in f.summary
    # the contradiction does not depend on where the site is: the recipient's country comes from the trackers
    leaky = the_lab.audit("https://leakycare.co.uk/", checks=["residency"])
    assert reached(leaky) == {"residency/claim-contradicted"}


def test_judged_without_dns_says_so(world: tuple[Lab, str]) -> None:
    from confaudit_checks.residency import CHECK

    from confaudit.engine.audit import judge
    from confaudit.knowledge import Knowledge

    the_lab, db = world
    run = the_lab.audit("https://truecare.co.uk/", checks=["residency"], geoip_db=[db])
    run.evidence.parts.pop("dns")
    run.evidence.parts.pop("tls", None)
    [result] = judge(run.evidence, [CHECK], Knowledge())
    f = next(x for x in result.findings if x.rule == "residency/claim-unverifiable")
    assert f.status == FindingStatus.INFO
    assert "Judged without dns" in f.summary


def test_report_outputs_carry_the_findings(runs: dict[str, AuditRun], tmp_path: Path) -> None:
    from confaudit.report import write_outputs

    result = runs["leakycare.co.uk"].result
    written = write_outputs(result, json_path=str(tmp_path / "r.json"), html_path=str(tmp_path / "r.html"))
    assert len(written) == 2
    assert "residency/claim-contradicted" in (tmp_path / "r.html").read_text(encoding="utf-8")


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
