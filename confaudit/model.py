"""The dataclasses that flow between probes, checks, scoring and renderers.

Probes produce evidence parts, checks turn evidence into findings, the engine assembles an
``AuditResult``. Everything here is a plain dataclass with a lossless JSON round trip
(``to_dict`` / ``from_dict``), so results can be saved, diffed and re-rendered, and evidence can be
replayed offline.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from confaudit.serde import from_jsonable, to_jsonable

SCHEMA_VERSION = "1.0"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Severity(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; lets thresholds compare severities."""
        return {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}[self.value]

    def lower(self) -> Severity:
        order = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
        return order[max(0, self.rank - 1)]


class FindingStatus(enum.StrEnum):
    FAIL = "fail"
    WARN = "warn"
    PASS = "pass"
    INFO = "info"


class CheckStatus(enum.StrEnum):
    OK = "ok"
    ERROR = "error"
    SKIPPED = "skipped"


class PageKind(enum.StrEnum):
    HOME = "home"
    POLICY = "policy"
    SENSITIVE = "sensitive"
    OTHER = "other"


# --- targets -------------------------------------------------------------------------------------


@dataclass
class Target:
    """What is audited: a provider's site, named for people."""

    url: str
    name: str | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def label(self) -> str:
        return self.name or self.host


# --- evidence from the crawl ---------------------------------------------------------------------


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


# --- findings and results ------------------------------------------------------------------------


@dataclass
class EvidenceItem:
    """One concrete observation behind a finding: a URL, a header, a quote, a request, a cookie."""

    kind: str
    text: str
    url: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rule:
    """A finding a check can emit, with what a reader needs to act on it."""

    id: str
    title: str
    severity: Severity
    rationale: str
    remediation: str
    references: list[str] = field(default_factory=list)


@dataclass
class Finding:
    rule: str
    status: FindingStatus
    severity: Severity
    title: str
    summary: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    remediation: str = ""
    references: list[str] = field(default_factory=list)
    url: str | None = None
    accepted: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in (FindingStatus.FAIL, FindingStatus.WARN)

    @property
    def open(self) -> bool:
        """A problem that counts: failed and not accepted in a baseline."""
        return self.failed and self.accepted is None


@dataclass
class Deduction:
    """A step of the score arithmetic, shown in the report."""

    rule: str
    points: float
    reason: str


@dataclass
class ScoreBudget:
    """At most ``max_points`` for the rules matching ``rules`` (globs): one underlying gap, such as a thin
    notice, should not count dozens of times."""

    label: str
    rules: list[str]
    max_points: float


@dataclass
class CheckResult:
    check: str
    title: str
    version: str
    status: CheckStatus
    findings: list[Finding] = field(default_factory=list)
    weight: float = 1.0
    score: float | None = None
    reason: str | None = None
    deductions: list[Deduction] = field(default_factory=list)
    budgets: list[ScoreBudget] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    started: datetime | None = None
    duration_s: float = 0.0


@dataclass
class ProbeRun:
    name: str
    version: str
    status: CheckStatus
    duration_s: float = 0.0
    error: str | None = None


@dataclass
class PageSummary:
    url: str
    kind: PageKind
    status: int | None
    title: str | None = None


@dataclass
class ScoreCap:
    grade: str
    reason: str


@dataclass
class BaselineUse:
    """Which baseline judged this result: accepted findings stay visible, expired entries count again."""

    path: str
    accepted: int = 0
    expired: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)


@dataclass
class AuditResult:
    target: Target
    started: datetime
    finished: datetime
    tool_version: str
    options: dict[str, Any]
    checks: list[CheckResult]
    score: float | None
    grade: str
    caps: list[ScoreCap] = field(default_factory=list)
    probes: list[ProbeRun] = field(default_factory=list)
    pages: list[PageSummary] = field(default_factory=list)
    plugins: dict[str, str] = field(default_factory=dict)
    evidence_dir: str | None = None
    error: str | None = None
    baseline: BaselineUse | None = None
    schema_version: str = SCHEMA_VERSION

    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings]

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuditResult:
        version = data.get("schema_version")
        if version is None or str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(
                f"unsupported result schema version {version!r} (this tool reads {SCHEMA_VERSION})"
            )
        return from_jsonable(cls, data)


# --- evidence handed to checks -------------------------------------------------------------------


@dataclass
class Evidence:
    """Everything the probes collected for one target, keyed by probe name.

    Checks read it and never do I/O themselves, so the same evidence always gives the same findings.
    """

    target: Target
    parts: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, probe: str) -> Any:
        return self.parts.get(probe)

    @property
    def crawl(self) -> CrawlEvidence | None:
        return self.parts.get("crawl")
