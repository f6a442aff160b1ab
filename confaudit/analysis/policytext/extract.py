"""Turn an HTML page, a PDF or a text draft into a `PolicyDocument`.

Only visible main text survives: navigation, headers/footers, scripts, styles, forms, hidden
elements and cookie banners are dropped, so quotes come from the notice and not from the page
furniture. Everything is returned as inert plain text; nothing in the input is ever executed
or rendered.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from confaudit.analysis.html import (
    CONTROL_CHARS,
    decode_html,
    element_text,
    elements,
    is_text,
    parse_document,
    texts,
    walk,
)

from .dates import find_last_updated
from .language import detect_language
from .model import ExtractionError, PolicyDocument, Section, Sentence
from .sentences import normalise_ws, split_sentences, strip_bullet

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

MAX_PDF_BYTES = 50_000_000
MAX_PDF_PAGES = 200
MAX_TEXT_CHARS = 20_000_000

Block = tuple[str, str]  # ("h" | "p", text)

# --------------------------------------------------------------------------- building


def build_document(blocks: Iterable[Block], url: str, title: str = "") -> PolicyDocument:
    """Group blocks into sections (heading -> paragraphs) and number the sentences."""
    sections: list[Section] = []
    sentences: list[Sentence] = []
    heading = ""
    current = Section(heading="", paragraphs=[], url=url)
    for kind, raw in blocks:
        text = normalise_ws(raw)
        if not text:
            continue
        if kind == "h":
            if current.paragraphs or current.heading:
                sections.append(current)
            heading = text[:300]
            current = Section(heading=heading, paragraphs=[], url=url)
            if not title:
                title = heading
            continue
        current.paragraphs.append(text)
        for s in split_sentences(text, normalised=True):
            sentences.append(Sentence(text=s, heading=heading, url=url, index=len(sentences)))
    if current.paragraphs or current.heading:
        sections.append(current)
    return _finish(
        PolicyDocument(urls=[url] if url else [], title=title, sections=sections, sentences=sentences)
    )


def _finish(doc: PolicyDocument) -> PolicyDocument:
    body = "\n".join(s.text for s in doc.sentences)
    headings = "\n".join(sec.heading for sec in doc.sections if sec.heading)
    doc.word_count = len(body.split())  # whitespace tokens: a size measure, cheap on megabytes
    doc.language = detect_language(body or headings)
    doc.last_updated = find_last_updated(headings + "\n" + body)
    return doc


def merge_documents(docs: list[PolicyDocument]) -> PolicyDocument:
    """Join several pages of one notice (privacy notice + confidentiality statement + cookie policy).

    Sentences keep their own URL, so a quote still says which page it came from.
    """
    if not docs:
        return PolicyDocument(urls=[], title="", sections=[], sentences=[])
    urls: list[str] = []
    sections: list[Section] = []
    sentences: list[Sentence] = []
    for d in docs:
        for u in d.urls:
            if u not in urls:
                urls.append(u)
        sections.extend(d.sections)
        for s in d.sentences:
            sentences.append(Sentence(text=s.text, heading=s.heading, url=s.url, index=len(sentences)))
    title = next((d.title for d in docs if d.title), "")
    merged = _finish(PolicyDocument(urls=urls, title=title, sections=sections, sentences=sentences))
    dates = [d.last_updated for d in docs if d.last_updated]
    if dates:
        merged.last_updated = max(dates)
    return merged


# --------------------------------------------------------------------------- text / markdown

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\s]{0,2000}\)")
_MD_EMPH = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|`)")
_TAG = re.compile(r"<(?:br\s*/?|/?(?:p|div|span|b|i|strong|em|u|a|li|ul|ol)\b[^>]{0,200})>", re.I)
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}")
_BULLET_LINE = re.compile(r"^\s*(?:[-*+•·‣◦▪●]|\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[a-z][.)])\s+")
_TERMINAL = (".", "!", "?", ":", ";", ",")


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 12
        and len(line) <= 90
        and not line.endswith(_TERMINAL)
        and (line[0].isupper() or line[0].isdigit())
        and "@" not in line
    )


def text_blocks(text: str, reflow: bool = False) -> list[Block]:
    """Blocks from plain text or markdown.

    Markdown `#` lines and short stand-alone lines without terminal punctuation are headings.
    A stand-alone line of four words or more is also kept as a sentence, because drafts often
    put list entries ("BACP Ethical Framework for the Counselling Professions") on their own
    line. With `reflow` (PDF text) wrapped lines are joined back into paragraphs.
    """
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(("p", " ".join(para)))
            para.clear()

    lines = text.split("\n")
    n = len(lines)
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush()
            continue
        if "<" in line:
            line = _TAG.sub(" ", line)
        if "](" in line:
            line = _MD_LINK.sub(r"\1", line)
        m = _MD_HEADING.match(line)
        if m:
            flush()
            blocks.append(("h", _MD_EMPH.sub("", m.group(2))))
            continue
        if line.startswith("|"):
            if _TABLE_SEP.match(line):
                continue
            flush()
            cells = [c.strip() for c in line.strip("|").split("|") if c.strip()]
            row = " — ".join(cells)
            if row and not row.endswith(_TERMINAL[:3]):
                row += "."
            blocks.append(("p", _MD_EMPH.sub("", row)))
            continue
        if "*" in line or "_" in line or "`" in line:
            line = _MD_EMPH.sub("", line).strip()
        if not line:
            continue
        if _BULLET_LINE.match(line):
            flush()
            para.append(strip_bullet(_BULLET_LINE.sub("", line, count=1)))
            continue
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_line = lines[i + 1].strip() if i + 1 < n else ""
        prev_closed = not para or para[-1].endswith(_TERMINAL[:3])
        if (
            _looks_like_heading(line)
            and (prev_blank or prev_closed)
            and not next_line[:1].islower()
            and (not reflow or not next_line or next_line[:1].isupper() or _BULLET_LINE.match(next_line))
        ):
            flush()
            blocks.append(("h", line))
            if len(line.split()) >= 4:
                blocks.append(("p", line))
            continue
        if para and (reflow or not para[-1].endswith(_TERMINAL[:3])) and (reflow or line[:1].islower()):
            para.append(line)
            continue
        flush()
        para.append(line)
    flush()
    return blocks


def extract_text(text: str, url: str = "") -> PolicyDocument:
    """A plain-text or markdown draft (or pasted notice) as a document."""
    if not isinstance(text, str):
        raise ExtractionError(f"expected text, got {type(text).__name__}")
    return build_document(text_blocks(text[:MAX_TEXT_CHARS].replace("\r\n", "\n").replace("\r", "\n")), url)


# --------------------------------------------------------------------------- HTML

_BANNER = re.compile(
    r"cookie.?(?:consent|banner|bar|notice|popup|pop-up|modal|dialog|law|notification|warning)|"
    r"consent.?(?:banner|bar|popup|modal|dialog|manager|notice)|gdpr.?(?:banner|consent|popup|notice)|"
    r"onetrust|cookiebot|cookieyes|cookie-script|cc-(?:window|banner)|cmp-?(?:banner|container)|"
    r"truste-consent|qc-cmp",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "option",
    "nav",
    "head",
    "meta",
    "link",
    "audio",
    "video",
    "picture",
    "map",
    "dialog",
}
_LANDMARKS = {"header", "footer", "aside"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "blockquote",
    "pre",
    "br",
    "hr",
    "address",
    "figure",
    "figcaption",
    "details",
    "summary",
    "caption",
    "body",
    "html",
    "center",
}


def _attr_text(el: Tag) -> str:
    return " ".join(str(el.get(a, "")) for a in ("id", "class", "aria-label", "role"))


def _is_hidden(el: Tag) -> bool:
    if el.get("hidden") is not None or str(el.get("aria-hidden", "")).lower() == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(str(style)))


def _text_len(el: Tag) -> int:
    return sum(len(t) for t in texts(el))


def _is_furniture(el: Tag, tag: str, role: str) -> bool:
    """Page furniture that is not the notice: scripts, navigation, forms, hidden parts, cookie banners."""
    if tag in _DROP_TAGS or role in (
        "navigation",
        "banner",
        "contentinfo",
        "search",
        "dialog",
        "alertdialog",
    ):
        return True
    if _is_hidden(el):
        return True
    if tag in _LANDMARKS and not any(a.name in ("main", "article") for a in el.parents):
        return True
    return bool(
        _BANNER.search(_attr_text(el))
        and tag not in ("body", "html", "main", "article")
        and _text_len(el) < 3000
    )


def extract_html(
    body: bytes | str, url: str, content_type: str | None = None, *, tree: BeautifulSoup | None = None
) -> PolicyDocument:
    """The main text of an HTML page, split into headed sections and sentences.

    ``tree``: the page already parsed by ``parse_document`` (the crawl's parse of a policy page), read
    instead of parsing ``body`` again; the extraction drops the page furniture from it.
    """
    soup = tree
    if soup is None:
        try:
            soup = parse_document(body, content_type)
        except Exception as exc:  # pragma: no cover - lxml raises odd types on pathological input
            raise ExtractionError(f"cannot parse HTML from {url}: {exc}") from exc
    if soup is None:
        return build_document([], url)

    tags = list(elements(soup))
    title = ""
    t = next((el for el in tags if el.name == "title"), None)
    if t is not None and t.contents and is_text(t.contents[0]):
        title = normalise_ws(t.contents[0])[:300]

    # Drop furniture. Collect first, then drop, so iteration is not disturbed.
    doomed = [el for el in tags if _is_furniture(el, el.name, _role(el))]
    furniture_text: list[str] = []
    for el in doomed:
        if el.name in _LANDMARKS or _role(el) in ("banner", "contentinfo"):
            furniture_text.append(element_text(el)[:20000])
    for el in doomed:
        if not el.decomposed:  # not inside furniture dropped already
            el.decompose()
    return _main_text(soup, url, title, furniture_text)


def _main_text(soup: BeautifulSoup, url: str, title: str, furniture_text: list[str]) -> PolicyDocument:
    """The notice from what is left: the largest ``<main>`` (else ``role=main``, else ``<article>``) with
    over 200 characters of text, else the body."""
    mains: list[Tag] = []
    roles: list[Tag] = []
    articles: list[Tag] = []
    body_el = None
    for el in elements(soup):
        name = el.name
        if name == "main":
            mains.append(el)
        elif name == "article":
            articles.append(el)
        elif name == "body" and body_el is None:
            body_el = el
        if el.get("role") == "main":
            roles.append(el)
    container = None
    for found in (mains, roles, articles):
        found = [e for e in found if _text_len(e) > 200]
        if found:
            container = max(found, key=_text_len)
            break
    if container is None:
        container = body_el if body_el is not None else soup

    doc = build_document(_html_blocks(container), url, title)
    if doc.last_updated is None:
        # the date often sits in a page header or footer we dropped
        doc.last_updated = find_last_updated(normalise_ws(" ".join(furniture_text)))
    return doc


def _role(el: Tag) -> str:
    return str(el.get("role", "")).lower()


def _html_blocks(container: Tag) -> list[Block]:
    blocks: list[Block] = []
    buf: list[str] = []
    heading_depth = 0
    hbuf: list[str] = []

    def flush() -> None:
        if buf:
            joined = "".join(buf)
            if joined.strip():
                blocks.append(("p", joined))
            buf.clear()

    for event, node in walk(container):
        if event == "text":
            (hbuf if heading_depth else buf).append(node)
            continue
        tag = node.name
        if event == "start":
            if tag in _HEADINGS:
                flush()
                heading_depth += 1
            elif tag in _BLOCKS and not heading_depth:
                flush()
        elif tag in _HEADINGS:
            heading_depth -= 1
            if heading_depth == 0:
                blocks.append(("h", "".join(hbuf)))
                hbuf.clear()
        elif tag in _BLOCKS and not heading_depth:
            flush()
        elif tag in ("td", "th") and not heading_depth:
            buf.append(" ")
    flush()
    return blocks


# --------------------------------------------------------------------------- PDF


def extract_pdf(data: bytes, url: str) -> PolicyDocument:
    """Text of a PDF notice (bounded in pages and size); any parser failure -> ExtractionError."""
    if len(data) > MAX_PDF_BYTES:
        raise ExtractionError(f"PDF too large ({len(data)} bytes > {MAX_PDF_BYTES})")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractionError("not a PDF file (no %PDF header)")
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:
                raise ExtractionError(f"encrypted PDF cannot be opened: {exc}") from exc
            if not ok:
                raise ExtractionError("encrypted PDF needs a password")
        parts: list[str] = []
        total = 0
        for i, page in enumerate(reader.pages):
            if i >= MAX_PDF_PAGES:
                break
            t = page.extract_text() or ""
            parts.append(t)
            total += len(t)
            if total > MAX_TEXT_CHARS:
                break
        title = ""
        meta = reader.metadata
        if meta is not None and meta.title:
            title = str(meta.title)[:300]
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, KeyError, ValueError, ...)
        raise ExtractionError(f"cannot read PDF from {url or 'input'}: {type(exc).__name__}: {exc}") from exc
    text = CONTROL_CHARS.sub(" ", "\n\n".join(parts))
    return build_document(text_blocks(text, reflow=True), url, title)


# --------------------------------------------------------------------------- any


def _looks_like_html(head: str) -> bool:
    low = head.lstrip().lower()
    return low.startswith(("<!doctype html", "<html", "<?xml")) or any(
        t in low for t in ("<body", "<head", "<p>", "<p ", "<div", "<h1", "<h2", "<main", "<article")
    )


def extract_any(
    data: bytes | str,
    url: str = "",
    content_type: str | None = None,
    *,
    is_pdf: bool | None = None,
    tree: BeautifulSoup | None = None,
) -> PolicyDocument:
    """A notice of any supported kind: PDF (by flag, magic bytes or type), HTML, else plain text/markdown.

    One entry point so the policy check and `confaudit policy` read a notice the same way, whether it
    came from a crawl, a URL or a file; a PDF that cannot be read raises ExtractionError. ``tree``: ``data``
    already parsed as HTML (``parse_document(data, content_type)``), read if the notice is HTML.
    """
    ctype = (content_type or "").lower()
    raw = data if isinstance(data, bytes) else None
    if is_pdf is None:
        is_pdf = "pdf" in ctype or (raw is not None and raw.lstrip()[:5].startswith(b"%PDF"))
    if is_pdf:
        if raw is None:
            raise ExtractionError("a PDF must be given as bytes")
        return extract_pdf(raw, url)
    text = decode_html(data, content_type) if raw is not None else str(data)
    if (
        "html" in ctype
        or "xml" in ctype
        or (not ctype.startswith("text/plain") and _looks_like_html(text[:4096]))
    ):
        return extract_html(text, url, content_type, tree=tree)
    return extract_text(text, url)
