"""Batch audits: many targets at once, resumable, each written as soon as it finishes, locally or on Dask.

``DIR/results.sqlite`` is the source of truth. A target's reports and evidence are written first and its
row is committed last (with its audit, in one transaction), so a killed batch loses at most the targets in
flight and rerunning the same command redoes only those (``--retry-failed`` also redoes error rows).

Locally the targets run as coroutines on one event loop, bounded by ``concurrency``, by a per-host limit
(politeness: one site is never audited many times at once) and by a browser pool (each browser visit holds
a slot, since Chromium is what costs memory). With ``dask_scheduler`` each target is a task on an existing
Dask cluster; workers return the result and the evidence bundle in memory and this process writes them,
so the store has a single writer either way."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
from collections.abc import Callable
from typing import Any

from confaudit import __version__
from confaudit.engine.audit import validate_options
from confaudit.engine.batch.config import BatchConfig, BatchReport
from confaudit.engine.batch.one import Slots, audit_one, bounded_registry
from confaudit.engine.batch.sink import Notify, Sink
from confaudit.engine.batch.targets import read_targets, select_shard
from confaudit.engine.registry import Registry, load
from confaudit.knowledge import Knowledge
from confaudit.model.batch import ERROR, PENDING, RUNNING, BatchTarget
from confaudit.model.options import AuditOptions, UsageError
from confaudit.report.html import prepare as prepare_reports
from confaudit.storage.results import STORE_NAME, BatchStore


def plan(config: BatchConfig) -> list[BatchTarget]:
    targets = read_targets(config.targets_file)
    if config.shard:
        targets = select_shard(targets, *config.shard)
    return targets


def run_batch(
    config: BatchConfig, notify: Notify | None = None, on_plan: Callable[[int, int], None] | None = None
) -> BatchReport:
    """Audit every target not yet done, write each as it finishes, then the summaries."""
    from confaudit.engine.batch.workers import can_fork, run_workers, start_workers, stop_workers
    from confaudit.report.summary import write_summaries

    if config.concurrency < 1 or config.per_host < 1 or config.browser_pool < 1 or config.workers < 1:
        raise UsageError("--concurrency, --per-host, --browser-pool and --workers must be at least 1")
    validate_options(config.options)
    registry = load()
    # an unknown check is a usage error before anything runs; what the audits use is imported before a fork
    registry.plan(registry.select(config.options.checks))
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
                config.sign_key,
            )
            if todo:
                if config.dask_scheduler:
                    from confaudit.engine.batch.dask import run_dask

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
