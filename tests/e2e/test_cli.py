"""The command line as users and CI meet it: outputs, exit codes, one-line errors, plugins, the demo."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

from confaudit.schema import result_schema
from tests.conftest import run_cli


@pytest.fixture
def served(worlds):
    """The headers world's sites (secure.example, insecure.example ...), started once per session."""
    return worlds.world("headers")


def test_audit_writes_json_html_markdown_and_exits_0(served, tmp_path):
    out = tmp_path / "r"
    proc = run_cli(
        "audit",
        "https://secure.example/",
        *served.cli_args(),
        "--checks",
        "headers",
        "--json",
        f"{out}.json",
        "--html",
        f"{out}.html",
        "--markdown",
        f"{out}.md",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(Path(f"{out}.json").read_text())
    jsonschema.validate(data, result_schema())
    assert data["grade"] == "A+" and data["target"]["url"] == "https://secure.example/"
    assert data["plugins"]["check:headers"].startswith("confaudit ")
    assert data["options"]["only_resolved"] is True
    html = Path(f"{out}.html").read_text()
    assert "Content-Security-Policy" in html and "<script" not in html
    assert "grade **A+**" in Path(f"{out}.md").read_text()
    assert "Security headers and forms" in proc.stdout  # the summary table


def test_thresholds_exit_1_with_the_reason(served):
    args = ["audit", "https://insecure.example/", *served.cli_args(), "-q", "--checks", "headers"]
    proc = run_cli(*args, "--fail-on", "critical")
    assert proc.returncode == 1
    assert (
        "threshold breached: 1 failed finding(s) at or above critical, e.g. headers/form-insecure-action"
        in proc.stderr
    )
    proc = run_cli(*args, "--fail-under", "50")
    assert proc.returncode == 1 and "is under --fail-under 50" in proc.stderr
    assert (
        run_cli(
            "audit",
            "https://secure.example/",
            *served.cli_args(),
            "-q",
            "--checks",
            "headers",
            "--fail-on",
            "low",
            "--fail-under",
            "90",
        ).returncode
        == 0
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "ftp://x.example/"], "not an http(s) URL"),
        (["audit", "https://x.example:99999/"], "not a valid URL"),
        (["audit", "https://x.example/", "--resolve", "x.example:443"], "--resolve wants HOST:PORT:ADDR"),
        (["audit", "https://x.example/", "--resolve", "x.example:443:nowhere"], "is not an IP address"),
        (["audit", "https://x.example/", "--connect-to", "x.example:443:127.0.0.1"], "--connect-to wants"),
        (["audit", "https://x.example/", "--checks", "headers,nope"], "unknown check(s): nope"),
        (["audit", "https://x.example/", "--browser", "sometimes"], "--browser must be one of"),
        (["audit", "https://x.example/", "--fail-on", "severe"], "--fail-on must be one of"),
        (
            ["audit", "https://x.example/", "--ca-file", "/nonexistent/ca.pem"],
            "--ca-file /nonexistent/ca.pem",
        ),
        (["audit", "https://x.example/", "--max-pages", "0"], "--max-pages must be at least 1"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_cli_tracker_list_missing_file_is_a_usage_error(tmp_path):
    proc = run_cli(
        "audit", "https://example.invalid/", "--tracker-list", str(tmp_path / "nope.txt"), "--quiet"
    )
    assert proc.returncode == 2
    assert "--tracker-list" in proc.stderr and "Traceback" not in proc.stderr


def test_click_usage_errors_exit_2():
    proc = run_cli("audit")
    assert proc.returncode == 2 and "Missing argument" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("audit", "https://x.example/", "--max-pages", "many")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_unreachable_target_exits_3_with_the_reason(served, tmp_path):
    proc = run_cli(
        "audit", "https://unmapped.example/", *served.cli_args(), "--json", str(tmp_path / "r.json")
    )
    assert proc.returncode == 3
    assert "error: cannot reach unmapped.example" in proc.stderr and "--only-resolved" in proc.stderr
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["error"] and data["grade"] == "?"
    jsonschema.validate(data, result_schema())
    # a refused connection is unreachable too
    proc = run_cli(
        "audit",
        "https://secure.example/",
        "--only-resolved",
        "--connect-to",
        "secure.example:443:127.0.0.1:1",
        "--connect-to",
        "secure.example:80:127.0.0.1:1",
    )
    assert proc.returncode == 3 and "could not fetch https://secure.example/" in proc.stderr


def test_version_and_checks_listing():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("confaudit ")
    proc = run_cli("checks")
    assert proc.returncode == 0
    for rule in ("headers/csp-missing", "headers/form-insecure-action"):
        assert rule in proc.stdout
    assert "critical headers/form-insecure-action" in " ".join(proc.stdout.split())


PLUGIN = """
from confaudit.api.check import Check, Verdict
from confaudit.model import EvidenceItem, FindingStatus, Rule, Severity

RULE = Rule("contact/no-email", "No contact address", Severity.LOW, "why", "add one", ["gdpr-art-13-1-a"])

def judge(evidence, knowledge):
    pages = evidence.crawl.pages
    found = any("@" in p.exchange.body.decode("utf-8", "replace") for p in pages)
    status = FindingStatus.PASS if found else FindingStatus.FAIL
    return Verdict([CHECK.finding("contact/no-email", status, f"looked at {len(pages)} pages",
                                  [EvidenceItem("page", "home", pages[0].url)])])

CHECK = Check(id="contact", title="Contact address", category="policy", weight=0.5, needs=("crawl",),
              rules=[RULE], judge=judge, version="9.9")
"""


def install_plugin(root: Path) -> Path:
    """A third-party package as pip would lay it out: the module and its dist-info with entry points."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "confaudit_contact_plugin.py").write_text(textwrap.dedent(PLUGIN))
    info = root / "confaudit_contact_plugin-9.9.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: confaudit-contact-plugin\nVersion: 9.9\n")
    (info / "entry_points.txt").write_text("[confaudit.checks]\ncontact = confaudit_contact_plugin:CHECK\n")
    return root


def test_third_party_check_is_discovered_and_run(served, tmp_path):
    site_dir = install_plugin(tmp_path / "site")
    env = {"PYTHONPATH": str(site_dir)}
    proc = run_cli("checks", env=env)
    assert "contact/no-email" in proc.stdout and "confaudit-contact-plugin 9.9" in proc.stdout
    out = tmp_path / "r.json"
    proc = run_cli("audit", "https://secure.example/", *served.cli_args(), "-q", "--json", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    contact = next(c for c in data["checks"] if c["check"] == "contact")
    assert contact["version"] == "9.9" and contact["findings"][0]["summary"].startswith("looked at ")
    assert data["plugins"]["check:contact"] == "confaudit-contact-plugin 9.9"
    # with autoload off, only confaudit's own checks run (no browser: the run above had one)
    proc = run_cli(
        "audit",
        "https://secure.example/",
        *served.cli_args(),
        "-q",
        "--browser",
        "never",
        "--json",
        str(out),
        env={**env, "CONFAUDIT_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert proc.returncode == 0
    assert "contact" not in [c["check"] for c in json.loads(out.read_text())["checks"]]


def test_broken_check_becomes_an_error_and_the_audit_goes_on(served, tmp_path):
    site_dir = install_plugin(tmp_path / "site")
    module = site_dir / "confaudit_contact_plugin.py"
    module.write_text(module.read_text().replace("pages = evidence.crawl.pages", "pages = 1 / 0"))
    out = tmp_path / "r.json"
    proc = run_cli(
        "audit",
        "https://secure.example/",
        *served.cli_args(),
        "-q",
        "--browser",
        "never",  # every other check and probe still runs beside the broken one
        "--json",
        str(out),
        env={"PYTHONPATH": str(site_dir)},
    )
    assert proc.returncode == 0, proc.stderr
    checks = {c["check"]: c for c in json.loads(out.read_text())["checks"]}
    assert checks["contact"]["status"] == "error" and "ZeroDivisionError" in checks["contact"]["reason"]
    assert checks["headers"]["status"] == "ok" and checks["headers"]["score"] == 100


def test_demo_end_to_end(tmp_path):
    out = tmp_path / "demo"
    proc = run_cli("demo", "--out", str(out), "--browser", "never", timeout=600)
    assert proc.returncode == 0, proc.stderr
    grades = {}
    for slug in ("calmharbour", "mindspring", "oldoak"):
        data = json.loads((out / slug / "report.json").read_text())
        jsonschema.validate(data, result_schema())
        assert (out / slug / "report.html").stat().st_size > 1000
        grades[slug] = data["grade"]
        assert data["error"] is None
    assert grades["calmharbour"] in ("A+", "A")
    assert grades["mindspring"] in ("D", "F") and grades["oldoak"] == "F"
    index = (out / "index.html").read_text()
    assert "calmharbour/report.html" in index
