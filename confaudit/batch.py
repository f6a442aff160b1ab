"""Batch audits: many targets at once, resumable, each written as soon as it finishes, locally or on Dask.

``DIR/results.sqlite`` is the source of truth. A target's reports and evidence are written first and its
row is committed last (with its audit, in one transaction), so a killed batch loses at most the targets in
flight and rerunning the same command redoes only those (``--retry-failed`` also redoes error rows).

Locally the targets run as coroutines on one event loop, bounded by ``concurrency``, by a per-host limit
(politeness: one site is never audited many times at once) and by a browser pool (each browser visit holds
a slot, since Chromium is what costs memory). With ``dask_scheduler`` each target is a task on an existing
Dask cluster; workers return the result and the evidence bundle in memory and this process writes them,
so the store has a single writer either way.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confaudit import __version__
from confaudit.engine import audit, check_target_url
from confaudit.evidence_bundle import Bundle, build_bundle, write_bundle
from confaudit.knowledge import Knowledge
from confaudit.model import AuditResult, Evidence
from confaudit.options import AuditOptions, UsageError
from confaudit.probeapi import Probe, ProbeContext
from confaudit.registry import Registry, load
from confaudit.report import render_html, render_json
from confaudit.report.render import prepare as prepare_reports
from confaudit.store import Store, counts

STORE_NAME = "results.sqlite"
PENDING, RUNNING, DONE, ERROR = "pending", "running", "done", "error"

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
    updated TEXT NOT NULL
);
"""


def default_concurrency() -> int:
    """Audits wait on the network far more than they compute: a few per core, capped."""
    return min(32, max(4, (os.cpu_count() or 2) * 4))


def default_browser_pool() -> int:
    """Each browser visit holds a Chromium renderer (hundreds of MB): about one per two cores."""
    return max(1, min(4, (os.cpu_count() or 2) // 2))


# --- targets -------------------------------------------------------------------------------------


@dataclass
class BatchTarget:
    key: str  # the normalised URL; the identity used for resume, shards and the store
    url: str
    name: str | None
    position: int
    invalid: str | None = None  # why the line is not an auditable URL (an error row, never audited)

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        return (urlsplit(self.key).hostname or "").lower()

    @property
    def slug(self) -> str:
        host = "".join(c if c.isalnum() or c in "-." else "-" for c in self.host)[:60] or "target"
        return f"{host}-{hashlib.sha256(self.key.encode()).hexdigest()[:8]}"


def _target(url: str, name: str | None, position: int) -> BatchTarget:
    url = url.strip()
    try:
        key = check_target_url(url).url
    except UsageError as exc:
        return BatchTarget(url, url, name, position, invalid=str(exc))
    return BatchTarget(key, url, name or None, position)


def parse_targets(text: str, csv_hint: bool = False) -> list[BatchTarget]:
    """A text list (one URL a line, ``#`` comments) or a CSV with a ``url`` column and optional ``name``."""
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), "")
    header = [h.strip().lower() for h in next(csv.reader([first]), [])] if first else []
    if csv_hint or (len(header) > 1 and "url" in header) or header == ["url"]:
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
        reader = csv.DictReader(io.StringIO("\n".join(lines)))
        fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
        if "url" not in fields:
            raise UsageError("the CSV has no 'url' column")
        rows = [
            (
                str(r.get(fields["url"]) or "").strip(),
                (r.get(fields["name"]) or "").strip() if "name" in fields else "",
            )
            for r in reader
        ]
        raw = [(u, n or None) for u, n in rows if u]
    else:
        raw = []
        for line in text.splitlines():
            line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
            if line and not line.startswith("#"):
                raw.append((line, None))
    out: list[BatchTarget] = []
    seen: set[str] = set()
    for url, name in raw:
        t = _target(url, name, len(out))
        if t.key in seen:
            continue  # a duplicate line is audited once
        seen.add(t.key)
        out.append(t)
    return out


def read_targets(path: str | Path) -> list[BatchTarget]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    targets = parse_targets(text, csv_hint=path.suffix.lower() == ".csv")
    if not targets:
        raise UsageError(f"{path} lists no targets")
    return targets


