"""Pull the parts of a page the checks judge out of untrusted HTML.

Pure: bytes in, dataclasses out. Any encoding, any breakage: lxml's HTML parser repairs what it can and
the rest is dropped, never raised (decoding is shared with the policy extractor, ``confaudit.analysis.html``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from confaudit.analysis.html import parse_document
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


def _text(el: Any) -> str:
    """An element's visible text, pieces joined by spaces (``<a>Book<b>now</b></a>`` is "Book now")."""
    return " ".join(el.itertext())


def _attr(el: Any, name: str) -> str | None:
    value = el.get(name)
    return value if isinstance(value, str) else None


def _label_for(el: Any, labels: dict[str, Any]) -> str | None:
    el_id = _attr(el, "id")
    if el_id and el_id in labels:
        return _clean(_text(labels[el_id]))
    parent = next(el.iterancestors("label"), None)
    if parent is not None:
        return _clean(_text(parent))
    for attr in ("aria-label", "placeholder", "title"):
        value = _attr(el, attr)
        if value and value.strip():
            return _clean(value)
    return None


def _form(form: Any, base: str, page_url: str, labels: dict[str, Any]) -> Form:
    action = absolute(base, _attr(form, "action")) or page_url
    method = (_attr(form, "method") or "get").strip().upper()[:10]
    fields = []
    for el in form.iter("input", "select", "textarea"):
        kind = (_attr(el, "type") or "text").strip().lower() if el.tag == "input" else el.tag
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


def parse_html(body: bytes, url: str, content_type: str | None = None) -> HtmlParts:
    parts = HtmlParts()
    try:
        root = parse_document(body, content_type)
    except Exception:  # lxml refuses a few pathological inputs outright: then the page has no parts
        root = None
    if root is None:
        return parts
    base_tag = next((b for b in root.iter("base") if _attr(b, "href")), None)
    base = (absolute(url, _attr(base_tag, "href")) if base_tag is not None else None) or url
    title = next(root.iter("title"), None)
    if title is not None:
        parts.title = _clean(_text(title)) or None
    parts.headings = [_clean(_text(h)) for h in root.iter("h1", "h2", "h3")][:50]
    labels: dict[str, Any] = {}
    for label in root.iter("label"):
        labels.setdefault(_attr(label, "for") or "", label)

    for el in root.iter("a", "area", "form", "script", "link", "meta", *RESOURCE_TAGS):
        tag = el.tag
        if tag in ("a", "area"):
            target = absolute(base, _attr(el, "href"))
            if target and len(parts.links) < MAX_LINKS:
                text = _text(el).strip() or _attr(el, "title") or _attr(el, "aria-label")
                parts.links.append(Link(target, _clean(text)))
        elif tag == "form":
            parts.forms.append(_form(el, base, url, labels))
        elif tag == "script":
            src = absolute(base, _attr(el, "src"))
            stype = _attr(el, "type")
            if src:
                parts.scripts.append(Script(src=src, integrity=_attr(el, "integrity"), type=stype))
            elif el.text and el.text.strip():
                parts.scripts.append(Script(inline=el.text[:MAX_INLINE_SCRIPT], type=stype))
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
