"""`confaudit policy`: a notice linted from a file (HTML, Markdown, PDF) or a URL, as users run it."""

from __future__ import annotations

import json

import pytest

from confaudit.analysis.policytext import CLAUSES
from confaudit.demo.pdf import text_pdf
from tests.conftest import run_cli
from tests.sites.policy import FIX


def test_cli_policy_on_a_file_json_shape(tmp_path):
    out = tmp_path / "notice.json"
    proc = run_cli("policy", str(FIX / "heldout_eu_platform.md"), "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["clauses"]) == set(CLAUSES)
    for entry in data["clauses"].values():
        assert set(entry) == {"status", "quotes", "attrs"}
        assert entry["status"] in ("present", "partial", "absent")
        assert all(set(q) == {"text", "heading", "url"} for q in entry["quotes"])
    assert data["clauses"]["encryption_security"]["attrs"]["e2e_claimed"] is True


def test_cli_policy_table_prints_hostile_text_literally(tmp_path):
    f = tmp_path / "draft.md"
    f.write_text(
        "# Confidentiality\nWhat you say is kept confidential [bold red]boom[/] {{ 7*7 }}.\n",
        encoding="utf-8",
    )
    proc = run_cli("policy", str(f), env={"COLUMNS": "250"})
    assert proc.returncode == 0, proc.stderr
    assert "[bold red]boom[/]" in proc.stdout and "{{ 7*7 }}" in proc.stdout
    assert "confidentiality_commitment" in proc.stdout and "present" in proc.stdout


def test_cli_policy_on_a_pdf_file(tmp_path):
    f = tmp_path / "notice.pdf"
    f.write_bytes(text_pdf((FIX / "heldout_uk_sole_trader.txt").read_text(encoding="utf-8").splitlines()))
    proc = run_cli("policy", str(f), "--json", "-")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["clauses"]["limits_safeguarding"]["status"] == "present"


@pytest.mark.parametrize("arg", ["/no/such/notice.html", "ftp://example.com/privacy", "https://"])
def test_cli_policy_usage_errors_exit_2(arg):
    proc = run_cli("policy", arg)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_cli_policy_unreachable_url_exits_3():
    proc = run_cli("policy", "https://nowhere.example/privacy", "--only-resolved", "--timeout", "2")
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr


def test_cli_policy_on_a_url(worlds, tmp_path):
    served = worlds.world("policy")  # url.example serves the complete notice at /privacy
    out = tmp_path / "r.json"
    proc = run_cli("policy", "https://url.example/privacy", "--json", str(out), *served.cli_args())
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["urls"] == ["https://url.example/privacy"]
    assert all(v["status"] == "present" for v in data["clauses"].values())
    missing = run_cli("policy", "https://url.example/nothing-here", *served.cli_args())
    assert missing.returncode == 3 and "404" in missing.stderr
