"""Pull the parts of a page the checks judge out of untrusted HTML.

Pure: bytes in, dataclasses out. Any encoding, any breakage: BeautifulSoup with lxml repairs what it
can and the rest is dropped, never raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from confaudit.model import Cookie, Form, FormField, Resource, Script

MAX_INLINE_SCRIPT = 100_000
MAX_LINKS = 2_000
MAX_TEXT = 200


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


def charset_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_param("charset")
    return charset.strip().lower() if isinstance(charset, str) else None


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


def _label_for(soup: BeautifulSoup, el: Tag) -> str | None:
    el_id = el.get("id")
    if isinstance(el_id, str) and el_id:
        label = soup.find("label", attrs={"for": el_id})
        if label:
            return _clean(label.get_text(" "))
    parent = el.find_parent("label")
    if parent:
        return _clean(parent.get_text(" "))
    for attr in ("aria-label", "placeholder", "title"):
        value = el.get(attr)
        if isinstance(value, str) and value.strip():
            return _clean(value)
    return None


def _attr(el: Tag, name: str) -> str | None:
    value = el.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value


def parse_html(body: bytes, url: str, content_type: str | None = None) -> HtmlParts:
    soup = BeautifulSoup(body, "lxml", from_encoding=charset_of(content_type))
    parts = HtmlParts()
    base_tag = soup.find("base", href=True)
    base = absolute(url, _attr(base_tag, "href")) if isinstance(base_tag, Tag) else None
    base = base or url
    if soup.title and soup.title.string:
        parts.title = _clean(soup.title.string)
    parts.headings = [_clean(h.get_text(" ")) for h in soup.find_all(["h1", "h2", "h3"])][:50]

    for a in soup.find_all(["a", "area"], href=True):
        target = absolute(base, _attr(a, "href"))
        if target:
            text = _clean(a.get_text(" ") or _attr(a, "title") or _attr(a, "aria-label"))
            parts.links.append(Link(target, text))
            if len(parts.links) >= MAX_LINKS:
                break

    for form in soup.find_all("form"):
        action = absolute(base, _attr(form, "action")) or url
        method = (_attr(form, "method") or "get").strip().upper()[:10]
        fields = []
        for el in form.find_all(["input", "select", "textarea"]):
            kind = (_attr(el, "type") or "text").strip().lower() if el.name == "input" else el.name
            if kind in ("submit", "button", "image", "reset"):
                continue
            fields.append(
                FormField(
                    name=_clean(_attr(el, "name") or "", 100), type=kind[:30], label=_label_for(soup, el)
                )
            )
        parts.forms.append(Form(action=action, method=method, fields=fields[:200]))

    for s in soup.find_all("script"):
        src = absolute(base, _attr(s, "src"))
        stype = _attr(s, "type")
        if src:
            parts.scripts.append(Script(src=src, integrity=_attr(s, "integrity"), type=stype))
        else:
            text = s.string or s.get_text() or ""
            if text.strip():
                parts.scripts.append(Script(inline=text[:MAX_INLINE_SCRIPT], type=stype))

    for tag, attr, kind in (
        ("iframe", "src", "iframe"),
        ("img", "src", "image"),
        ("embed", "src", "embed"),
        ("video", "src", "video"),
        ("audio", "src", "audio"),
        ("source", "src", "media"),
        ("object", "data", "object"),
    ):
        for el in soup.find_all(tag):
            target = absolute(base, _attr(el, attr))
            if target:
                parts.resources.append(Resource(kind=kind, url=target))
    for link in soup.find_all("link", href=True):
        rel = (_attr(link, "rel") or "").lower()
        target = absolute(base, _attr(link, "href"))
        if not target:
            continue
        if "stylesheet" in rel:
            parts.resources.append(Resource("stylesheet", target, _attr(link, "integrity")))
        elif "preload" in rel or "prefetch" in rel or "modulepreload" in rel:
            as_ = (_attr(link, "as") or "").lower()
            kind = (
                "font"
                if as_ == "font"
                else "script"
                if as_ == "script" or "modulepreload" in rel
                else "preload"
            )
            parts.resources.append(Resource(kind, target, _attr(link, "integrity")))
        elif "preconnect" in rel or "dns-prefetch" in rel:
            parts.resources.append(Resource("preconnect", target))
        elif "icon" in rel:
            parts.resources.append(Resource("icon", target))

    for m in soup.find_all("meta"):
        key = _attr(m, "name") or _attr(m, "http-equiv") or _attr(m, "property")
        content = _attr(m, "content")
        if key and content is not None:
            parts.meta[key.strip().lower()[:100]] = content[:2000]
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
