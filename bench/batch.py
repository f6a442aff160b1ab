"""Batch throughput: 40 providers behind a latency proxy, audited sequentially and 16 at a time.

Run on demand: ``.venv/bin/python bench/batch.py [--sites 40] [--latency-ms 40] [--server-ms 150]
[--concurrency 16] [--repeat 3] [--checks ...]``. The sites are the bundled demo providers served under 40
host names on loopback; every connection goes through a small TCP proxy that delays each chunk by ``--latency-ms`` each way (so a round
trip costs twice that, as on a real network), and each response takes ``--server-ms`` to produce (a CMS's
time to first byte). Both runs are the real ``confaudit batch`` command in a child
process with its default worker processes (one at ``--concurrency 1``), static mode (``--browser never``),
writing reports, evidence bundles and the store as usual; each mode runs ``--repeat`` times and the ratio is
of the median wall times (a 2-core machine shared with the servers is noisy). Peak memory is the sum of the
proportional set sizes of the batch and its workers (shared pages split between them), sampled every 20 ms. Goal: at least 8x faster than
sequential, under 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from confaudit.demo.ca import make_ca
from confaudit.demo.run import demo_root
from confaudit.demo.server import LoopbackSites, Reply, Request, Site, load_site

REPO = Path(__file__).resolve().parent.parent
GOAL_RATIO = 8.0
GOAL_RSS_MB = 400.0


class DelayProxy:
    """Forward 127.0.0.1:port to a target port, delaying every chunk by ``delay`` seconds each way."""

    def __init__(self, upstream_port: int, delay: float) -> None:
        self.upstream_port = upstream_port
        self.delay = delay
        self.port = 0

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def send() -> None:
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - loop.time()))
                if not data:
                    break
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()

        sender = asyncio.create_task(send())
        try:
            while True:
                data = await reader.read(65536)
                await queue.put((loop.time() + self.delay, data))
                if not data:
                    break
            await sender
        except (ConnectionError, OSError):
            sender.cancel()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            await asyncio.sleep(self.delay)  # the connection's own round trip
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(self._pipe(client_r, up_w), self._pipe(up_r, client_w), return_exceptions=True)
        for w in (client_w, up_w):
            w.close()

    def start(self) -> DelayProxy:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()

            async def serve() -> None:
                server = await asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=512)
                self.port = server.sockets[0].getsockname()[1]
                ready.set()
                await server.serve_forever()

            loop.run_until_complete(serve())

        threading.Thread(target=run, daemon=True, name=f"delay-proxy-{self.upstream_port}").start()
        ready.wait(10)
        return self


@dataclass
class SlowSite(Site):
    """A site whose every reply takes ``think`` seconds first, as a real CMS takes to build a page."""

    think: float = 0.0

    def reply(self, request: Request) -> Reply:
        reply = super().reply(request)
        return Reply(reply.status, reply.headers, reply.body, reply.delay + self.think)


def providers(n: int, think: float = 0.0) -> list[tuple[Site, str]]:
    """``n`` copies of the demo providers, each under its own host name."""
    root = demo_root() / "site-data"
    dirs = sorted(d for d in root.iterdir() if (d / "site.json").exists())
    out = []
    for i in range(n):
        base = load_site(dirs[i % len(dirs)])
        fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(Site)}
        site = SlowSite(**{**fields, "host": f"provider{i:02d}.example", "log": []}, think=think)
        out.append((site, f"https://{site.host}/"))
    return out


def tree_memory_mb(pid: int) -> float:
    """Memory of a process and all its descendants (worker processes), in MB: the sum of their proportional
    set sizes, so pages forked processes share count once in all (RSS where PSS cannot be read)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            try:
                lines = Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()
                key = "Pss:"
            except OSError:
                lines = Path(f"/proc/{p}/status").read_text().splitlines()
                key = "VmRSS:"
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in lines if line.startswith(key)), 0)
        todo += [int(c) for c in children]
    return total / 1024


