"""The one HTML parser (confaudit/analysis/html.py): its walk, its reused lxml parser, its silence."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from confaudit.analysis.html import element_text, elements, parse_document, texts, walk

REPO = Path(__file__).resolve().parent.parent


def test_walk_gives_balanced_events_in_document_order() -> None:
    soup = parse_document("<div>a<!-- note --><p>b<b>c</b>d</p>e</div><p>f</p>")
    assert soup is not None
    body = soup.find("body")
    events = [(e, n.name if e != "text" else str(n)) for e, n in walk(body)]
    assert events == [
        ("start", "body"),
        ("start", "div"),
        ("text", "a"),  # the comment is not text
        ("start", "p"),
        ("text", "b"),
        ("start", "b"),
        ("text", "c"),
        ("end", "b"),
        ("text", "d"),
        ("end", "p"),
        ("text", "e"),
        ("end", "div"),
        ("start", "p"),
        ("text", "f"),
        ("end", "p"),
        ("end", "body"),
    ]
    assert [el.name for el in elements(body)] == ["div", "p", "b", "p"]
    assert element_text(body) == "a b c d e f"


def test_deep_nesting_walks_without_recursion() -> None:
    soup = parse_document("<div>" * 5000 + "deep" + "</div>" * 5000)
    assert soup is not None
    events = list(walk(soup))
    starts = sum(1 for e, _ in events if e == "start")
    assert starts == sum(1 for e, _ in events if e == "end") > 100
    assert "deep" in list(texts(soup))


def test_script_text_is_text_comments_and_doctype_are_not() -> None:
    soup = parse_document("<!doctype html><a>x<script>s()</script><!-- c -->y</a>")
    assert soup is not None
    assert element_text(soup.find("a")) == "x s() y"
    assert list(texts(soup)) == ["x", "s()", "y"]


def test_reused_parser_leaves_earlier_trees_alone() -> None:
    first = parse_document("<title>One</title><p>first page</p>")
    second = parse_document("<title>Two</title><ul><li>second page</li></ul>")
    assert first is not None and second is not None
    assert element_text(first.find("body")) == "first page"
    assert element_text(second.find("body")) == "second page"
    assert parse_document("   ") is None


def test_threads_parse_with_their_own_builder() -> None:
    pages = {i: f"<h1>Page {i}</h1>" + "<p>text</p>" * 200 for i in range(8)}
    read: dict[int, str] = {}

    def parse(i: int) -> None:
        for _ in range(5):
            soup = parse_document(pages[i])
            assert soup is not None
            read[i] = element_text(soup.find("h1"))

    threads = [threading.Thread(target=parse, args=(i,)) for i in pages]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert read == {i: f"Page {i}" for i in pages}


def test_markup_that_looks_like_a_file_name_or_url_parses_silently() -> None:
    code = (
        "from confaudit.analysis.html import parse_document as p\n"
        "for s in ('privacy.html', 'https://p.example/privacy', '<?xml version=\"1.0\"?><p>x</p>'):\n"
        "    assert p(s) is not None\n"
    )
    out = subprocess.run(
        [sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # bs4's warnings for people who typed a file name are not for users
