"""Wall time of one audit of each demo provider, against a bare fetch of the same pages in the same run.

The audit does far more than fetch (a TLS scan, a browser visit, DNS, every check), so the ratio is the
price of all that over the least any auditor must do; the per-probe times say where it goes.

Run on demand: ``.venv/bin/python bench/audit.py [--runs N] [--browser never|auto]``. The peer is the
least any auditor must do: one plain httpx GET of every page the audit visited, sequentially, on a
warm client with the same loopback servers, so the ratio shows what crawling, parsing and judging add.
The audit's CPU time (this process's, the loopback servers' included) is steadier than its wall time on
a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from confaudit.demo.run import demo_servers
from confaudit.demo.server import LoopbackSites
from confaudit.engine.audit import audit
from confaudit.model import Target
from confaudit.model.options import AuditOptions


async def bare_fetch(urls: list[str], server: LoopbackSites, ca_file: str) -> float:
    """GET every URL once through a transport that maps the demo hosts to loopback."""
    ports = {"http": server.http_port, "https": server.https_port}

    class Mapped(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            request.extensions["sni_hostname"] = request.url.host
            request.headers["Host"] = request.url.host
            request.url = request.url.copy_with(host="127.0.0.1", port=ports[request.url.scheme])
            return await super().handle_async_request(request)

    async with httpx.AsyncClient(transport=Mapped(verify=_ctx(ca_file))) as client:
        t0 = time.perf_counter()
        for url in urls:
            await client.get(url)
        return time.perf_counter() - t0


def _ctx(ca_file: str):  # type: ignore[no-untyped-def]
    import ssl

    ctx = ssl.create_default_context(cafile=ca_file)
    ctx.check_hostname = False  # the peer connects to 127.0.0.1 by address; SNI still names the host
    return ctx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--browser", default="never")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, demo_servers(Path(tmp)) as served:
        server, ca, providers = served
        print(
            f"{'provider':<28} {'pages':>5} {'audit (median)':>15} {'bare GETs':>10} {'ratio':>7} {'audit CPU':>10}"
        )
        for provider in providers:
            options = AuditOptions(
                browser=args.browser,
                connect_to=server.connect_to(),
                only_resolved=True,
                ca_file=str(ca.ca_file),
            )
            audits, bares, cpus = [], [], []
            probes: dict[str, list[float]] = {}
            pages: list[str] = []
            for _ in range(args.runs):
                t0, c0 = time.perf_counter(), time.process_time()
                run = asyncio.run(audit(Target(provider.url, provider.name), options))
                audits.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
                for p in run.result.probes:
                    probes.setdefault(p.name, []).append(p.duration_s)
                crawl = run.evidence.crawl
                pages = [p.url for p in crawl.pages] if crawl else []
                bares.append(asyncio.run(bare_fetch(pages, server, str(ca.ca_file))))
            a, b = statistics.median(audits), statistics.median(bares)
            c = statistics.median(cpus)
            print(f"{provider.name:<28} {len(pages):>5} {a:>13.3f} s {b:>8.3f} s {a / b:>6.1f}x {c:>8.3f} s")
            spans = ", ".join(f"{name} {statistics.median(v):.2f} s" for name, v in probes.items())
            print(f"{'':<28} probes (run concurrently): {spans}")


if __name__ == "__main__":
    main()