def run_batch(args: list[str]) -> tuple[float, float, int, float, float]:
    """Wall seconds, peak memory (MB) of the batch and its workers together, exit code, and CPU seconds of the
    batch with its workers and of the servers (this process)."""
    t0 = time.perf_counter()
    c0 = time.process_time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "confaudit.cli", "batch", *args],
        cwd=str(REPO),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0.0
    sampling_cpu = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, sampling_cpu
        while not stop.wait(0.02):
            peak = max(peak, tree_memory_mb(proc.pid))
        sampling_cpu = time.thread_time()  # not the servers' work: taken out of their CPU time

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        sys.stderr.write(stderr.decode(errors="replace"))
    return (
        wall,
        max(peak, usage.ru_maxrss / 1024),  # the batch process alone, at least
        proc.returncode,
        usage.ru_utime + usage.ru_stime,  # includes the worker processes it reaped
        time.process_time() - c0 - sampling_cpu,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--latency-ms", type=float, default=40.0, help="one-way network delay per chunk")
    parser.add_argument(
        "--server-ms", type=float, default=150.0, help="server think time per response (TTFB)"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each mode; the ratio is of the median wall times"
    )
    parser.add_argument(
        "--checks",
        default="headers,trackers,policy",
        help="comma-separated check ids (default: the page checks; sslyze's TLS scan is bench/tls.py's subject)",
    )
    opts = parser.parse_args()
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # proxy tasks cut off at exit are expected

    pairs = providers(opts.sites, opts.server_ms / 1000)
    sites, urls = [s for s, _ in pairs], [u for _, u in pairs]
    with tempfile.TemporaryDirectory(prefix="confaudit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        ca = make_ca(tmp / "ca", [s.host for s in sites])
        with LoopbackSites(sites, str(ca.cert_file), str(ca.key_file)) as server:
            delay = opts.latency_ms / 1000
            http = DelayProxy(server.http_port, delay).start()
            https = DelayProxy(server.https_port, delay).start()
            targets = tmp / "targets.txt"
            targets.write_text("\n".join(urls) + "\n")
            common = [
                "--only-resolved",
                "--ca-file",
                str(ca.ca_file),
                "--browser",
                "never",
                "--no-store",
                "-q",
            ]
            for s in sites:
                common += ["--connect-to", f"{s.host}:80:127.0.0.1:{http.port}"]
                common += ["--connect-to", f"{s.host}:443:127.0.0.1:{https.port}"]
            if opts.checks:
                common += ["--checks", opts.checks]
            runs = []
            for label, conc in (("sequential", 1), (f"concurrency {opts.concurrency}", opts.concurrency)):
                samples = []
                for i in range(opts.repeat):
                    out = tmp / f"out-{conc}-{i}"
                    wall, rss, _, cpu, server_cpu = run_batch(
                        [str(targets), "--out", str(out), "--concurrency", str(conc), *common]
                    )
                    summary = json.loads((out / "summary.json").read_text())
                    grades = [(t["url"], t["grade"], t["score"]) for t in summary["targets"]]
                    samples.append(Run(label, wall, rss, cpu, server_cpu, summary["counts"], grades))
                walls = sorted(r.wall for r in samples)
                median = next(r for r in samples if r.wall == walls[len(walls) // 2])
                median.walls = walls
                median.rss = max(r.rss for r in samples)
                median.same = all(r.grades == samples[0].grades for r in samples)
                runs.append(median)

    seq, par = runs
    print(
        f"confaudit batch: {opts.sites} sites, {opts.latency_ms:g} ms each way + {opts.server_ms:g} ms server"
        f" time per response, --browser never, checks {opts.checks or 'all'}"
    )
    print(
        f"median of {opts.repeat} runs each (all walls in brackets); peak memory: the batch and its workers (PSS)"
    )
    print(
        f"{'run':<16} {'wall s':>8} {'s/target':>9} {'batch CPU s':>12} {'server CPU s':>13} {'peak mem MB':>12}"
    )
    for r in runs:
        print(
            f"{r.label:<16} {r.wall:>8.2f} {r.wall / opts.sites:>9.3f} {r.cpu:>12.1f} {r.server_cpu:>13.1f}"
            f" {r.rss:>12.1f}   {r.counts['done']} audited, {r.counts['error']} errors"
            f"  [{', '.join(f'{w:.2f}' for w in r.walls)}]"
        )
    ratio = seq.wall / par.wall
    same = seq.grades == par.grades and seq.same and par.same
    peak = max(seq.rss, par.rss)
    print(
        f"speed-up {ratio:.1f}x (goal >= {GOAL_RATIO:g}x); peak memory {peak:.0f} MB (goal < {GOAL_RSS_MB:g} MB)"
    )
    print(f"same grades and scores in both runs: {same}")
    ok = ratio >= GOAL_RATIO and peak < GOAL_RSS_MB and same
    print("PASS" if ok else "MISS")
    sys.exit(0 if ok else 1)


@dataclass
class Run:
    label: str
    wall: float
    rss: float
    cpu: float
    server_cpu: float
    counts: dict[str, int]
    grades: list[tuple[str, str, float | None]]
    walls: list[float] = field(default_factory=list)
    same: bool = True


if __name__ == "__main__":
    main()
