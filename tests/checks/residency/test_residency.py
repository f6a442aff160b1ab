"""The residency check on evidence recorded from the claims world: each verdict on the right site and on no
other.

Providers sit on 127.0.0.2 and 127.0.0.3; a MaxMind-format database built there (``--geoip-db``) says 127.0.0.2
is in the UK and 127.0.0.3 is a Cloudflare address in the US. Vendor stand-ins (Meta, Google) sit on 127.0.0.1
under their real host names. Every audit ran with ``--only-resolved`` (``tests/sites/claims.py``; ``make
fixtures`` re-records them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from confaudit.engine.audit import AuditRun
from confaudit.model import CheckResult, FindingStatus
from tests.checks.judging import replay

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
VERDICTS = (
    "residency/claim-contradicted",
    "residency/claim-inconsistent",
    "residency/claim-consistent",
    "residency/claim-unverifiable",
)


@pytest.fixture(scope="module")
def runs() -> dict[str, AuditRun]:
    """The residency check on each provider, audited with the test location database."""
    hosts = ("truecare.co.uk", "leakycare.co.uk", "edgecare.co.uk", "quietcare.co.uk")
    return {host: replay(f"claims-{host.split('.')[0]}", ["residency"]) for host in hosts}


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


def test_findings_come_worst_verdict_first_and_only_a_reached_verdict_points_at_the_notice(
    runs: dict[str, AuditRun],
) -> None:
    order = [
        "residency/claim-contradicted",
        "residency/claim-inconsistent",
        "residency/claim-unverifiable",
        "residency/claim-consistent",
        "residency/no-claim",
    ]
    for host, run in runs.items():
        result = residency(run)
        assert [f.rule for f in result.findings] == order, host
        reached_rules = {c["verdict"] for c in result.data["claims"]}
        for f in result.findings:
            if f.rule in reached_rules:
                assert f.url and f.url.endswith("/privacy"), (host, f.rule, f.url)
            else:
                assert f.url is None, (host, f.rule, f.url)


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


def test_without_a_location_database_loopback_hosting_is_unverifiable() -> None:
    run = replay("claims-truecare-nogeo")
    assert reached(run) == {"residency/claim-unverifiable"}
    f = finding(run, "residency/claim-unverifiable")
    assert f.status == FindingStatus.INFO
    assert "loopback" in f.summary and "no country" in f.summary
    # the contradiction does not depend on where the site is: the recipient's country comes from the trackers
    leaky = replay("claims-leakycare-nogeo")
    assert reached(leaky) == {"residency/claim-contradicted"}


def test_judged_without_dns_says_so() -> None:
    from confaudit_checks.residency import CHECK

    from confaudit.engine.audit import judge
    from confaudit.knowledge import Knowledge

    run = replay("claims-truecare", ["residency"])
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
