"""What the browser probe saw, as plain dataclasses that round-trip through JSON.

Kept free of Playwright objects so saved evidence can be re-judged offline (``confaudit recheck``) and
the trackers check can be tested on recorded visits. Bodies and values are truncated to bounded sizes:
enough to show a regulator what a request carried, never a whole page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from confaudit.model.crawl import PageKind

MAX_POST_BODY = 65_536
MAX_VALUE = 256


@dataclass
class BrowserRequest:
    """One request the page made, before any consent was given."""

    url: str
    method: str
    resource_type: str
    page_url: str
    frame_url: str | None = None
    initiator: str | None = None
    post_body: str | None = None  # latin-1 decoded, truncated to MAX_POST_BODY
    headers: list[tuple[str, str]] = field(default_factory=list)
    status: int | None = None
    failure: str | None = None
    phase: str = "load"  # "load" while the page loaded, "canary" after values were typed


@dataclass
class BrowserCookie:
    name: str
    domain: str
    path: str = "/"
    expires: float | None = None  # seconds since the epoch; None for a session cookie
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None
    value_excerpt: str = ""
    first_seen_on: str | None = None

    @property
    def persistent(self) -> bool:
        return self.expires is not None


@dataclass
class StorageItem:
    origin: str
    area: str  # "local" or "session"
    key: str
    value_excerpt: str = ""
    value_length: int = 0
    page_url: str | None = None


@dataclass
class ApiUse:
    """A fingerprinting-prone browser API a script called, and which script called it."""

    api: str  # canvas-readout, webgl-renderer, audio, font-probe, navigator
    detail: str
    script_url: str | None
    page_url: str
    count: int = 1


@dataclass
class CanaryField:
    """A unique value typed into one form field (never submitted)."""

    page_url: str
    field_name: str
    field_type: str
    label: str | None
    value: str


@dataclass
class CanaryHit:
    """A canary found in a third-party request (computed by the check from the recorded requests)."""

    page_url: str
    field_name: str
    field_type: str
    encoding: str  # plain, url-encoded, base64, sha256, sha1, md5, partial
    where: str  # url, header <name>, body
    request_url: str
    method: str
    resource_type: str
    excerpt: str = ""


@dataclass
class Screenshot:
    page_url: str
    mime: str
    data: bytes = field(default=b"", repr=False)
    sha256: str = ""


@dataclass
class BrowserPage:
    url: str
    kind: PageKind
    final_url: str | None = None
    status: int | None = None
    error: str | None = None
    load_s: float = 0.0
    canary_fields: list[CanaryField] = field(default_factory=list)
    submitted_blocked: bool = False


@dataclass
class BrowserEvidence:
    """The browser visit of one target: requests, cookies, storage and the canary test.

    ``ran`` is False when no browser was used (``--browser never`` or none found with ``auto``): the
    trackers check then says it judged from static analysis only, with ``reason``.
    """

    ran: bool
    reason: str | None = None
    browser: str | None = None
    started: datetime | None = None
    duration_s: float = 0.0
    pages: list[BrowserPage] = field(default_factory=list)
    requests: list[BrowserRequest] = field(default_factory=list)
    cookies: list[BrowserCookie] = field(default_factory=list)
    storage: list[StorageItem] = field(default_factory=list)
    api_uses: list[ApiUse] = field(default_factory=list)
    canaries: list[CanaryField] = field(default_factory=list)
    screenshots: list[Screenshot] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests_dropped: int = 0