def parse_shard(spec: str) -> tuple[int, int]:
    """``i/N`` with 1 <= i <= N, as CI matrices number their jobs."""
    i, sep, n = spec.partition("/")
    if not (sep and i.strip().isdigit() and n.strip().isdigit()) or not 1 <= int(i) <= int(n):
        raise UsageError(f"--shard wants i/N with 1 <= i <= N, got {spec!r}")
    return int(i), int(n)


def shard_index(key: str, n: int) -> int:
    """A stable shard (0-based) from a hash of the normalised URL: the same on every machine and run."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % n


def select_shard(targets: list[BatchTarget], i: int, n: int) -> list[BatchTarget]:
    return [t for t in targets if shard_index(t.key, n) == i - 1]


# --- the batch store -----------------------------------------------------------------------------


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

    @property
    def label(self) -> str:
        return self.name or self.key


class BatchStore(Store):
    """The history store plus one row per target of the batch: pending, running, done or error."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self.create(TARGETS_SCHEMA)

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
                " evidence_dir = ?, seconds = ?, updated = ? WHERE key = ?",
                (
                    status,
                    error,
                    audit_id,
                    paths.get("json"),
                    paths.get("html"),
                    paths.get("evidence"),
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
                    counts={s: r[s] or 0 for s in ("critical", "high", "medium", "low", "info")}
                    if r["audit_id"]
                    else {},
                    finished=r["finished"],
                )
            )
        return out


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# --- one target ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What auditing one target produced, in plain picklable values (it may come from a Dask worker).

    ``result_json`` is the result rendered once, the text the report, the evidence bundle and the store all
    keep; ``result`` is the same result as an object while the outcome has not left the process.
    """

    key: str
    result_json: str | None = None
    bundle: Bundle | None = None
    error: str | None = None
    seconds: float = 0.0
    worker: str = ""
    result: AuditResult | None = field(default=None, compare=False)


class Slots:
    """A counting limit usable from any thread's event loop (Dask runs each task on its own loop)."""

    def __init__(self, n: int) -> None:
        self._sem = threading.BoundedSemaphore(max(1, n))

    async def __aenter__(self) -> None:
        while not self._sem.acquire(blocking=False):
            await asyncio.sleep(0.05)  # polling, so a cancelled waiter never holds a slot

    async def __aexit__(self, *exc: object) -> None:
        self._sem.release()


def bounded_registry(registry: Registry, browser_slots: Slots) -> Registry:
    """The same registry with the browser probe holding a pool slot for its whole visit."""
    probe = registry.probes.get("browser")
    if probe is None:
        return registry
    inner = probe.run

    async def run(ctx: ProbeContext) -> Any:
        if ctx.options.browser == "never":
            return await inner(ctx)
        async with browser_slots:
            return await inner(ctx)

    probes: dict[str, Probe] = {**registry.probes, "browser": dataclasses.replace(probe, run=run)}
    return dataclasses.replace(registry, probes=probes)


def next_ready(queue: list[BatchTarget], host_load: dict[str, int], per_host: int) -> BatchTarget | None:
    """The first queued target whose host is under its limit of audits at once."""
    return next((t for t in queue if host_load.get(t.host, 0) < per_host), None)


def hard_limit(options: AuditOptions) -> float:
    """Beyond the audit's own budget: a target that hangs anyway is stopped and becomes an error row."""
    return options.budget * 1.5 + 30.0


async def audit_one(
    target: BatchTarget, options: AuditOptions, registry: Registry, knowledge: Knowledge, evidence_dir: str
) -> Outcome:
    """Audit one target and bundle its evidence in memory; every failure becomes an error outcome."""
    t0 = time.perf_counter()
    worker = f"{os.uname().nodename}:{os.getpid()}"
    if target.invalid:
        return Outcome(target.key, error=target.invalid, worker=worker)
    try:
        tgt = check_target_url(target.key)
        tgt.name = target.name
        async with asyncio.timeout(hard_limit(options)):
            run = await audit(tgt, options, registry=registry, knowledge=knowledge)
        run.result.evidence_dir = evidence_dir
        text, bundle = await asyncio.to_thread(_package, run.result, run.evidence, registry, knowledge)
        return Outcome(target.key, text, bundle, None, time.perf_counter() - t0, worker, result=run.result)
    except TimeoutError:
        error = f"stopped after {hard_limit(options):g} s (the audit did not finish within its budget)"
    except Exception as exc:  # one hostile target never stops the batch
        error = f"{type(exc).__name__}: {exc}"[:500]
    return Outcome(target.key, error=error, seconds=time.perf_counter() - t0, worker=worker)


