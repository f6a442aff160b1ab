"""The policy check on evidence recorded from the policy world (``tests/sites/policy.py``) and on evidence
built here; `confaudit policy` is tested in ``tests/e2e/test_cli_policy.py``."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta

from confaudit_checks.policy import CHECK, CLAUSE_BUDGET, stale_finding

from confaudit.analysis.policytext import CLAUSES, analyse, extract_text
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
from tests.checks.judging import check_result
from tests.sites.policy import FIX, fixture_html, md_html

FETCHED = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def policy_result(run) -> CheckResult:
    return next(c for c in run.result.checks if c.check == "policy")


def by_rule(result: CheckResult) -> dict:
    return {f.rule: f for f in result.findings}


def audit_site(host: str) -> CheckResult:
    """The policy check on the recorded audit of ``<host>.example`` (its notice: tests/sites/policy.py)."""
    return check_result(f"policy-{host}", "policy")


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


def test_notice_found_and_judged_with_quotes():
    result = audit_site("good")
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


def test_not_found_is_critical_with_urls_tried():
    result = audit_site("none")
    rules = by_rule(result)
    nf = rules["policy/not-found"]
    assert nf.status == FindingStatus.FAIL and nf.severity == Severity.CRITICAL
    tried = [e.url for e in nf.evidence]
    assert "https://none.example/privacy" in tried and "https://none.example/privacy-policy" in tried
    assert result.data["urls_tried"] == tried
    assert result.score == 0  # never better than a poor notice
    assert rules["policy/missing/limits_risk_of_harm"].status == FindingStatus.FAIL


def test_pdf_notice():
    result = audit_site("pdf")
    assert result.status == CheckStatus.OK, result.reason
    rules = by_rule(result)
    risk = rules["policy/missing/limits_risk_of_harm"]
    assert risk.status == FindingStatus.PASS
    assert risk.evidence[0].url == "https://pdf.example/docs/privacy-notice.pdf"
    assert rules["policy/stale"].status in (FindingStatus.PASS, FindingStatus.FAIL)
    assert result.data["last_updated"] == "2025-01-14"


def test_broken_pdf_is_a_recorded_problem_not_a_crash():
    result = audit_site("brokenpdf")
    assert result.status == CheckStatus.OK, result.reason
    rules = by_rule(result)
    assert rules["policy/not-found"].status == FindingStatus.PASS
    bad = rules["policy/unreadable"]
    assert bad.status == FindingStatus.FAIL and "privacy.pdf" in bad.evidence[0].text


def test_notice_split_across_two_pages_is_merged():
    result = audit_site("split")
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


def test_non_english_notice_is_skipped():
    result = audit_site("fr")
    assert result.status == CheckStatus.SKIPPED
    assert "not in English" in (result.reason or "") and "fr" in (result.reason or "")
    assert result.score is None


def test_huge_notice_in_bounded_time():
    """Judged on evidence built here: a 2 MB body in a recording would weigh more than it shows."""
    para = (FIX / "heldout_uk_sole_trader.txt").read_text(encoding="utf-8")
    body = md_html(para) * 700 + "<p>" + "x" * 200_000 + "</p>"  # ~2 MB plus one very long line
    assert len(body) > 1_500_000
    html_page = f'<!doctype html><html lang="en"><head><title>Privacy notice</title></head><body><main>{body}</main></body></html>'
    t0, cpu0 = time.perf_counter(), time.thread_time()
    result = judged(("https://huge.example/privacy", html_page.encode(), "text/html; charset=utf-8"))
    # the bound is on the work done (CPU), so a loaded machine running other tests cannot make it flaky
    assert time.thread_time() - cpu0 < 15
    assert time.perf_counter() - t0 < 120
    assert result.status == CheckStatus.OK
    quote = by_rule(result)["policy/missing/retention_period"].evidence[0]
    assert len(quote.text) <= 600





def test_hostile_text_stays_inert():
    result = audit_site("hostile")
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


def test_fetch_time_used_for_recheck_determinism():
    # the same evidence judged twice gives the same findings, whatever the wall clock says
    ev = evidence_for(_notice("# Privacy\nLast updated: 1 March 2024\nWe keep your notes confidential."))
    a = [(f.rule, f.status, f.summary) for f in CHECK.run(ev, None).findings]
    b = [(f.rule, f.status, f.summary) for f in CHECK.run(ev, None).findings]
    assert a == b
    assert CHECK.run(ev, None).data["judged_at"].startswith("2025-06-01")
    assert date.fromisoformat(CHECK.run(ev, None).data["last_updated"]) == date(2024, 3, 1)
