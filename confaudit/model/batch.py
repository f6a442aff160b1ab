"""A batch's targets and its rows: what a regulator's list of providers becomes, target by target."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PENDING, RUNNING, DONE, ERROR = "pending", "running", "done", "error"


@dataclass
class BatchTarget:
    key: str  # the normalised URL; the identity used for resume, shards and the store
    url: str
    name: str | None
    position: int
    invalid: str | None = None  # why the line is not an auditable URL (an error row, never audited)

    @property
    def host(self) -> str:
        return (urlsplit(self.key).hostname or "").lower()

    @property
    def slug(self) -> str:
        host = "".join(c if c.isalnum() or c in "-." else "-" for c in self.host)[:60] or "target"
        return f"{host}-{hashlib.sha256(self.key.encode()).hexdigest()[:8]}"


@dataclass
class TargetRow:
    key: str
    url: str
    name: str | None
    position: int
    status: str
    attempts: int
    error: str | None
    audit_id: int | None
    report_json: str | None
    report_html: str | None
    evidence_dir: str | None
    seconds: float | None
    grade: str | None = None
    score: float | None = None
    counts: dict[str, int] = field(default_factory=dict)
    finished: str | None = None
    evidence_digest: str | None = None  # sha256:<hex> of the bundle's manifest.json, noted when written

    @property
    def label(self) -> str:
        return self.name or self.key
