"""Extraction: HTML, PDF and text notices become plain, headed sentences, whatever the input."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from confaudit.analysis.policytext import (
    ExtractionError,
    analyse,
    extract_html,
    extract_pdf,
    extract_text,
    merge_documents,
)

FIX = Path(__file__).parent.parent / "fixtures" / "policy"
URL = "https://practice.example/privacy"


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal, valid PDF with one Helvetica text stream per page (written by hand)."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    n = len(pages)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>")
    font_id = 3 + 2 * n
    for i, lines in enumerate(pages):
        body = "BT /F1 11 Tf 14 TL 72 740 Td " + " ".join(f"({esc(line)}) '" for line in lines) + " ET"
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>"
        )
        objs.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


HTML = """<!doctype html><html><head><title>Privacy | Practice</title>
<style>.x{color:red}</style><script>var secret = "do not show";</script></head>
<body>
<header><nav><a href="/">Home</a><a href="/book">Book now</a></nav></header>
<div id="cookie-consent-banner">We use cookies. Accept all cookies?</div>
<main>
<h1>Privacy notice</h1>
<p>Last updated: 4 March 2024</p>
<h2>Confidentiality</h2>
<p>Everything you say in counselling stays between us. I will not confirm to anyone that you are my client.</p>
<h2>Limits</h2>
<ul><li>If you are at serious risk of harming yourself I may contact your GP.</li>
<li>A court order may require me to disclose notes.</li></ul>
<div style="display:none">Hidden text about selling data to advertisers.</div>
<p hidden>We sell your data.</p>
<form><label>Email</label><input name="email" value="we sell everything"></form>
</main>
<footer>Copyright Practice. We sell nothing. Site by Agency.</footer>
</body></html>"""


def test_html_keeps_main_text_and_headings_and_drops_furniture():
    doc = extract_html(HTML.encode("utf-8"), URL, "text/html; charset=utf-8")
    text = doc.text
    assert "stays between us" in text
    for junk in (
        "Book now",
        "Accept all cookies",
        "do not show",
        "Hidden text",
        "We sell your data",
        "Copyright",
        "we sell everything",
    ):
        assert junk not in text, junk
    assert doc.title == "Privacy | Practice"
    assert [s.heading for s in doc.sections][:3] == ["Privacy notice", "Confidentiality", "Limits"]
    risk = next(s for s in doc.sentences if "serious risk" in s.text)
    assert risk.heading == "Limits" and risk.url == URL
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert doc.last_updated == date(2024, 3, 4)
    assert doc.language == "en"
    result = analyse(doc)
    assert result.clauses["confidentiality_commitment"].status == "present"
    assert result.clauses["sale_or_ad_sharing"].status == "absent"  # the hidden/footer text never counted


def test_html_decodes_declared_and_meta_charsets_and_survives_bad_bytes():
    latin = "<html><body><p>Données traitées à Genève. Café confidentiality.</p></body></html>".encode(
        "latin-1"
    )
    assert "Données" in extract_html(latin, URL, "text/html; charset=ISO-8859-1").text
    meta = (
        b'<html><head><meta charset="windows-1252"></head><body><p>We\x92ll keep it safe.</p></body></html>'
    )
    assert "We’ll keep it safe." in extract_html(meta, URL).text
    broken = b"<html><body><p>Caf\xe9 \xff\xfe notes \x00 kept \x81 securely.</p></body></html>"
    doc = extract_html(broken, URL, "text/html; charset=bogus-charset")
    assert "kept" in doc.text and "\x00" not in doc.text
    assert extract_html(b"", URL).sentences == []
    assert extract_html(
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Hi there.</p></body></html>", URL
    ).text


def test_hostile_html_comes_out_as_inert_plain_text():
    hostile = (
        '<html><body><main><h2 onclick="steal()">Notice <script>alert(1)</script></h2>'
        '<p>Hello {{ 7*7 }} and {% include "/etc/passwd" %} and ${jndi:ldap://x}.</p>'
        '<p><img src=x onerror="alert(2)">Text <iframe src="javascript:alert(3)">in frame</iframe> after.</p>'
        "<p>" + "A" * 200_000 + "</p>"
        '<svg onload="alert(4)"><text>svg text</text></svg>'
        "</main></body></html>"
    )
    doc = extract_html(hostile, URL)
    text = doc.text
    assert "alert" not in text and "steal" not in text and "onerror" not in text
    assert "{{ 7*7 }}" in text and '{% include "/etc/passwd" %}' in text  # kept literally, never evaluated
    assert "49" not in text and "svg text" not in text and "in frame" not in text
    assert "<" not in text and ">" not in text
    assert max(len(s.text) for s in doc.sentences) <= 1500  # one giant line is chunked
    assert doc.sections[0].heading == "Notice"


def test_deeply_nested_html_does_not_recurse_to_death():
    html = "<div>" * 5000 + "<p>Deep sentence here.</p>" + "</div>" * 5000
    doc = extract_html(html, URL)
    assert isinstance(doc.sentences, list)


def test_text_and_markdown_headings_lists_and_tables():
    doc = extract_text((FIX / "complete_notice.md").read_text(encoding="utf-8"), URL)
    headings = [s.heading for s in doc.sections]
    assert "Confidentiality" in headings and "Supervision" in headings
    sup = next(s for s in doc.sentences if "clinical supervisor" in s.text)
    assert sup.heading == "Supervision"
    plain = extract_text(
        "Limits of confidentiality\n\n  • Terrorism Act 2000\n  • The Children Act 1989\n\n"
        "I may share\ninformation when required.\n| Purpose | Basis |\n|---|---|\n| Care | Contract |"
    )
    assert plain.sections[0].heading == "Limits of confidentiality"
    texts = [s.text for s in plain.sentences]
    assert "Terrorism Act 2000" in texts and "The Children Act 1989" in texts
    assert "I may share information when required." in texts  # soft-wrapped line joined
    assert "Care — Contract." in texts


def test_pdf_notice_is_extracted_with_pypdf():
    data = _pdf(
        [
            [
                "Privacy Notice",
                "Last updated: 12 January 2025",
                "Your sessions are kept strictly confidential.",
                "We keep notes for seven years after therapy ends.",
            ],
            ["Complaints", "You have the right to complain to the Information Commissioner's Office."],
        ]
    )
    doc = extract_pdf(data, "https://practice.example/privacy.pdf")
    assert "kept strictly confidential" in doc.text
    assert doc.last_updated == date(2025, 1, 12)
    res = analyse(doc)
    assert res.clauses["confidentiality_commitment"].status == "present"
    assert res.clauses["retention_period"].status == "present"
    assert res.clauses["complaints_regulator"].status == "present"
    assert res.clauses["complaints_regulator"].quotes[0].url.endswith("privacy.pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"not a pdf at all",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage",
        b"%PDF-1.7\n" + bytes(range(256)) * 40,
    ],
)
def test_broken_pdf_raises_extraction_error_only(data):
    with pytest.raises(ExtractionError):
        extract_pdf(data, "https://x.example/p.pdf")


def test_pdf_page_limit_is_enforced(monkeypatch):
    import confaudit.analysis.policytext.extract as ex

    monkeypatch.setattr(ex, "MAX_PDF_PAGES", 2)
    doc = extract_pdf(_pdf([[f"Page {i} says sessions are confidential."] for i in range(5)]), "u")
    assert "Page 1" in doc.text and "Page 2" not in doc.text


def test_merge_keeps_each_sentence_url_and_renumbers():
    a = extract_html(
        "<main><h2>Privacy</h2><p>We never sell your personal data.</p></main>", "https://p.example/privacy"
    )
    b = extract_text(
        "Confidentiality\n\nWhat we discuss stays between us.\nIf you are at risk of suicide I may contact "
        "your GP.\n\nLast updated: 1 May 2023",
        "https://p.example/confidentiality",
    )
    b2 = extract_text("Updated 2 June 2024", "https://p.example/cookies")
    merged = merge_documents([a, b, b2])
    assert merged.urls == [
        "https://p.example/privacy",
        "https://p.example/confidentiality",
        "https://p.example/cookies",
    ]
    assert [s.index for s in merged.sentences] == list(range(len(merged.sentences)))
    assert merged.last_updated == date(2024, 6, 2)
    res = analyse(merged)
    assert res.clauses["sale_or_ad_sharing"].quotes[0].url == "https://p.example/privacy"
    assert res.clauses["limits_risk_of_harm"].quotes[0].url == "https://p.example/confidentiality"
    assert res.clauses["limits_risk_of_harm"].quotes[0].heading == "Confidentiality"
    assert merge_documents([]).sentences == []


def test_huge_notice_finishes_in_bounded_time():
    para = (FIX / "complete_notice.md").read_text(encoding="utf-8")
    big = (para + "\n\n") * (3_000_000 // len(para) + 1)
    assert len(big) >= 3_000_000
    start = time.perf_counter()
    res = analyse(extract_text(big, URL))
    elapsed = time.perf_counter() - start
    assert elapsed < 60, elapsed
    assert res.clauses["supervision"].status == "present"
    assert len(res.clauses["supervision"].quotes) <= 3
    # one enormous line without punctuation must not blow up either
    start = time.perf_counter()
    analyse(extract_text("word " * 600_000, URL))
    assert time.perf_counter() - start < 60


def test_text_after_the_main_container_is_not_the_notice():
    html = (
        "<body><main><h2>Records</h2><p>" + "We keep your notes safe. " * 12 + "</p></main>"
        "Stray text after main.<aside>Related posts</aside></body>"
    )
    doc = extract_html(html, URL)
    assert doc.sections[0].heading == "Records"
    assert "Stray text" not in doc.text  # the lxml-only path let the container's tail in
