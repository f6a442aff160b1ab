"""The reference catalogue: every rule cites it by id, every entry is cited, and outputs show its wording."""

from __future__ import annotations

import json
import re
import textwrap
from urllib.parse import urlsplit

import jsonschema
import pytest

from confaudit.api.check import Check
from confaudit.engine.registry import known_rules, load
from confaudit.knowledge import references
from confaudit.knowledge.references import (
    BY_TITLE,
    JURISDICTIONS,
    KINDS,
    REFERENCES,
    UnknownReference,
    cited_by,
)
from confaudit.model import (
    AuditResult,
    CheckResult,
    CheckStatus,
    FindingStatus,
    Rule,
    Severity,
    Target,
    utcnow,
)
from confaudit.report.html import render_html
from confaudit.report.sarif import render_sarif
from confaudit.results.scoring import score_result
from tests.conftest import run_cli
from tests.e2e.test_outputs import sarif_schema

KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def installed_rules() -> list[Rule]:
    registry = load(autoload_plugins=False)
    assert not registry.load_errors
    return [rule for check in registry.checks.values() for rule in check.rules]


def test_every_cited_id_exists(installed_rules):
    unknown = {(r.id, ref) for r in installed_rules for ref in r.references if ref not in REFERENCES}
    assert unknown == set()
    assert all(len(set(r.references)) == len(r.references) for r in installed_rules), "an id cited twice"
    assert sum(1 for r in installed_rules if r.references) == len(installed_rules)  # every rule rests on one


def test_every_entry_is_cited_by_an_installed_rule(installed_rules):
    uncited = [ref_id for ref_id, rules in cited_by(installed_rules).items() if not rules]
    assert uncited == []


def test_ids_are_unique_kebab_case_and_titles_unique():
    assert len(references._ENTRIES) == len(REFERENCES)
    assert [ref_id for ref_id in REFERENCES if not KEBAB.fullmatch(ref_id)] == []
    assert all(ref.id == ref_id for ref_id, ref in REFERENCES.items())
    # a saved finding holds titles: each must name one entry, so reports can link it back
    assert len(BY_TITLE) == len(REFERENCES)
    with pytest.raises(ValueError, match="'rfc-8446' is defined twice"):
        references._index([REFERENCES["rfc-8446"], REFERENCES["rfc-8446"]])


def test_each_entry_links_an_official_https_text():
    for ref in REFERENCES.values():
        for url in references.links(ref):
            parts = urlsplit(url)
            assert parts.scheme == "https" and parts.netloc and not re.search(r"\s", url), (ref.id, url)
        assert ref.kind in KINDS and ref.jurisdiction in JURISDICTIONS, ref.id
        assert ref.title.strip() == ref.title and len(ref.title) < 200, ref.id


def test_a_rule_citing_an_unknown_id_raises_naming_rule_and_id():
    rule = Rule("demo/x", "X", Severity.LOW, "why", "fix", ["gdpr-art-13", "gdpr-art-999"])
    with pytest.raises(KeyError) as info:
        Check("demo", "Demo", "policy", 1.0, (), [rule], judge=lambda e, k: [])
    assert isinstance(info.value, UnknownReference)
    assert str(info.value).startswith("rule demo/x cites unknown reference 'gdpr-art-999'")
    # free text, as rules held before the catalogue, is unknown too
    with pytest.raises(UnknownReference, match=re.escape("'GDPR Art. 32'")):
        Check(
            "demo",
            "Demo",
            "policy",
            1.0,
            (),
            [Rule("demo/y", "Y", Severity.LOW, "w", "f", ["GDPR Art. 32"])],
            judge=lambda e, k: [],
        )


PLUGIN = """
from confaudit.api.check import Check
from confaudit.model import Rule, Severity

CHECK = Check(id="lawless", title="Lawless", category="policy", weight=0.5, needs=(), judge=lambda e, k: [],
              rules=[Rule("lawless/x", "X", Severity.LOW, "why", "fix", ["made-up-act-s-1"])])
"""


