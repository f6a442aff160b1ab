"""SQLite history of audits: every result, its score, grade and problem counts, for ``history`` and batches.

SQLite in WAL mode because it is embedded (nothing to run), survives a killed process with every committed
row intact, and lets a reader (``confaudit history``, a test, a dashboard) look while a batch writes. The
full result JSON is kept beside the summary columns so nothing observed is ever lost to the schema.
A batch folder's ``results.sqlite`` uses the same ``audits`` table, so ``history --store`` reads it too.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confaudit.model import SEVERITY_NAMES, AuditResult, utcnow

SCHEMA_VERSION = 2  # 2: audits.evidence_digest
ENV_STORE = "CONFAUDIT_STORE"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audits (
    id INTEGER PRIMARY KEY,
    target_url TEXT NOT NULL,
    target_name TEXT,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    score REAL,
    grade TEXT NOT NULL,
    error TEXT,
    critical INTEGER NOT NULL DEFAULT 0,
    high INTEGER NOT NULL DEFAULT 0,
    medium INTEGER NOT NULL DEFAULT 0,
    low INTEGER NOT NULL DEFAULT 0,
    info INTEGER NOT NULL DEFAULT 0,
    tool_version TEXT NOT NULL,
    evidence_dir TEXT,
    source TEXT NOT NULL DEFAULT 'audit',
    recorded TEXT NOT NULL,
    result_json TEXT NOT NULL,
    evidence_digest TEXT
);
CREATE INDEX IF NOT EXISTS audits_by_target ON audits (target_url, finished);
"""


def default_path() -> Path:
    """``$CONFAUDIT_STORE`` if set, else ``history.sqlite`` in the user's data directory."""
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("confaudit", appauthor=False) / "history.sqlite"


def counts(result: AuditResult) -> dict[str, int]:
    """Open problems (failed or warned, not accepted in a baseline) by severity."""
    out = dict.fromkeys(SEVERITY_NAMES, 0)
    for f in result.findings():
        if f.open:
            out[f.severity.value] += 1
    return out


@dataclass
class HistoryRow:
    id: int
    target_url: str
    target_name: str | None
    started: str
    finished: str
    score: float | None
    grade: str
    error: str | None
    counts: dict[str, int]
    tool_version: str
    evidence_dir: str | None
    source: str
    scoring_version: str | None = None  # read from the stored result (None: scored before versions)
    evidence_digest: str | None = None  # sha256:<hex> of the bundle's manifest (None: no bundle, or older)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__}


class Store:
    """One SQLite file; safe to share between threads of one process (one connection, one lock)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a commit survives a killed process
        self.db.execute("PRAGMA busy_timeout=30000")
        self.create(SCHEMA)
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            add_columns(db, "audits", {"evidence_digest": "TEXT"})
            db.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version' AND CAST(value AS INTEGER) < ?",
                (str(SCHEMA_VERSION), SCHEMA_VERSION),
            )

    def create(self, schema: str) -> None:
        """Run ``CREATE ... IF NOT EXISTS`` statements in one transaction (executescript would commit early)."""
        with self.transaction() as db:
            for statement in schema.split(";"):
                if statement.strip():
                    db.execute(statement)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def insert_audit(
        self,
        db: sqlite3.Connection,
        result: AuditResult,
        source: str = "audit",
        result_json: str | None = None,
    ) -> int:
        """Insert inside a caller's transaction, so a batch can commit the audit and its target row at once.

        ``result_json``: the result as already rendered, so a batch serialises each result once.
        """
        c = counts(result)
        cur = db.execute(
            "INSERT INTO audits (target_url, target_name, started, finished, score, grade, error, critical, high,"
            " medium, low, info, tool_version, evidence_dir, source, recorded, result_json, evidence_digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                result.target.url,
                result.target.name,
                result.started.isoformat(),
                result.finished.isoformat(),
                result.score,
                result.grade,
                result.error,
                *(c[s] for s in SEVERITY_NAMES),
                result.tool_version,
                result.evidence_dir,
                source,
                utcnow().isoformat(),
                result_json if result_json is not None else json.dumps(result.to_dict(), ensure_ascii=False),
                result.evidence.digest if result.evidence is not None else None,
            ),
        )
        return int(cur.lastrowid or 0)

    def record(self, result: AuditResult, source: str = "audit") -> int:
        with self.transaction() as db:
            return self.insert_audit(db, result, source)

    def history(self, url: str, limit: int | None = None) -> list[HistoryRow]:
        """The audits of one target, oldest first (the most recent ``limit`` when given)."""
        sql = (
            "SELECT id, target_url, target_name, started, finished, score, grade, error, critical, high, medium,"
            " low, info, tool_version, evidence_dir, source, evidence_digest,"
            " json_extract(result_json, '$.scoring_version') AS scoring_version FROM audits WHERE target_url = ?"
            " ORDER BY finished DESC, id DESC"
        )
        params: list[Any] = [url]
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        with self.lock:
            rows = self.db.execute(sql, params).fetchall()
        return [_row(r) for r in reversed(rows)]

    def targets(self) -> list[tuple[str, int]]:
        with self.lock:
            rows = self.db.execute(
                "SELECT target_url, COUNT(*) FROM audits GROUP BY target_url ORDER BY target_url"
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def result(self, audit_id: int) -> AuditResult:
        with self.lock:
            row = self.db.execute("SELECT result_json FROM audits WHERE id = ?", (audit_id,)).fetchone()
        if row is None:
            raise KeyError(audit_id)
        return AuditResult.from_dict(json.loads(row[0]))


def _row(r: sqlite3.Row) -> HistoryRow:
    return HistoryRow(
        id=r["id"],
        target_url=r["target_url"],
        target_name=r["target_name"],
        started=r["started"],
        finished=r["finished"],
        score=r["score"],
        grade=r["grade"],
        error=r["error"],
        counts={s: r[s] for s in SEVERITY_NAMES},
        tool_version=r["tool_version"],
        evidence_dir=r["evidence_dir"],
        source=r["source"],
        scoring_version=r["scoring_version"] if "scoring_version" in r.keys() else None,  # noqa: SIM118
        evidence_digest=r["evidence_digest"],
    )


def add_columns(db: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Add columns a store written by an earlier version lacks (inside the caller's transaction, so two
    processes opening the same old store do not both add them)."""
    have = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
    for name, decl in columns.items():
        if name not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")


def record_audit(result: AuditResult, path: str | Path | None = None) -> Path:
    """Record one audit in the history store (the default one unless ``path``); returns the store's path."""
    target = Path(path) if path else default_path()
    with Store(target) as store:
        store.record(result)
    return target
