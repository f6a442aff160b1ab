"""Local worker processes for a batch (``--workers N``): the audits' CPU spread over the machine's cores.

One Python process computes on one core however many audits it has in flight, and a batch of static
audits runs out of CPU (TLS handshakes, HTML parsing, judging, rendering) well before it runs out of
network on a small machine. With ``--workers N`` the batch forks N processes; each runs its share of the
concurrency on its own event loop. The parent hands out targets (so the per-host limit holds across all
of them), receives each outcome over a pipe and writes it: reports, evidence and the store keep a single
writer, so resuming behaves exactly as in one process. A worker that dies turns its targets in flight into
error rows and the others carry on.

Forked, not spawned: a worker starts with everything already imported and costs no start-up. ``fork`` exists
on Linux and the BSDs; elsewhere the batch runs in one process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from confaudit.engine.batch.config import BatchConfig
from confaudit.engine.batch.one import Outcome, Slots, audit_one, bounded_registry, next_ready
from confaudit.engine.batch.sink import Sink
from confaudit.engine.registry import Registry
from confaudit.knowledge import Knowledge
from confaudit.model.batch import BatchTarget
from confaudit.model.options import AuditOptions


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def default_workers(concurrency: int) -> int:
    """About one process per eight audits in flight, at most one per core."""
    if not can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, concurrency // 8))


@dataclass
class Job:
    target: BatchTarget
    evidence_dir: str


# --- the worker process --------------------------------------------------------------------------


def _worker_main(
    conn: Connection,
    inherited: list[Connection],
    registry: Registry,
    options: AuditOptions,
    share: int,
    browser_pool: int,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle; it closes our pipe
    for other in inherited:  # the batch's ends of the pipes: held here, they would hide its death from us
        other.close()
    asyncio.run(_serve(conn, registry, options, share, browser_pool))


async def _serve(
    conn: Connection, registry: Registry, options: AuditOptions, share: int, browser_pool: int
) -> None:
    """Audit the jobs the parent sends, up to ``share`` at once, and send back each outcome."""
    loop = asyncio.get_running_loop()
    loop.set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers=share + 4))
    registry = bounded_registry(registry, Slots(browser_pool))
    knowledge = Knowledge(tracker_lists=options.tracker_lists)
    jobs: asyncio.Queue[Job | None] = asyncio.Queue()
    sending = threading.Lock()

    def receive() -> None:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                os._exit(0)  # the batch is gone (killed): nobody is left to take a result
            loop.call_soon_threadsafe(jobs.put_nowait, job)
            if job is None:
                return

    def send(outcome: Outcome) -> None:
        with sending:
            conn.send(outcome)

    async def run(job: Job) -> None:
        outcome = await audit_one(job.target, options, registry, knowledge, job.evidence_dir)
        try:
            await asyncio.to_thread(send, outcome)
        except (EOFError, OSError):
            os._exit(0)  # the batch is gone
        except Exception as exc:  # a result that cannot be pickled (a plugin's odd evidence): still an answer
            error = f"the worker could not hand back the result: {type(exc).__name__}: {exc}"[:500]
            await asyncio.to_thread(send, Outcome(outcome.key, error=error, worker=outcome.worker))

    threading.Thread(target=receive, daemon=True, name="batch-jobs").start()
    running: set[asyncio.Task[None]] = set()
    while (job := await jobs.get()) is not None:
        task = asyncio.create_task(run(job))
        running.add(task)
        task.add_done_callback(running.discard)
    if running:
        await asyncio.wait(running)


# --- the parent ----------------------------------------------------------------------------------


@dataclass
class Worker:
    process: Any
    conn: Connection
    share: int
    inflight: set[str] = field(default_factory=set)
    alive: bool = True
    released: bool = False  # told there is no more work: it exits by itself

    @property
    def name(self) -> str:
        return f"{os.uname().nodename}:{self.process.pid}"


def start_workers(config: BatchConfig, n: int, registry: Registry) -> list[Worker]:
    """Fork the workers now, before the parent starts its event loop or any thread."""
    _preload(config.options)
    ctx = multiprocessing.get_context("fork")
    share = -(-config.concurrency // n)
    pool = max(1, config.browser_pool // n)
    workers: list[Worker] = []
    for _ in range(n):
        parent_end, child_end = ctx.Pipe()
        inherited = [parent_end, *(w.conn for w in workers)]
        proc = ctx.Process(
            target=_worker_main,
            args=(child_end, inherited, registry, config.options, share, pool),
            daemon=True,
            name="confaudit-worker",
        )
        proc.start()
        child_end.close()
        workers.append(Worker(proc, parent_end, share))
    return workers


def _preload(options: AuditOptions) -> None:
    """What every audit needs and would otherwise load in each worker during its first audits (the trust
    store, the async network backend, the HTML parser): loaded once here, inherited by every fork.

    The checks' own set-up (patterns, filter engines) is left to the workers: built in each while its first
    audits wait on the network costs less than building it here before any audit starts.
    """
    import anyio._backends._asyncio  # noqa: F401  (imported by httpx on the first request)

    from confaudit.analysis.html import load_parser
    from confaudit.net.tls import make_ssl_context

    load_parser()

    for verify in (True, False):
        make_ssl_context(options.ca_file, verify)


def stop_workers(workers: list[Worker]) -> None:
    """Wait for workers told the batch is over; end the others (an interrupted or failed batch) at once."""
    for w in workers:
        w.process.join(10 if w.released else 0)
        if w.process.is_alive():
            w.process.terminate()
            w.process.join(5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join(5)
    for w in workers:  # only now: a listening thread reads until its worker has gone
        with contextlib.suppress(OSError):
            w.conn.close()


async def run_workers(
    config: BatchConfig, todo: list[BatchTarget], sink: Sink, workers: list[Worker]
) -> None:
    """Hand the targets to the workers, a bounded number at a time, and write each outcome as it comes."""
    loop = asyncio.get_running_loop()
    loop.set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers=config.concurrency + 4))
    queue = list(todo)
    targets = {t.key: t for t in todo}
    host_load: dict[str, int] = {}
    writes: set[asyncio.Future[None]] = set()
    finished = asyncio.Event()
    closing = False
    failures: list[BaseException] = []

    def guarded(fn: Callable[..., None]) -> Callable[..., None]:
        """A callback that fails (the store cannot be written, say) ends the batch with its error, not a hang."""

        def run(*args: Any) -> None:
            try:
                fn(*args)
            except Exception as exc:
                failures.append(exc)
                finished.set()

        return run

    @guarded
    def written(write: asyncio.Future[None]) -> None:
        writes.discard(write)
        if not write.cancelled():
            write.result()  # a write that failed ends the batch with its error
        submit()

    @guarded
    def settle(outcome: Outcome, worker: Worker | None) -> None:
        if worker is not None:
            worker.inflight.discard(outcome.key)
        host_load[targets[outcome.key].host] -= 1
        write = asyncio.ensure_future(asyncio.to_thread(sink.record, outcome))
        writes.add(write)
        write.add_done_callback(written)
        submit()

    @guarded
    def lost(worker: Worker) -> None:
        if not worker.alive:
            return
        worker.alive = False
        reason = (
            f"the worker process {worker.name} ended (exit code {worker.process.exitcode}) during the audit"
        )
        for key in list(worker.inflight):
            settle(Outcome(key, error=reason, worker=worker.name), worker)
        if not any(w.alive for w in workers):
            while queue:
                t = queue.pop(0)
                host_load[t.host] = host_load.get(t.host, 0) + 1
                settle(Outcome(t.key, error="no worker process was left to audit this target"), None)
        submit()

    @guarded
    def submit() -> None:
        # a finished audit's outputs wait in memory for the writer: at most ``concurrency`` of them
        while queue and len(writes) < config.concurrency:
            live = [w for w in workers if w.alive and len(w.inflight) < w.share]
            pick = next_ready(queue, host_load, config.per_host) if live else None
            if pick is None:
                break
            worker = min(live, key=lambda w: len(w.inflight))
            queue.remove(pick)
            host_load[pick.host] = host_load.get(pick.host, 0) + 1
            worker.inflight.add(pick.key)
            sink.start(pick, worker.name)
            try:
                worker.conn.send(Job(pick, sink.paths(pick)["evidence"]))
            except OSError:
                lost(worker)
        if not queue and not writes and not any(w.inflight for w in workers):
            finished.set()

    def listen(worker: Worker) -> None:
        """A thread per worker: blocking reads, handed to the event loop."""
        while True:
            try:
                outcome = worker.conn.recv()
                handler: tuple[Any, ...] = (settle, outcome, worker)
            except (EOFError, OSError, TypeError):  # TypeError: the pipe was closed under the read
                if closing:
                    return
                worker.process.join(5)
                handler = (lost, worker)
            try:
                loop.call_soon_threadsafe(*handler)
            except RuntimeError:  # the loop has closed: the batch is over
                return
            if handler[0] is lost:
                return

    for w in workers:
        threading.Thread(target=listen, args=(w,), daemon=True, name=f"batch-results-{w.process.pid}").start()
    submit()
    await finished.wait()
    closing = True
    for w in workers:
        with contextlib.suppress(OSError):
            w.conn.send(None)
            w.released = True
    if writes:
        await asyncio.wait(writes)
    if failures:
        raise failures[0]