def _package(
    result: AuditResult, evidence: Evidence, registry: Registry, knowledge: Knowledge
) -> tuple[str, Bundle]:
    """The result's JSON and the evidence bundle holding that same text."""
    text = render_json(result)
    return text, build_bundle(result, evidence, registry=registry, knowledge=knowledge, result_json=text)


# --- writing results -----------------------------------------------------------------------------

Notify = Callable[[BatchTarget, str, TargetRow | None], None]


class Sink:
    """Writes each finished target's reports and evidence, then commits its row (the only store writer)."""

    def __init__(
        self,
        out: Path,
        store: BatchStore,
        targets: dict[str, BatchTarget],
        notify: Notify,
        history: Path | None = None,
    ) -> None:
        self.out = out
        self.store = store
        self.targets = targets
        self.notify = notify
        self.history = history
        self.warnings: list[str] = []

    def paths(self, t: BatchTarget) -> dict[str, str]:
        return {
            "json": f"reports/{t.slug}.json",
            "html": f"reports/{t.slug}.html",
            "evidence": f"evidence/{t.slug}",
        }

    def start(self, t: BatchTarget, worker: str = "") -> None:
        self.store.mark_running(t.key, worker)
        self.notify(t, RUNNING, None)

    def record(self, outcome: Outcome) -> None:
        t = self.targets[outcome.key]
        paths: dict[str, str | None] = dict(self.paths(t))
        result = None
        status, error = ERROR, outcome.error
        if outcome.result_json is not None:
            try:
                result = outcome.result or AuditResult.from_dict(json.loads(outcome.result_json))
                if outcome.bundle is not None:
                    write_bundle(outcome.bundle, self.out / str(paths["evidence"]))
                else:
                    paths["evidence"] = None
                _write_text(self.out / str(paths["json"]), outcome.result_json)
                _write_text(self.out / str(paths["html"]), render_html(result))
                status, error = (ERROR, result.error) if result.error else (DONE, None)
            except Exception as exc:  # a result that cannot be written is an error row, not a crash
                result, status, error = (
                    None,
                    ERROR,
                    f"writing the outputs failed: {type(exc).__name__}: {exc}",
                )
        if result is None:
            paths = {"json": None, "html": None, "evidence": None}
        self.store.finish(
            t.key,
            status,
            result=result,
            error=error,
            paths=paths,
            seconds=outcome.seconds,
            result_json=outcome.result_json if result is not None else None,
        )
        if result is not None and self.history is not None:
            self._remember(result, paths.get("evidence"))
        row = TargetRow(
            t.key, t.url, t.name, t.position, status, 0, error, None, paths.get("json"), paths.get("html"),
            paths.get("evidence"), outcome.seconds,
            grade=result.grade if result else None,
            score=result.score if result else None,
            counts=counts(result) if result else {},
        )  # fmt: skip
        self.notify(t, status, row)

    def _remember(self, result: AuditResult, evidence: str | None) -> None:
        """Best effort: the batch store is the truth; the user's history is a convenience."""
        assert self.history is not None
        try:
            copy = dataclasses.replace(
                result, evidence_dir=str((self.out / evidence).resolve()) if evidence else None
            )
            with Store(self.history) as history:
                history.record(copy, source="batch")
        except Exception as exc:
            with self.store.lock:
                if not self.warnings:
                    self.warnings.append(f"audits not recorded in the history store {self.history}: {exc}")


