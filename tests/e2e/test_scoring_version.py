"""One severity order, one scoring table with a version recorded in every result, and diff/history saying
when two results are not comparable (other site, other settings, other tool or scoring version)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from confaudit.model import (
    SEVERITIES,
    SEVERITY_NAMES,
    AuditResult,
    CheckResult,
    CheckStatus,
    Finding,
    FindingStatus,
    Severity,
    Target,
)
from confaudit.results import scoring
from confaudit.results.diff import diff_results
from confaudit.results.ranking import ranked
from confaudit.results.scoring import SCORING_VERSION, score_result
from confaudit.schema import result_schema
from confaudit.storage.history import Store
from tests.conftest import run_cli

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def finding(rule: str, severity: Severity, status: FindingStatus = FindingStatus.FAIL) -> Finding:
    return Finding(rule=rule, status=status, severity=severity, title=rule, summary=rule)


def result(url: str = "https://a.example/", *findings: Finding, **options: object) -> AuditResult:
    check = CheckResult("headers", "Headers", "1.0", CheckStatus.OK, weight=1.0, findings=list(findings))
    r = AuditResult(
        target=Target(url=url),
        started=T0,
        finished=T0,
        tool_version="0.1.0",
        options={"checks": None, "browser": "never", **options},
        checks=[check],
        score=None,
        grade="?",
    )
    score_result(r)
    return r


def test_one_severity_order_everywhere() -> None:
    assert SEVERITY_NAMES == ("critical", "high", "medium", "low", "info")
    assert [s.rank for s in SEVERITIES] == [4, 3, 2, 1, 0]
    assert Severity.CRITICAL.lower() is Severity.HIGH and Severity.INFO.lower() is Severity.INFO
    assert set(scoring.POINTS) == set(SEVERITIES)
    points = [scoring.POINTS[s] for s in SEVERITIES]
    assert points == sorted(points, reverse=True)  # the table agrees with the order
    found = ranked(
        [
            finding("b/low", Severity.LOW),
            finding("a/pass", Severity.INFO, FindingStatus.PASS),
            finding("c/crit", Severity.CRITICAL),
            finding("d/warn-high", Severity.HIGH, FindingStatus.WARN),
        ]
    )
    assert [f.rule for f in found] == ["c/crit", "b/low", "d/warn-high", "a/pass"]


def test_every_scored_result_records_the_scoring_version_and_validates() -> None:
    r = result("https://a.example/", finding("headers/csp-missing", Severity.MEDIUM))
    assert r.scoring_version == SCORING_VERSION and r.score == 90.0
    doc = r.to_dict()
    assert doc["scoring_version"] == SCORING_VERSION
    import jsonschema

    jsonschema.validate(doc, result_schema())
    assert AuditResult.from_dict(doc).scoring_version == SCORING_VERSION
    old = dict(doc, schema_version="1.0")  # a result from before the field existed still reads
    del old["scoring_version"]
    assert AuditResult.from_dict(old).scoring_version is None


def test_diff_names_what_makes_two_results_incomparable() -> None:
    a = result("https://a.example/", finding("headers/csp-missing", Severity.MEDIUM))
    same = result("https://a.example/")
    assert diff_results(a, same).notes == []
    other = result("https://b.example/", browser="auto")
    other.tool_version = "0.2.0"
    other.scoring_version = "2"
    notes = diff_results(a, other).notes
    assert any("different sites" in n for n in notes)
    assert any("browser 'never' then 'auto'" in n for n in notes)
    assert any("different confaudit versions: 0.1.0 then 0.2.0" in n for n in notes)
    assert any("different scoring versions: 1 then 2" in n for n in notes)


def test_diff_and_history_commands_say_so(tmp_path) -> None:
    a = result("https://a.example/", finding("headers/csp-missing", Severity.MEDIUM))
    b = dataclasses.replace(result("https://a.example/"), scoring_version="2", finished=T0.replace(day=2))
    (tmp_path / "a.json").write_text(json.dumps(a.to_dict()))
    (tmp_path / "b.json").write_text(json.dumps(b.to_dict()))
    proc = run_cli("diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert proc.returncode == 0, proc.stderr
    assert "note: scored under different scoring versions: 1 then 2" in proc.stderr
    assert "1 fixed" in proc.stdout

    store = tmp_path / "h.sqlite"
    with Store(store) as db:
        db.record(a)
        db.record(b)
    rows = json.loads(run_cli("history", "https://a.example/", "--store", str(store), "--json").stdout)
    assert [r["scoring_version"] for r in rows] == ["1", "2"]
    table = run_cli("history", "https://a.example/", "--store", str(store))
    assert table.returncode == 0 and "scoring version 2 (before: 1)" in table.stderr
