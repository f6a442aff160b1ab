"""Pull the parts of a page the checks judge out of untrusted HTML.

Pure: bytes in, dataclasses out. Any encoding, any breakage: BeautifulSoup over lxml repairs what it can
and the rest is dropped, never raised (decoding and parsing are shared with the notice extractor, in
``confaudit.analysis.html``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from confaudit.analysis.html import element_text, parse_document
from confaudit.model import Cookie, Form, FormField, Resource, Script

MAX_INLINE_SCRIPT = 100_000
MAX_LINKS = 2_000
MAX_TEXT = 200
MAX_FIELDS = 200
RESOURCE_TAGS = {  # tag -> (attribute holding the address, resource kind)
    "iframe": ("src", "iframe"),
    "img": ("src", "image"),
    "embed": ("src", "embed"),
    "video": ("src", "video"),
    "audio": ("src", "audio"),
    "source": ("src", "media"),
    "object": ("data", "object"),
}
FIELD_TAGS = frozenset({"input", "select", "textarea"})
BUCKETS = {  # tag -> the list it is collected in (one pass over the tree, each list in document order)
    "base": "base",
    "title": "title",
    **dict.fromkeys(("h1", "h2", "h3"), "heading"),
    "label": "label",
    **dict.fromkeys(("a", "area", "form", "script", "link", "meta", *RESOURCE_TAGS), "element"),
}


@dataclass
class Link:
    url: str
    text: str


@dataclass
class HtmlParts:
    title: str | None = None
    headings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def _clean(text: str | None, limit: int = MAX_TEXT) -> str:
    return re.sub(r"\s+", " ", text or "").strip()[:limit]


def absolute(base: str, href: str | None) -> str | None:
    """Resolve a link against the page, dropping fragments and anything that is not http(s)."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _attr(el: Any, name: str) -> str | None:
    value = el.get(name)
    return value if isinstance(value, str) else None


def _label_for(el: Any, labels: dict[str, Any]) -> str | None:
    el_id = _attr(el, "id")
    if el_id and el_id in labels:
        return _clean(element_text(labels[el_id]))
    parent = next((p for p in el.parents if p.name == "label"), None)
    if parent is not None:
        return _clean(element_text(parent))
    for attr in ("aria-label", "placeholder", "title"):
        value = _attr(el, attr)
        if value and value.strip():
            return _clean(value)
    return None


def _form(form: Any, base: str, page_url: str, labels: dict[str, Any]) -> Form:
    action = absolute(base, _attr(form, "action")) or page_url
    method = (_attr(form, "method") or "get").strip().upper()[:10]
    fields = []
    for el in form.descendants:
        if el.name not in FIELD_TAGS:
            continue
        kind = (_attr(el, "type") or "text").strip().lower() if el.name == "input" else el.name
        if kind in ("submit", "button", "image", "reset"):
            continue
        fields.append(
            FormField(name=_clean(_attr(el, "name") or "", 100), type=kind[:30], label=_label_for(el, labels))
        )
        if len(fields) >= MAX_FIELDS:
            break
    return Form(action=action, method=method, fields=fields)


def _link_resource(rel: str, target: str, integrity: str | None, as_: str) -> Resource | None:
    words = set(rel.split())
    if "stylesheet" in words:
        return Resource("stylesheet", target, integrity)
    if words & {"preconnect", "dns-prefetch"}:
        return Resource("preconnect", target)
    if words & {"preload", "prefetch", "modulepreload"}:
        kind = (
            "font"
            if as_ == "font"
            else "script"
            if as_ == "script" or "modulepreload" in words
            else "preload"
        )
        return Resource(kind, target, integrity)
    if "icon" in words or "apple-touch-icon" in words:
        return Resource("icon", target)
    return None


def _wanted(soup: Any) -> dict[str, list[Any]]:
    """The elements the parts come from, by tag name, each list in document order: one pass over the tree."""
    found: dict[str, list[Any]] = {bucket: [] for bucket in BUCKETS.values()}
    for el in soup.descendants:
        bucket = BUCKETS.get(el.name)  # a text node's name is None
        if bucket is not None:
            found[bucket].append(el)
    return found