def _write_text(path: Path, text: str) -> None:
    """Write beside and rename, so a report file is either the old one or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --- running -------------------------------------------------------------------------------------


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


def plan(config: BatchConfig) -> list[BatchTarget]:
    targets = read_targets(config.targets_file)
    if config.shard:
        targets = select_shard(targets, *config.shard)
    return targets


def run_batch(
    config: BatchConfig, notify: Notify | None = None, on_plan: Callable[[int, int], None] | None = None
) -> BatchReport:
    """Audit every target not yet done, write each as it finishes, then the summaries."""
    from confaudit.batch_workers import can_fork, run_workers, start_workers, stop_workers
    from confaudit.summary import write_summaries

    if config.concurrency < 1 or config.per_host < 1 or config.browser_pool < 1 or config.workers < 1:
        raise UsageError("--concurrency, --per-host, --browser-pool and --workers must be at least 1")
    config.options.validate()
    registry = load()
    registry.select(config.options.checks)  # an unknown check is a usage error before anything runs
    targets = plan(config)
    config.out.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    with BatchStore(config.out / STORE_NAME) as store:
        mismatch = store.sync(targets, _options_key(config.options))
        if mismatch:
            warnings.append(mismatch)
        status = store.statuses()
        redo = {PENDING, RUNNING} | ({ERROR} if config.retry_failed else set())
        todo = [t for t in targets if status.get(t.key, PENDING) in redo]
        # no fork here (Windows, macOS) or a Dask cluster: this process does the local part alone
        local_workers = 1 if config.dask_scheduler or not can_fork() else min(config.workers, len(todo))
        # forked before the progress display (or anything else) starts a thread
        workers = start_workers(config, local_workers, registry) if local_workers > 1 else []
        try:
            if on_plan:
                on_plan(len(targets), len(targets) - len(todo))
            sink = Sink(
                config.out,
                store,
                {t.key: t for t in targets},
                notify or (lambda *a: None),
                config.history_store,
            )
            if todo:
                if config.dask_scheduler:
                    run_dask(config, todo, sink)
                elif workers:
                    asyncio.run(run_workers(config, todo, sink, workers))
                else:
                    asyncio.run(run_local(config, todo, registry, sink))
        finally:
            stop_workers(workers)
        rows = store.rows(t.key for t in targets)
        warnings += sink.warnings
    report = BatchReport(
        config.out, len(targets), len(targets) - len(todo), len(todo), rows, warnings, processes=len(workers)
    )
    report.summary = write_summaries(config.out, rows, _summary_meta(config, report))
    return report


def _options_key(options: AuditOptions) -> dict[str, Any]:
    """The options that shape findings (not where the test servers happen to listen)."""
    d = options.to_dict()
    for k in ("resolve", "connect_to", "ca_file"):
        d.pop(k, None)
    return d


def _summary_meta(config: BatchConfig, report: BatchReport) -> dict[str, Any]:
    return {
        "tool_version": __version__,
        "targets_file": str(config.targets_file),
        "shard": f"{config.shard[0]}/{config.shard[1]}" if config.shard else None,
        "checks": config.options.checks,
        "browser": config.options.browser,
        "executor": f"dask {config.dask_scheduler}"
        if config.dask_scheduler
        else f"local x{config.concurrency}"
        + (f" in {report.processes} processes" if report.processes else ""),
        "options": _options_key(config.options),
    }


async def run_local(config: BatchConfig, todo: list[BatchTarget], registry: Registry, sink: Sink) -> None:
    loop = asyncio.get_running_loop()
    # sslyze scans and bundle writing run in threads: give them room to match the concurrency
    loop.set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers=config.concurrency + 8))
    slots = asyncio.Semaphore(config.concurrency)
    hosts: dict[str, asyncio.Semaphore] = {}
    registry = bounded_registry(registry, Slots(config.browser_pool))
    knowledge = Knowledge(tracker_lists=config.options.tracker_lists)
    worker = f"{os.uname().nodename}:{os.getpid()}"
    reports_ready = loop.run_in_executor(None, prepare_reports)  # compiled while the first audits fetch

    # a finished audit frees its slot for the next target while its outputs are written; at most
    # ``concurrency`` results wait in memory for that, so a slow disk holds the audits back, not the memory
    writing = asyncio.Semaphore(config.concurrency)

    async def one(t: BatchTarget) -> None:
        host = hosts.setdefault(t.host, asyncio.Semaphore(config.per_host))
        async with host, slots:
            await asyncio.to_thread(sink.start, t, worker)
            outcome = await audit_one(t, config.options, registry, knowledge, sink.paths(t)["evidence"])
            await writing.acquire()
        try:
            await asyncio.to_thread(sink.record, outcome)
        finally:
            writing.release()

    await asyncio.gather(*(one(t) for t in todo))
    with contextlib.suppress(Exception):  # a template that will not compile is each report's recorded error
        await reports_ready


# --- Dask ------------------------------------------------------------------------------------------


@dataclass
class WorkerOptions:
    """The audit options plus the contents of the files they name, for workers on other machines."""

    options: dict[str, Any]
    ca_pem: bytes | None = None
    tracker_lists: list[bytes] = field(default_factory=list)


_WORKER_STATE: dict[str, Any] = {}
_WORKER_LOCK = threading.Lock()


def _worker_state(browser_pool: int) -> tuple[Registry, Slots]:
    with _WORKER_LOCK:
        if "registry" not in _WORKER_STATE:
            slots = Slots(browser_pool)
            _WORKER_STATE["registry"] = bounded_registry(load(), slots)
            _WORKER_STATE["slots"] = slots
        return _WORKER_STATE["registry"], _WORKER_STATE["slots"]


def _worker_file(data: bytes, suffix: str) -> str:
    """Materialise shipped file contents once per worker process (named by their hash)."""
    path = Path(tempfile.gettempdir()) / f"confaudit-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    if not path.exists():
        tmp = path.with_name(path.name + f".{uuid.uuid4().hex[:6]}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return str(path)


def dask_audit(target: BatchTarget, payload: WorkerOptions, evidence_dir: str, browser_pool: int) -> Outcome:
    """The Dask task: audit one target on the worker and hand back the result and evidence."""
    opts = dict(payload.options)
    if payload.ca_pem is not None:
        opts["ca_file"] = _worker_file(payload.ca_pem, ".pem")
    opts["tracker_lists"] = [_worker_file(data, ".txt") for data in payload.tracker_lists]
    options = AuditOptions(**opts)
    registry, _ = _worker_state(browser_pool)
    knowledge = Knowledge(tracker_lists=options.tracker_lists)
    outcome = asyncio.run(audit_one(target, options, registry, knowledge, evidence_dir))
    outcome.result = None  # the JSON text travels back to the client; the object would travel twice
    return outcome


def _payload(options: AuditOptions) -> WorkerOptions:
    ca = Path(options.ca_file).read_bytes() if options.ca_file else None
    lists = [Path(p).read_bytes() for p in options.tracker_lists]
    return WorkerOptions(options.to_dict(), ca, lists)


def run_dask(config: BatchConfig, todo: list[BatchTarget], sink: Sink) -> None:
    """Submit targets to the cluster, a bounded number at a time, and record each as it completes."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--dask-scheduler needs the dask extra: pip install 'confaudit[dask]'") from None
    try:
        client = Client(config.dask_scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler {config.dask_scheduler}: {exc}") from None
    with client:
        payload = client.scatter(_payload(config.options), broadcast=True)
        queue = list(todo)
        inflight: dict[str, BatchTarget] = {}
        host_load: dict[str, int] = {}
        done = as_completed(loop=client.loop)

        def submit_ready() -> None:
            while len(inflight) < config.concurrency:
                pick = next_ready(queue, host_load, config.per_host)
                if pick is None:
                    return
                queue.remove(pick)
                sink.start(pick, "dask")
                fut = client.submit(
                    dask_audit,
                    pick,
                    payload,
                    sink.paths(pick)["evidence"],
                    config.browser_pool,
                    key=f"confaudit-audit-{pick.slug}-{uuid.uuid4().hex[:8]}",
                    pure=False,
                    retries=0,
                )
                inflight[fut.key] = pick
                host_load[pick.host] = host_load.get(pick.host, 0) + 1
                done.add(fut)

        submit_ready()
        for fut in done:
            t = inflight.pop(fut.key)
            host_load[t.host] -= 1
            try:
                outcome = fut.result()
            except Exception as exc:  # a worker that died or a task that failed is this target's error row
                outcome = Outcome(t.key, error=f"Dask task failed: {type(exc).__name__}: {exc}"[:500])
            fut.release()
            sink.record(outcome)
            submit_ready()
