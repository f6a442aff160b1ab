"""What a batch was asked to do, and what it did."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from confaudit.model.batch import DONE, ERROR, TargetRow
from confaudit.model.options import AuditOptions

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def default_concurrency() -> int:
    """Audits wait on the network far more than they compute: a few per core, capped."""
    return min(32, max(4, (os.cpu_count() or 2) * 4))


def default_browser_pool() -> int:
    """Each browser visit holds a Chromium renderer (hundreds of MB): about one per two cores."""
    return max(1, min(4, (os.cpu_count() or 2) // 2))




@dataclass
class BatchConfig:
    targets_file: str
    out: Path
    options: AuditOptions
    concurrency: int = field(default_factory=default_concurrency)
    per_host: int = 1
    browser_pool: int = field(default_factory=default_browser_pool)
    shard: tuple[int, int] | None = None
    retry_failed: bool = False
    dask_scheduler: str | None = None
    history_store: Path | None = None  # also record each audit in this history store
    workers: int = 1  # local processes (see batch_workers.py); 1 runs every audit in this process
    # signs each bundle's manifest; used by the writer (this process) only, never sent to a worker or Dask
    sign_key: Ed25519PrivateKey | None = field(default=None, repr=False)


@dataclass
class BatchReport:
    out: Path
    targets: int
    skipped: int  # already done (or failed, without --retry-failed) in an earlier run
    ran: int
    rows: list[TargetRow]
    warnings: list[str] = field(default_factory=list)
    summary: dict[str, Path] = field(default_factory=dict)
    processes: int = 0  # worker processes this run used (0: the audits ran in the batch process)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == ERROR)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.status == DONE)
