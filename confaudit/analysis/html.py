"""Untrusted HTML bytes into text and an lxml tree, one way for every part that reads pages.

The crawl's page parts and the policy extractor both read what a site sent; they decode it the same way
(the header's charset, a BOM, a ``<meta charset>``, then UTF-8 with replacement) and parse it with lxml's
forgiving HTML parser, so a page is never read two different ways and a broken one never raises.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

_CHARSET_CT = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_CHARSET_META = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
MAX_HTML_CHARS = 20_000_000


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


def parse_document(body: bytes | str, content_type: str | None = None) -> Any | None:
    """The page as an lxml HTML tree; None for a page with nothing in it.

    Raises only for input lxml itself cannot take (rare, odd exception types); callers record that.
    """
    import lxml.html
    from lxml import etree

    text = clean_markup(decode_html(body, content_type))
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
