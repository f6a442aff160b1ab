"""One target of a batch: its audit under the batch's limits, its outputs packaged for the single writer."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from confaudit.api.probe import Probe, ProbeContext
from confaudit.engine.audit import audit, check_target_url
from confaudit.engine.registry import Registry
from confaudit.knowledge import Knowledge
from confaudit.model import AuditResult, Evidence, EvidenceRef
from confaudit.model.batch import BatchTarget
from confaudit.model.options import AuditOptions
from confaudit.report import render_json
from confaudit.report.outputs import with_evidence_digest
from confaudit.storage.bundle import Bundle, build_bundle


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

    def bounded(probe: Probe) -> Probe:
        inner = probe.run

        async def run(ctx: ProbeContext) -> Any:
            if ctx.options.browser == "never":
                return await inner(ctx)
            async with browser_slots:
                return await inner(ctx)

        return dataclasses.replace(probe, run=run)

    return registry.with_probe("browser", bounded)


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
    """The result's JSON (naming the bundle and its digest) and the evidence bundle.

    The bundle keeps the same result without the digest, which it cannot hold: the digest is over the
    manifest, which lists the hash of that ``result.json``.
    """
    folder = result.evidence_dir or ""
    result.evidence = EvidenceRef(folder)
    inner = render_json(result)
    bundle = build_bundle(result, evidence, knowledge=knowledge, result_json=inner)
    result.evidence = EvidenceRef(folder, bundle.digest)
    return with_evidence_digest(inner, result), bundle
