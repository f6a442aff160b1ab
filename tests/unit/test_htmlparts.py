"""The page parts the checks judge, read out of real-world and hostile HTML (confaudit/probes/htmlparts.py)."""

from __future__ import annotations

import codecs
import os

import pytest

from confaudit.probes.crawl.htmlparts import MAX_LINKS, parse_html

URL = "https://calm.example/book/"

PAGE = b"""<!doctype html>
<html><head>
<title>Book a session &amp; intake</title>
<base href="https://calm.example/app/">
<meta name="Description" content="Booking">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<meta property="og:title" content="Calm">
<link rel="stylesheet" href="/css/site.css" integrity="sha384-abc">
<link rel="preload" as="font" href="https://fonts.example/a.woff2">
<link rel="modulepreload" href="mod.js">
<link rel="dns-prefetch" href="//cdn.example">
<link rel="shortcut icon" href="/favicon.ico">
<link rel="alternate" href="/feed">
<script src="https://www.googletagmanager.com/gtm.js?id=GTM-1" integrity="sha256-x"></script>
<script type="application/ld+json">{"@type": "Organization"}</script>
<script>   </script>
</head><body>
<h1>Book <em>your</em> first session</h1><h2>Step 1</h2><h4>not collected</h4>
<a href="#top">skip</a>
<a href="javascript:void(0)">js</a>
<a href="mailto:help@calm.example">mail</a>
<a href="../privacy?x=1#section">Privacy <b>notice</b></a>
<a href="HTTPS://WWW.Calm.Example/Terms"><img src="t.png" alt=""></a>
<a href="/help" aria-label="Help centre">  </a>
<map><area href="/area" alt="a"></map>
<iframe src="https://www.youtube.com/embed/x"></iframe>
<object data="/doc.pdf"></object>
<video src="/intro.mp4"></video>
<form action="/intake" method="post">
  <label for="mood">How are you feeling?</label>
  <input id="mood" name="mood" type="text">
  <label>Email <input name="email" type="EMAIL"></label>
  <textarea name="notes" placeholder="Anything else"></textarea>
  <select name="when" title="Preferred time"><option>am</option></select>
  <input type="submit" value="Send"><button>Go</button>
  <input type="hidden" name="csrf">
</form>
<form><input name="q"></form>
<!-- <a href="/commented-out">hidden</a> -->
</body></html>"""


def test_reads_links_forms_scripts_resources_and_meta() -> None:
    parts = parse_html(PAGE, URL, "text/html; charset=utf-8")
    assert parts.title == "Book a session & intake"
    assert parts.headings == ["Book your first session", "Step 1"]

    links = {link.url: link.text for link in parts.links}
    # relative links resolve against <base>; fragments and non-http schemes are dropped; hosts lower-cased
    assert links == {
        "https://calm.example/privacy?x=1": "Privacy notice",
        "https://www.calm.example/Terms": "",
        "https://calm.example/help": "Help centre",  # an empty link falls back to its accessible name
        "https://calm.example/area": "",
    }
    assert "https://calm.example/commented-out" not in links

    intake, search = parts.forms
    assert (intake.action, intake.method) == ("https://calm.example/intake", "POST")
    assert [(f.name, f.type, f.label) for f in intake.fields] == [
        ("mood", "text", "How are you feeling?"),
        ("email", "email", "Email"),
        ("notes", "textarea", "Anything else"),
        ("when", "select", "Preferred time"),
        ("csrf", "hidden", None),
    ]
    assert (search.action, search.method) == (URL, "GET")

    src, ld = parts.scripts
    assert (src.src, src.integrity) == ("https://www.googletagmanager.com/gtm.js?id=GTM-1", "sha256-x")
    assert ld.src is None and ld.type == "application/ld+json" and "Organization" in (ld.inline or "")

    resources = {(r.kind, r.url) for r in parts.resources}
    assert resources == {
        ("stylesheet", "https://calm.example/css/site.css"),
        ("font", "https://fonts.example/a.woff2"),
        ("script", "https://calm.example/app/mod.js"),
        ("preconnect", "https://cdn.example/"),
        ("icon", "https://calm.example/favicon.ico"),
        ("image", "https://calm.example/app/t.png"),
        ("iframe", "https://www.youtube.com/embed/x"),
        ("object", "https://calm.example/doc.pdf"),
        ("video", "https://calm.example/intro.mp4"),
    }
    assert next(r for r in parts.resources if r.kind == "stylesheet").integrity == "sha384-abc"
    assert parts.meta == {
        "description": "Booking",
        "content-security-policy": "default-src 'self'",
        "og:title": "Calm",
    }


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<title>Caf\u00e9 \u2013 s\u00e9ance</title>".encode("cp1252"), "text/html; charset=windows-1252"),
        (b'<meta charset="windows-1252"><title>Caf\xe9 \x96 s\xe9ance</title>', "text/html"),
        (codecs.BOM_UTF8 + "<title>Café – séance</title>".encode(), "text/html; charset=iso-8859-1"),
        (codecs.BOM_UTF16_LE + "<title>Café – séance</title>".encode("utf-16-le"), "text/html"),
        ('<?xml version="1.0" encoding="utf-8"?><html><title>Café – séance</title></html>'.encode(), None),
    ],
    ids=["header-charset", "meta-charset", "bom-wins", "utf16-bom", "xml-declaration"],
)
def test_decodes_as_the_site_declares(body: bytes, content_type: str | None) -> None:
    assert parse_html(body, URL, content_type).title == "Café – séance"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n\t ",
        b"\xff\xfe\x00\x00garbage\x00\x00",
        b"<html><title>bad \xff\xfe bytes \xc3\x28</title>",
        b"<a href='/x'>nul\x00 and \x07 bell</a>" * 3,
        b"<<<<>>>></a></form><script><!--",
        os.urandom(4096),
        b"<a href='http://[::1'>broken ipv6</a><a href='http://exa mple.com/'>space</a>",
        b"<form action='javascript:alert(1)'><input name='q'></form>",
    ],
    ids=[
        "empty",
        "blank",
        "utf16-garbage",
        "bad-utf8",
        "control-chars",
        "unbalanced",
        "random",
        "bad-urls",
        "js-action",
    ],
)
def test_broken_input_gives_parts_never_an_exception(body: bytes) -> None:
    parts = parse_html(body, URL, "text/html")
    for link in parts.links:
        assert link.url.startswith(("http://", "https://"))
    for form in parts.forms:
        assert form.action.startswith("https://")  # a javascript: action falls back to the page itself


def test_links_are_capped() -> None:
    body = b"".join(b'<a href="/p%d">p</a>' % i for i in range(MAX_LINKS + 500))
    assert len(parse_html(body, URL).links) == MAX_LINKS
