"""Benchmark: the browser probe against bare Playwright visits of the same pages, in the same run.

A local site of a home page and three sensitive pages (with forms, a pixel, a tag manager and a session
recorder stand-in) is served on loopback. "Bare" launches Chromium with Playwright, opens a context and
loads each page until the network is idle (what any tool must do to see the pixels), then closes.
"Audit" is the whole ``confaudit audit --checks trackers --browser always`` of the site: crawl, browser
start, every page with request/cookie/storage recording, the canary typed into each form, screenshots
and judging. Both start cold (browser launch included); a warm audit (browser reused, as in a batch)
is shown too. Goal: audit within 1.5x of bare and under 8 s; peak memory of the process tree.

Run: ``.venv/bin/python bench/browser.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from confaudit.demo.ca import make_ca
from confaudit.demo.server import LoopbackSites, Reply, Site
from confaudit.engine.audit import audit, check_target_url
from confaudit.model.options import AuditOptions
from confaudit.probes import browser as browser_probe
from confaudit.probes.browser import FLAGS, find_chromium
from tests.trackersites import GIF, JS, PIXEL_JS, RECORDER_JS


def html(title: str, body: str, head: str = "") -> Reply:
    doc = f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title>{head}</head><body>{body}</body></html>"
    return Reply(200, [("Content-Type", "text/html; charset=utf-8")], doc.encode())


TAGS = (
    '<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-BENCH"></script>'
    '<script src="https://connect.facebook.net/en_US/fbevents.js"></script>'
)
FORM = (
    '<form action="/send" method="post"><input name="name"><input name="email" type="email">'
    '<input name="phone" type="tel"><textarea name="reason"></textarea><button>Send</button></form>'
)
PAGES = ["/", "/book", "/self-assessment", "/contact"]


def sites() -> list[Site]:
    nav = "".join(f'<a href="{p}">{p.strip("/") or "home"}</a> ' for p in PAGES)
    gtm = b'(function(){new Image().src="https://px.ads.linkedin.com/collect?pid=1&url="+encodeURIComponent(location.href);})();'
    return [
        Site(
            "benchclinic.example",
            routes={
                "/": html("Bench clinic", nav, TAGS),
                "/book": html("Book an appointment", nav + FORM, TAGS),
                "/self-assessment": html(
                    "Anxiety self-assessment",
                    nav + FORM,
                    TAGS + '<script src="https://static.hotjar.com/c/hotjar-77.js"></script>',
                ),
                "/contact": html("Contact us", nav + FORM, TAGS),
            },
        ),
        Site("www.googletagmanager.com", routes={"/gtm.js": Reply(200, JS, gtm)}),
        Site("connect.facebook.net", routes={"/en_US/fbevents.js": Reply(200, JS, PIXEL_JS.encode())}),
        Site("www.facebook.com", routes={"/tr": Reply(200, [("Content-Type", "image/gif")], GIF)}),
        Site("px.ads.linkedin.com", routes={"/collect": Reply(200, [("Content-Type", "image/gif")], GIF)}),
        Site("static.hotjar.com", routes={"/c/hotjar-77.js": Reply(200, JS, RECORDER_JS.encode())}),
        Site("in.hotjar.com", routes={"/api/v2/rec": Reply(204, [], b"")}),
    ]


def _pss(pid: str) -> int:
    """Proportional set size: shared pages counted once across Chromium's processes, unlike RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class PeakMemory:
    """Peak memory (PSS) of this process and all its descendants (Chromium's processes), from /proc."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree_rss(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = _pss(entry) or int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        me = os.getpid()
        total = 0
        for pid in rss:
            p, hops = pid, 0
            while p and p != me and hops < 20:
                p, hops = parents.get(p, 0), hops + 1
            if p == me:
                total += rss[pid]
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss())
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def bare_visit(executable: str, rules: str, ignore_https: bool, urls: list[str]) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=executable, args=[*FLAGS, f"--host-resolver-rules={rules}"], headless=True
        )
        context = await browser.new_context(ignore_https_errors=ignore_https)
        for url in urls:
            page = await context.new_page()
            await page.goto(url, wait_until="load")
            await page.wait_for_load_state("networkidle")
            await page.close()
        await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    executable = find_chromium()
    if executable is None:
        print("no Chromium found: skipped")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="confaudit-bench-"))
    served_sites = sites()
    ca = make_ca(tmp, [s.host for s in served_sites])
    urls = [f"https://benchclinic.example{p}" for p in PAGES]
    bare_s, cold_s, warm_s = [], [], []
    with LoopbackSites(served_sites, str(ca.cert_file), str(ca.key_file)) as server:
        options = AuditOptions(
            checks=["trackers"],
            browser="always",
            connect_to=server.connect_to(),
            only_resolved=True,
            ca_file=str(ca.ca_file),
            max_pages=10,
        )
        rules = options.validate().chromium_rules(True)
        with PeakMemory() as bare_mem:
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                asyncio.run(bare_visit(executable, rules, True, urls))
                bare_s.append(time.perf_counter() - t0)
        with PeakMemory() as audit_mem:
            for _ in range(args.rounds):
                browser_probe.HOST.shutdown()
                browser_probe.HOST = (
                    browser_probe.BrowserHost()
                )  # cold: a new browser, as a fresh process gets
                t0 = time.perf_counter()
                run = asyncio.run(audit(check_target_url("https://benchclinic.example/"), options))
                cold_s.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                asyncio.run(audit(check_target_url("https://benchclinic.example/"), options))
                warm_s.append(time.perf_counter() - t0)
        evidence = run.evidence.get("browser")
        result = next(c for c in run.result.checks if c.check == "trackers")
        failed = sorted(f.rule for f in result.findings if f.failed)
        browser_probe.HOST.shutdown()
    bare, cold, warm = (statistics.median(x) for x in (bare_s, cold_s, warm_s))
    print(f"pages: {len(urls)} (home + 3 sensitive), rounds: {args.rounds}, {evidence.browser}")
    print(
        f"bare Playwright visits (launch + 4 pages to network idle): {bare:.2f} s   peak {bare_mem.peak / 2**20:.0f} MiB"
    )
    print(
        f"confaudit audit, cold (crawl + browser start + visits + canary + judging): {cold:.2f} s   "
        f"peak {audit_mem.peak / 2**20:.0f} MiB"
    )
    print(f"confaudit audit, warm (browser reused):  {warm:.2f} s")
    print(
        f"ratio cold/bare: {cold / bare:.2f}x (goal <= 1.5x); cold under 8 s: {'yes' if cold < 8 else 'NO'}"
    )
    print(
        f"visited {len(evidence.pages)} pages, {len(evidence.requests)} requests, "
        f"{len(evidence.canaries)} canary fields; failed rules: {', '.join(failed)}"
    )
    return 0 if cold / bare <= 1.5 and cold < 8 else 1


if __name__ == "__main__":
    sys.exit(main())