def parse_tree(body: bytes, content_type: str | None = None) -> Any | None:
    """The page's tree (``parse_document``), or None for a page lxml refuses outright: it has no parts."""
    try:
        return parse_document(body, content_type)
    except Exception:
        return None


def parse_html(body: bytes, url: str, content_type: str | None = None) -> HtmlParts:
    """The page's parts; a page that cannot be parsed at all has none."""
    return page_parts(parse_tree(body, content_type), url)


def page_parts(soup: Any, url: str) -> HtmlParts:
    """The parts of a parsed page (``parse_document``'s tree, which this leaves as it found it)."""
    parts = HtmlParts()
    if soup is None:
        return parts
    found = _wanted(soup)
    base_tag = next((b for b in found["base"] if _attr(b, "href")), None)
    base = (absolute(url, _attr(base_tag, "href")) if base_tag is not None else None) or url
    if found["title"]:
        parts.title = _clean(element_text(found["title"][0])) or None
    parts.headings = [_clean(element_text(h)) for h in found["heading"][:50]]
    labels: dict[str, Any] = {}
    for label in found["label"]:
        labels.setdefault(_attr(label, "for") or "", label)

    for el in found["element"]:
        tag = el.name
        if tag in ("a", "area"):
            target = absolute(base, _attr(el, "href"))
            if target and len(parts.links) < MAX_LINKS:
                text = element_text(el).strip() or _attr(el, "title") or _attr(el, "aria-label")
                parts.links.append(Link(target, _clean(text)))
        elif tag == "form":
            parts.forms.append(_form(el, base, url, labels))
        elif tag == "script":
            src = absolute(base, _attr(el, "src"))
            stype = _attr(el, "type")
            inline = el.string
            if src:
                parts.scripts.append(Script(src=src, integrity=_attr(el, "integrity"), type=stype))
            elif inline and inline.strip():
                parts.scripts.append(Script(inline=str(inline)[:MAX_INLINE_SCRIPT], type=stype))
        elif tag == "link":
            target = absolute(base, _attr(el, "href"))
            rel = (_attr(el, "rel") or "").lower()
            resource = target and _link_resource(
                rel, target, _attr(el, "integrity"), (_attr(el, "as") or "").lower()
            )
            if resource:
                parts.resources.append(resource)
        elif tag == "meta":
            key = _attr(el, "name") or _attr(el, "http-equiv") or _attr(el, "property")
            content = _attr(el, "content")
            if key and content is not None:
                parts.meta[key.strip().lower()[:100]] = content[:2000]
        else:
            attr, kind = RESOURCE_TAGS[tag]
            target = absolute(base, _attr(el, attr))
            if target:
                parts.resources.append(Resource(kind=kind, url=target))
    return parts


def parse_set_cookie(raw: str, set_by: str) -> Cookie | None:
    """One ``Set-Cookie`` header value into a Cookie (attributes matched case-insensitively)."""
    pieces = [p.strip() for p in raw.split(";")]
    if not pieces or "=" not in pieces[0]:
        return None
    name = pieces[0].split("=", 1)[0].strip()
    if not name:
        return None
    cookie = Cookie(name=name[:200], set_by=set_by, raw=raw[:1000])
    for piece in pieces[1:]:
        key, _, value = piece.partition("=")
        key = key.strip().lower()
        value = value.strip()
        if key == "secure":
            cookie.secure = True
        elif key == "httponly":
            cookie.http_only = True
        elif key == "samesite":
            cookie.same_site = value.lower() or None
        elif key == "domain":
            cookie.domain = value.lstrip(".").lower() or None
        elif key == "path":
            cookie.path = value or None
        elif key == "expires":
            cookie.expires = value or None
        elif key == "max-age" and value.lstrip("-").isdigit():
            cookie.max_age = int(value)
    return cookie
