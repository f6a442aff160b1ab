"""Each target a task on an existing Dask cluster; this process stays the single writer."""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confaudit.engine.batch.config import BatchConfig
from confaudit.engine.batch.one import Outcome, Slots, audit_one, bounded_registry, next_ready
from confaudit.engine.batch.sink import Sink
from confaudit.engine.registry import Registry, load
from confaudit.knowledge import Knowledge
from confaudit.model.batch import BatchTarget
from confaudit.model.options import AuditOptions, UsageError


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
