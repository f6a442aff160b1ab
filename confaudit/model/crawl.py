"""What the crawl saw: pages, exchanges, redirects, forms, scripts, resources and cookies."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class PageKind(enum.StrEnum):
    HOME = "home"
    POLICY = "policy"
    SENSITIVE = "sensitive"
    OTHER = "other"


@dataclass
class RedirectHop:
    url: str
    status: int
    location: str


@dataclass
class HttpExchange:
    """One URL fetched, with every redirect hop, as the server answered it."""

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    redirects: list[RedirectHop] = field(default_factory=list)
    content_type: str | None = None
    body_size: int = 0
    body_sha256: str | None = None
    truncated: bool = False
    fetched_at: datetime | None = None
    elapsed_s: float = 0.0
    error: str | None = None
    tls_error: str | None = None
    body: bytes = field(default=b"", repr=False)

    def header(self, name: str) -> str | None:
        """The first header of that name (case-insensitive)."""
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if key.lower() == name]


@dataclass
class FormField:
    name: str
    type: str
    label: str | None = None


@dataclass
class Form:
    action: str
    method: str
    fields: list[FormField] = field(default_factory=list)


@dataclass
class Script:
    src: str | None = None
    inline: str | None = None
    integrity: str | None = None
    type: str | None = None


@dataclass
class Resource:
    """A sub-resource a page loads: image, iframe, stylesheet, font."""

    kind: str
    url: str
    integrity: str | None = None


@dataclass
class Cookie:
    name: str
    domain: str | None = None
    path: str | None = None
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None
    expires: str | None = None
    max_age: int | None = None
    set_by: str | None = None
    raw: str = ""

    @property
    def persistent(self) -> bool:
        return self.expires is not None or (self.max_age is not None and self.max_age > 0)


@dataclass
class Page:
    """A fetched page of the audited site with what it is and what it contains."""

    url: str
    kind: PageKind
    exchange: HttpExchange
    title: str | None = None
    kind_reasons: list[str] = field(default_factory=list)
    is_pdf: bool = False
    headings: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    cookies: list[Cookie] = field(default_factory=list)
    depth: int = 0


@dataclass
class CrawlEvidence:
    """What the crawl saw: the site's plain-HTTP and HTTPS entry points and the pages it visited."""

    start_url: str
    http: HttpExchange | None = None
    https: HttpExchange | None = None
    pages: list[Page] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    policy_urls_tried: list[str] = field(default_factory=list)

    def pages_of(self, kind: PageKind) -> list[Page]:
        return [p for p in self.pages if p.kind == kind]

    @property
    def reachable(self) -> bool:
        return bool(self.pages)
