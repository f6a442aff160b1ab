"""The batch's own store: the history store plus one row per target (pending, running, done, error)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from confaudit.model import SEVERITY_NAMES, AuditResult
from confaudit.model.batch import PENDING, RUNNING, BatchTarget, TargetRow
from confaudit.storage.history import Store, add_columns

STORE_NAME = "results.sqlite"

TARGETS_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_targets (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    name TEXT,
    position INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    audit_id INTEGER REFERENCES audits(id),
    report_json TEXT,
    report_html TEXT,
    evidence_dir TEXT,
    seconds REAL,
    worker TEXT,
    updated TEXT NOT NULL,
    evidence_digest TEXT
);
"""

class BatchStore(Store):
    """The history store plus one row per target of the batch: pending, running, done or error."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self.create(TARGETS_SCHEMA)
        with self.transaction() as db:  # a batch begun by an earlier version resumes in this one
            add_columns(db, "batch_targets", {"evidence_digest": "TEXT"})

    def sync(self, targets: list[BatchTarget], options: dict[str, Any]) -> str | None:
        """Add targets not seen before; return a warning if the options differ from the first run's."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self.transaction() as db:
            for t in targets:
                db.execute(
                    "INSERT INTO batch_targets (key, url, name, position, status, updated) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET name = excluded.name, position = excluded.position",
                    (t.key, t.url, t.name, t.position, PENDING, now),
                )
            row = db.execute("SELECT value FROM meta WHERE key = 'batch_options'").fetchone()
            wanted = json.dumps(options, sort_keys=True)
            if row is None:
                db.execute("INSERT INTO meta (key, value) VALUES ('batch_options', ?)", (wanted,))
                return None
        if row[0] != wanted:
            return "the options differ from the first run of this batch; earlier results were kept"
        return None

    def statuses(self) -> dict[str, str]:
        with self.lock:
            return {r[0]: r[1] for r in self.db.execute("SELECT key, status FROM batch_targets")}

    def mark_running(self, key: str, worker: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE batch_targets SET status = ?, attempts = attempts + 1, worker = ?, updated = ? WHERE key = ?",
                (RUNNING, worker, _now(), key),
            )

    def finish(
        self,
        key: str,
        status: str,
        *,
        result: AuditResult | None,
        error: str | None,
        paths: dict[str, str | None],
        seconds: float,
        result_json: str | None = None,
    ) -> None:
        """Commit the audit and the target's row together: after this the target is never redone."""
        with self.transaction() as db:
            audit_id = (
                self.insert_audit(db, result, source="batch", result_json=result_json)
                if result is not None
                else None
            )
            db.execute(
                "UPDATE batch_targets SET status = ?, error = ?, audit_id = ?, report_json = ?, report_html = ?,"
                " evidence_dir = ?, evidence_digest = ?, seconds = ?, updated = ? WHERE key = ?",
                (
                    status,
                    error,
                    audit_id,
                    paths.get("json"),
                    paths.get("html"),
                    paths.get("evidence"),
                    result.evidence.digest
                    if paths.get("evidence") and result is not None and result.evidence is not None
                    else None,
                    round(seconds, 3),
                    _now(),
                    key,
                ),
            )

    def rows(self, keys: Iterable[str] | None = None) -> list[TargetRow]:
        with self.lock:
            found = self.db.execute(
                "SELECT t.*, a.grade, a.score, a.critical, a.high, a.medium, a.low, a.info, a.finished"
                " FROM batch_targets t LEFT JOIN audits a ON a.id = t.audit_id ORDER BY t.position"
            ).fetchall()
        wanted = set(keys) if keys is not None else None
        out = []
        for r in found:
            if wanted is not None and r["key"] not in wanted:
                continue
            out.append(
                TargetRow(
                    key=r["key"],
                    url=r["url"],
                    name=r["name"],
                    position=r["position"],
                    status=r["status"],
                    attempts=r["attempts"],
                    error=r["error"],
                    audit_id=r["audit_id"],
                    report_json=r["report_json"],
                    report_html=r["report_html"],
                    evidence_dir=r["evidence_dir"],
                    seconds=r["seconds"],
                    grade=r["grade"],
                    score=r["score"],
                    counts={s: r[s] or 0 for s in SEVERITY_NAMES}
                    if r["audit_id"]
                    else {},
                    finished=r["finished"],
                    evidence_digest=r["evidence_digest"],
                )
            )
        return out


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
