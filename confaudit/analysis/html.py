"""Untrusted HTML into text and a BeautifulSoup tree (lxml tree builder), the one way every part reads a page.

The crawl's page parts and the notice extractor both read what a site sent; they decode it the same way
(the header's charset, a BOM, a ``<meta charset>``, then UTF-8 with replacement) and parse it here, so a
page is never read two different ways and a broken one never raises. BeautifulSoup is imported on the
first parse, not with this module: commands that never read a page do not pay for it.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_CHARSET_CT = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_CHARSET_META = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
MAX_HTML_CHARS = 20_000_000

Event = Literal["start", "end", "text"]


def decode_html(body: bytes | str, content_type: str | None = None) -> str:
    """Decode bytes robustly: header charset, BOM, <meta charset>, then UTF-8 with replacement."""
    if isinstance(body, str):
        return body
    candidates: list[str] = []
    if content_type:
        m = _CHARSET_CT.search(content_type)
        if m:
            candidates.append(m.group(1))
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    m2 = _CHARSET_META.search(body[:4096])
    if m2:
        candidates.append(m2.group(1).decode("ascii", "replace"))
    for cs in candidates:
        try:
            codecs.lookup(cs)
        except LookupError:
            continue
        if cs.lower().replace("-", "").replace("_", "") in ("utf16", "utf32"):
            continue  # a meta tag cannot truthfully declare UTF-16 inside ASCII-compatible bytes
        return body.decode(cs, errors="replace")
    return body.decode("utf-8", errors="replace")


def clean_markup(text: str) -> str:
    """What lxml accepts: no XML declaration (refused in a str) and no control characters or lone surrogates."""
    return CONTROL_CHARS.sub(" ", _XML_DECL.sub("", text[:MAX_HTML_CHARS], count=1))


@cache
def _bs4() -> Any:
    """bs4, imported once; its advice for people typing a file name instead of markup is noise here."""
    import warnings

    import bs4

    warnings.filterwarnings("ignore", category=bs4.MarkupResemblesLocatorWarning)
    warnings.filterwarnings("ignore", category=bs4.XMLParsedAsHTMLWarning)
    return bs4


@cache
def _builder_class() -> Any:
    from bs4.builder import LXMLTreeBuilder
    from lxml import etree

    class ReusingBuilder(LXMLTreeBuilder):  # type: ignore[misc]
        """bs4's lxml HTML tree builder, keeping its lxml parser from one page to the next.

        A new lxml parser with a Python target costs more than parsing a small page (lxml inspects the
        target's methods each time): bs4 took 0.5-0.6 ms over a three-element page with a new parser, 0.07 ms
        reusing one. lxml's feed parser is reusable once closed; pages are always given as text, so one
        parser serves.
        """

        _parser: Any = None

        def default_parser(self, encoding: str | None) -> Any:
            if encoding is not None:  # bs4's fallback of re-encoding the text: a parser for that encoding
                return super().default_parser(encoding)
            if self._parser is None:
                self._parser = etree.HTMLParser(target=self, recover=True)
            return self._parser

    return ReusingBuilder


_local = threading.local()


def _builder() -> Any:
    """This thread's tree builder (a builder holds the page being parsed, so threads never share one)."""
    builder = getattr(_local, "builder", None)
    if builder is None:
        builder = _local.builder = _builder_class()(multi_valued_attributes=None)
    return builder


def load_parser() -> None:
    """Import the parser now (a batch does it before forking its workers, so each inherits it)."""
    _bs4()
    _builder_class()


def parse_document(body: bytes | str, content_type: str | None = None) -> BeautifulSoup | None:
    """The page as a BeautifulSoup tree built by lxml; None for a page with nothing in it.

    Attribute values stay strings (``rel="dns-prefetch preconnect"`` is one string, as the page wrote it).
    Raises only for input lxml itself cannot take (rare, odd exception types); callers record that.
    """
    bs4 = _bs4()
    text = clean_markup(decode_html(body, content_type))
    if not text.strip():
        return None
    builder = _builder()
    try:
        return bs4.BeautifulSoup(text, builder=builder)
    except bs4.ParserRejectedMarkup:
        _local.builder = None  # the builder and its parser may be mid-document: the next page gets new ones
        return None
    except BaseException:
        _local.builder = None
        raise


def is_text(node: Any) -> bool:
    """A piece of the page's text: not a tag, comment, doctype or processing instruction."""
    bs4 = _bs4()
    return isinstance(node, bs4.NavigableString) and not isinstance(node, bs4.element.PreformattedString)


def elements(root: Tag) -> Iterator[Tag]:
    """Every element under ``root``, in document order (bs4's ``find_all(True)`` without its matching)."""
    tag_type = _bs4().Tag
    for node in root.descendants:
        if isinstance(node, tag_type):
            yield node


def texts(el: Tag) -> Iterator[str]:
    """Every piece of text under an element, in document order (script and style text included)."""
    bs4 = _bs4()
    navigable, preformatted = bs4.NavigableString, bs4.element.PreformattedString
    for node in el.descendants:
        if isinstance(node, navigable) and not isinstance(node, preformatted):
            yield node


def element_text(el: Tag) -> str:
    """An element's text, pieces joined by spaces (``<a>Book<b>now</b></a>`` is "Book now")."""
    return " ".join(texts(el))


def walk(root: Tag) -> Iterator[tuple[Event, Any]]:
    """Start and end of ``root`` and every element under it, and every piece of text between, in order.

    Iterative (a page of 5,000 nested ``<div>`` must not exhaust the stack), from bs4's flat
    ``descendants``: an element has ended when the next node is not inside it.
    """
    bs4 = _bs4()
    tag_type, navigable, preformatted = bs4.Tag, bs4.NavigableString, bs4.element.PreformattedString
    yield "start", root
    open_tags: list[Any] = [root]
    for node in root.descendants:
        parent = node.parent
        while open_tags[-1] is not parent:
            yield "end", open_tags.pop()
        if isinstance(node, tag_type):
            yield "start", node
            open_tags.append(node)
        elif isinstance(node, navigable) and not isinstance(node, preformatted):
            yield "text", node
    while open_tags:
        yield "end", open_tags.pop()