def test_a_plugin_citing_an_unknown_id_is_reported_not_loaded(tmp_path):
    """A third-party check cannot silently cite what the catalogue lacks; the tool still runs."""
    (tmp_path / "confaudit_lawless.py").write_text(textwrap.dedent(PLUGIN))
    info = tmp_path / "confaudit_lawless-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: confaudit-lawless\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[confaudit.checks]\nlawless = confaudit_lawless:CHECK\n")
    proc = run_cli("checks", env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 0 and "lawless/x" not in proc.stdout and "headers/csp-missing" in proc.stdout
    assert "plugin not loaded" in proc.stderr
    assert "rule lawless/x cites unknown reference 'made-up-act-s-1'" in proc.stderr


def headers_result() -> AuditResult:
    """A result with one failed headers finding, built by the check itself (as an audit would)."""
    from confaudit_checks.headers import CHECK

    finding = CHECK.finding(
        "headers/form-insecure-action", FindingStatus.FAIL, "The booking form posts over HTTP."
    )
    now = utcnow()
    check = CheckResult(
        check=CHECK.id,
        title=CHECK.title,
        version=CHECK.version,
        status=CheckStatus.OK,
        weight=1.0,
        findings=[finding],
        started=now,
    )
    result = AuditResult(Target("https://clinic.example/"), now, now, "test", {}, [check], None, "F")
    score_result(result)
    return result


def test_a_finding_carries_the_one_wording_of_each_reference():
    finding = headers_result().checks[0].findings[0]
    assert finding.references == [
        "GDPR / UK GDPR Art. 32(1)(a): encryption of personal data",
        "HIPAA, 45 CFR 164.312(e)(1): transmission security",
        "BACP Ethical Framework, Good Practice 55: confidentiality of client information, secure records "
        "and communications",
    ]
    # the JSON shape is unchanged: a list of strings, and it round-trips
    saved = AuditResult.from_dict(json.loads(json.dumps(headers_result().to_dict())))
    assert saved.checks[0].findings[0].references == finding.references


def test_sarif_and_html_link_each_reference():
    result = headers_result()
    url = "https://www.ecfr.gov/current/title-45/section-164.312#p-164.312(e)(1)"
    # with rule metadata (an audit) and without it (a saved result re-rendered): the same links
    for rules in (known_rules(), None):
        doc = json.loads(render_sarif(result, rules))
        jsonschema.validate(doc, sarif_schema())
        help_ = doc["runs"][0]["tool"]["driver"]["rules"][0]["help"]
        assert f"- [HIPAA, 45 CFR 164.312(e)(1): transmission security]({url})" in help_["markdown"]
        assert f"HIPAA, 45 CFR 164.312(e)(1): transmission security <{url}>" in help_["text"]
    html = render_html(result)
    assert f'<a href="{url}" rel="noreferrer noopener nofollow" referrerpolicy="no-referrer">' in html
    assert "BACP Ethical Framework, Good Practice 55" in html


def test_checks_by_reference_lists_each_law_with_its_rules():
    proc = run_cli("checks", "--by-reference")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    headings = [line for line in lines if not line.startswith(" ")]
    assert headings[0] == "UK · law" and "EU/UK · law" in headings and "international · advisory" in headings
    assert len(headings) == len(set(headings))  # each group once
    at = lines.index("  gdpr-art-13-1-e  GDPR / UK GDPR Art. 13(1)(e): the recipients of the personal data")
    assert lines[at + 1].strip() == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
    assert lines[at + 2].strip() == "https://www.legislation.gov.uk/eur/2016/679/article/13"
    assert (
        lines[at + 3].strip().startswith("rules: ")
        and "policy/missing/third_party_processors" in lines[at + 3]
    )
    assert "promises/processors-undisclosed" in lines[at + 3]
    assert sum(1 for line in lines if line.startswith("  ") and not line.startswith("   ")) == len(REFERENCES)


def test_checks_by_reference_json():
    proc = run_cli("checks", "--by-reference", "--json")
    assert proc.returncode == 0, proc.stderr
    entries = json.loads(proc.stdout)["references"]
    assert [e["id"] for e in entries] == sorted(
        REFERENCES,
        key=lambda i: (JURISDICTIONS.index(REFERENCES[i].jurisdiction), KINDS.index(REFERENCES[i].kind)),
    )
    by_id = {e["id"]: e for e in entries}
    assert by_id["robot"]["rules"] == ["tls/robot"] and by_id["robot"]["kind"] == "advisory"
    assert by_id["hipaa-164-312-e-1"]["url"].startswith("https://www.ecfr.gov/")
    assert all(e["rules"] for e in entries)
    proc = run_cli("checks", "--json")
    checks = {c["id"]: c for c in json.loads(proc.stdout)["checks"]}
    rules = {r["id"]: r for r in checks["tls"]["rules"]}
    assert rules["tls/robot"]["references"] == ["robot", "gdpr-art-32-1-a"]
