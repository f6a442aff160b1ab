"""One audit's result: every check's result, the score and grade, and what was run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from confaudit.model.crawl import PageKind
from confaudit.model.findings import CheckResult, Finding
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.model.severity import CheckStatus
from confaudit.model.target import Target

SCHEMA_VERSION = "1.2"  # 1.1: scoring_version; 1.2: evidence (the bundle's digest)


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
class EvidenceRef:
    """The evidence bundle this result was judged from, and its digest (``sha256:<hex>`` of the bundle's
    ``manifest.json``, which lists every file's SHA-256): noted outside the bundle, so a bundle rewritten
    later, files and manifest together, no longer matches what was recorded. The ``result.json`` inside the
    bundle cannot hold its own bundle's digest, so there ``digest`` is null."""

    dir: str
    digest: str | None = None


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
    evidence_dir: str | None = None  # kept for readers of schema 1.1; ``evidence.dir`` says the same
    evidence: EvidenceRef | None = None
    error: str | None = None
    baseline: BaselineUse | None = None
    scoring_version: str | None = None  # the scoring table the score was computed with (None: before 1.1)
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
