"""The browser probe: visit the pages that matter in a real Chromium and record what leaves them.

Static analysis sees a tag manager's loader but not the pixels it injects, and never what a script
sends when a visitor types. This probe loads the home, sensitive and policy pages (bounded) in a fresh
browser context that accepts third-party cookies as a default desktop Chrome does, records every
request (with POST bodies), cookie, storage item and fingerprinting-prone API call before any consent,
then types unique canary values into the sensitive pages' forms (never submitting) so the trackers
check can search every third-party request for them.

One Chromium per process, reused across targets: Playwright's objects are bound to the event loop
that made them, and each audit runs its own ``asyncio.run``, so the browser lives on a dedicated
thread with its own loop and audits hand it work. Launching a persistent profile whose preferences
allow third-party cookies, then opening a new (isolated) context per target, gives every target a
fresh profile at the cost of a context, not a browser start. Playwright is imported lazily so
confaudit works without it (static analysis only).
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import glob
import hashlib
import json
import os
import shutil
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from confaudit import __version__
from confaudit.analysis.canary import canary_value, new_token
from confaudit.api.probe import Probe, ProbeContext
from confaudit.model import PageKind, utcnow
from confaudit.model.browser import (
    MAX_POST_BODY,
    MAX_VALUE,
    ApiUse,
    BrowserCookie,
    BrowserEvidence,
    BrowserPage,
    BrowserRequest,
    CanaryField,
    Screenshot,
    StorageItem,
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--renderer-process-limit=4",
    "--js-flags=--max-old-space-size=256",
]
MAX_SENSITIVE = 4
MAX_REQUESTS = 3000
MAX_FIELDS = 20
SETTLE_S = 3.0
QUIET_S = 0.3
CANARY_WAIT_S = 0.2
PARALLEL_TABS = 3
CANARY_TYPES = {"text", "email", "tel", "textarea"}

INSTRUMENT_JS = r"""
(() => {
  if (window.__confauditApi) return;
  const log = [];
  Object.defineProperty(window, "__confauditApi", {value: log});
  const caller = () => {
    try {
      for (const line of new Error().stack.split("\n").slice(2)) {
        const m = line.match(/(https?:\/\/[^\s)]+?):\d+:\d+/);
        if (m) return m[1];
      }
    } catch (e) {}
    return null;
  };
  const rec = (api, detail) => { if (log.length < 500) log.push([api, detail, caller()]); };
  const wrap = (proto, name, api) => {
    const orig = proto && proto[name];
    if (typeof orig !== "function") return;
    proto[name] = function (...args) { rec(api, name); return orig.apply(this, args); };
  };
  wrap(window.HTMLCanvasElement && HTMLCanvasElement.prototype, "toDataURL", "canvas-readout");
  wrap(window.HTMLCanvasElement && HTMLCanvasElement.prototype, "toBlob", "canvas-readout");
  wrap(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype, "getImageData", "canvas-readout");
  for (const P of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!P) continue;
    const orig = P.prototype.getParameter;
    P.prototype.getParameter = function (p) {
      if (p === 37445 || p === 37446) rec("webgl-renderer", p === 37445 ? "UNMASKED_VENDOR" : "UNMASKED_RENDERER");
      return orig.call(this, p);
    };
  }
  if (window.OfflineAudioContext) {
    const O = window.OfflineAudioContext;
    const F = function (...a) { rec("audio", "OfflineAudioContext"); return new O(...a); };
    F.prototype = O.prototype;
    window.OfflineAudioContext = F;
  }
  if (window.CanvasRenderingContext2D) {
    const orig = CanvasRenderingContext2D.prototype.measureText;
    let n = 0;
    CanvasRenderingContext2D.prototype.measureText = function (...a) {
      if (++n === 50) rec("font-probe", "measureText x50");
      return orig.apply(this, a);
    };
  }
  // never submit: the canary is typed, not sent by us
  window.addEventListener("submit", (e) => { e.preventDefault(); window.__confauditSubmit = true; }, true);
  if (window.HTMLFormElement) {
    HTMLFormElement.prototype.submit = function () { window.__confauditSubmit = true; };
    HTMLFormElement.prototype.requestSubmit = function () { window.__confauditSubmit = true; };
  }
})();
"""

STORAGE_JS = """() => {
  const out = [];
  for (const area of ["local", "session"]) {
    try {
      const s = window[area + "Storage"];
      for (let i = 0; i < s.length && i < 200; i++) {
        const k = s.key(i); const v = s.getItem(k) || "";
        out.push([area, k, v.slice(0, MAX_VALUE), v.length]);
      }
    } catch (e) {}
  }
  return [location.origin, out];
}""".replace("MAX_VALUE", str(MAX_VALUE))

FIELD_JS = """e => {
  const tag = e.tagName.toLowerCase();
  const type = tag === "textarea" ? "textarea" : (e.getAttribute("type") || "text").toLowerCase();
  let label = "";
  if (e.labels && e.labels.length) label = e.labels[0].innerText;
  label = label || e.getAttribute("aria-label") || e.placeholder || "";
  const r = e.getBoundingClientRect();
  const visible = !!(r.width || r.height) && getComputedStyle(e).visibility !== "hidden";
  return [type, e.name || e.id || "", label.trim().slice(0, 100), visible && !e.disabled && !e.readOnly];
}"""


def find_chromium() -> str | None:
    """Debian's Chromium, ``CONFAUDIT_CHROMIUM``, or a browser Playwright already installed; never a download."""
    env = os.environ.get("CONFAUDIT_CHROMIUM")
    if env:
        return env if os.path.exists(env) else None
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome-stable"):
        if os.path.exists(path):
            return path
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.expanduser("~/.cache/ms-playwright")
    found = sorted(glob.glob(os.path.join(root, "chromium-*", "chrome-linux*", "chrome")))
    return found[-1] if found else None


def _spki_hash(der: bytes) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    key = x509.load_der_x509_certificate(der).public_key()
    spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def trusted_leaf_spkis(ca_file: str, endpoints: list[tuple[str, str, int]], timeout: float) -> list[str]:
    """SPKI hashes of the leaf certificates that these hosts present and that chain to ``ca_file``.

    Chromium's ``--ignore-certificate-errors-spki-list`` matches the served chain, which does not hold the
    private CA, so the leaves that verify against the CA are pinned instead: only those are accepted.
    """
    ctx = ssl.create_default_context(cafile=ca_file)
    out: set[str] = set()
    for host, addr, port in endpoints:
        try:
            with (
                socket.create_connection((addr, port), timeout=timeout) as sock,
                ctx.wrap_socket(sock, server_hostname=host) as tls,
            ):
                der = tls.getpeercert(binary_form=True)
                if der:
                    out.add(_spki_hash(der))
        except (OSError, ssl.SSLError, ValueError):
            continue
    return sorted(out)


@dataclass
class PagePlan:
    url: str
    kind: PageKind
    canary: bool


@dataclass
class VisitPlan:
    pages: list[PagePlan]
    timeout: float
    deadline: float  # time.monotonic() by which the visit stops starting new pages
    ignore_https_errors: bool = False
    screenshots: bool = True
    token: str = field(default_factory=new_token)


class BrowserHost:
    """One Chromium for the process, on its own thread and event loop, relaunched only when flags change."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._key: tuple[str, ...] | None = None
        self._pw: Any = None
        self._context: Any = None  # the persistent context that owns the browser
        self._profile: str | None = None
        self._users = 0
        self._launch_lock: asyncio.Lock | None = None
        self._idle: asyncio.Condition | None = None
        self.version: str | None = None

    def _start_loop(self) -> asyncio.AbstractEventLoop:
        with self._guard:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    ready.set()
                    loop.run_forever()

                self._thread = threading.Thread(target=run, name="confaudit-browser", daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
                atexit.register(self.shutdown)
            return self._loop

    def submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self._start_loop())

    async def _ensure(self, executable: str, args: list[str]) -> Any:
        """The running browser for these flags (on the host loop)."""
        if self._launch_lock is None:
            self._launch_lock = asyncio.Lock()
            self._idle = asyncio.Condition()
        key = (executable, *args)
        async with self._launch_lock:
            if self._key != key or self._context is None:
                assert self._idle is not None
                async with self._idle:
                    await self._idle.wait_for(lambda: self._users == 0)
                await self._close()
                from playwright.async_api import async_playwright

                self._pw = await async_playwright().start()
                self._profile = tempfile.mkdtemp(prefix="confaudit-chromium-")
                default = Path(self._profile, "Default")
                default.mkdir()
                # Chromium's default profile blocks third-party cookies; a default desktop Chrome does not.
                (default / "Preferences").write_text(json.dumps({"profile": {"cookie_controls_mode": 0}}))
                self._context = await self._pw.chromium.launch_persistent_context(
                    self._profile, executable_path=executable, args=args, headless=True
                )
                for page in self._context.pages:
                    await page.close()
                self._key = key
                browser = self._context.browser
                self.version = f"Chromium {browser.version}" if browser else "Chromium"
            self._users += 1
            return self._context.browser

    async def _release(self) -> None:
        assert self._idle is not None
        async with self._idle:
            self._users -= 1
            self._idle.notify_all()

    async def _close(self) -> None:
        if self._context is not None:
            with contextlib.suppress(Exception):
                await self._context.close()
        if self._pw is not None:
            with contextlib.suppress(Exception):
                await self._pw.stop()
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
        self._context = self._pw = self._profile = self._key = None

    async def visit(self, executable: str, args: list[str], plan: VisitPlan) -> BrowserEvidence:
        browser = await self._ensure(executable, args)
        try:
            return await Visit(browser, plan, self.version).run()
        finally:
            await self._release()

    def shutdown(self) -> None:
        """Close the browser at exit so no Chromium outlives the process."""
        loop = self._loop
        if loop is None or not loop.is_running():
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)


HOST = BrowserHost()


@dataclass
class Tab:
    """What one open page is doing: requests are attributed to it, and it settles on its own traffic."""

    url: str
    phase: str = "load"
    inflight: set[int] = field(default_factory=set)
    last_activity: float = field(default_factory=time.monotonic)


class Visit:
    """One target's pages in one fresh context: the home page first, then the others side by side."""

    def __init__(self, browser: Any, plan: VisitPlan, version: str | None) -> None:
        self.browser = browser
        self.plan = plan
        self.ev = BrowserEvidence(ran=True, browser=version, started=utcnow())
        self.by_request: dict[int, BrowserRequest] = {}
        self.initiators: dict[str, str] = {}
        self.cookie_keys: set[tuple[str, str, str]] = set()
        self.next_canary = 0

    def on_request(self, tab: Tab, request: Any) -> None:
        tab.inflight.add(id(request))
        tab.last_activity = time.monotonic()
        if len(self.ev.requests) >= MAX_REQUESTS:
            self.ev.requests_dropped += 1
            return
        try:
            body = request.post_data_buffer
        except Exception:
            body = None
        try:
            frame_url = request.frame.url
        except Exception:
            frame_url = None
        rec = BrowserRequest(
            url=request.url,
            method=request.method,
            resource_type=request.resource_type,
            page_url=tab.url,
            frame_url=frame_url,
            initiator=self.initiators.get(request.url),
            post_body=body[:MAX_POST_BODY].decode("utf-8", "replace") if body else None,
            headers=[(k, v) for k, v in request.headers.items()],
            phase=tab.phase,
        )
        self.by_request[id(request)] = rec
        self.ev.requests.append(rec)

    def on_response(self, response: Any) -> None:
        rec = self.by_request.get(id(response.request))
        if rec is not None:
            rec.status = response.status

    def on_done(self, tab: Tab, request: Any) -> None:
        tab.inflight.discard(id(request))
        tab.last_activity = time.monotonic()

    def on_failed(self, tab: Tab, request: Any) -> None:
        self.on_done(tab, request)
        rec = self.by_request.get(id(request))
        if rec is not None:
            rec.failure = (request.failure or "failed")[:200]

    def on_cdp_request(self, event: dict[str, Any]) -> None:
        initiator = event.get("initiator") or {}
        where = initiator.get("url")
        stack = initiator.get("stack") or {}
        while not where and stack:
            frames = stack.get("callFrames") or []
            where = next((f.get("url") for f in frames if f.get("url")), None)
            stack = stack.get("parent") or {}
        url = (event.get("request") or {}).get("url")
        if url and where:
            self.initiators.setdefault(url, f"{initiator.get('type', 'script')} {where}"[:300])
            rec = next(
                (r for r in reversed(self.ev.requests[-50:]) if r.url == url and r.initiator is None), None
            )
            if rec is not None:
                rec.initiator = self.initiators[url]

    def remaining(self) -> float:
        return self.plan.deadline - time.monotonic()

    async def run(self) -> BrowserEvidence:
        t0 = time.perf_counter()
        context = await self.browser.new_context(
            ignore_https_errors=self.plan.ignore_https_errors,
            viewport={"width": 1280, "height": 800},
            locale="en-GB",
            service_workers="block",
        )
        try:
            await context.add_init_script(INSTRUMENT_JS)
            first, rest = self.plan.pages[:1], self.plan.pages[1:]
            limit = asyncio.Semaphore(PARALLEL_TABS)

            async def one(plan: PagePlan) -> None:
                async with limit:
                    if self.remaining() <= 1:
                        self.ev.errors.append(f"{plan.url}: not visited, the time budget ran out")
                        return
                    await self.visit_page(context, plan)

            for plan in first:  # arrive at the home page first, as a visitor does
                await one(plan)
            await asyncio.gather(*(one(plan) for plan in rest))
            order = {p.url: i for i, p in enumerate(self.plan.pages)}
            self.ev.pages.sort(key=lambda p: order.get(p.url, 0))
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(context.close(), 10)
        self.ev.duration_s = round(time.perf_counter() - t0, 3)
        return self.ev

    async def visit_page(self, context: Any, plan: PagePlan) -> None:
        page = await context.new_page()
        record = BrowserPage(url=plan.url, kind=plan.kind)
        self.ev.pages.append(record)
        tab = Tab(plan.url)
        page.on("request", lambda r: self.on_request(tab, r))
        page.on("response", self.on_response)
        page.on("requestfailed", lambda r: self.on_failed(tab, r))
        page.on("requestfinished", lambda r: self.on_done(tab, r))
        try:
            cdp = await context.new_cdp_session(page)
            cdp.on("Network.requestWillBeSent", self.on_cdp_request)
            await cdp.send("Network.enable")
        except Exception:
            pass
        timeout_ms = max(1000.0, min(self.plan.timeout, self.remaining()) * 1000)
        t0 = time.perf_counter()
        try:
            response = await page.goto(plan.url, wait_until="load", timeout=timeout_ms)
            record.status = response.status if response else None
            record.final_url = page.url
            await self.settle(tab, SETTLE_S)
            if plan.canary:
                await self.type_canaries(page, tab, record)
            if plan.kind == PageKind.SENSITIVE and self.plan.screenshots:
                shot = await page.screenshot(type="jpeg", quality=60, timeout=5000)
                self.ev.screenshots.append(
                    Screenshot(plan.url, "image/jpeg", shot, hashlib.sha256(shot).hexdigest())
                )
            await self.collect(context, page, tab)
        except Exception as exc:
            record.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
            self.ev.errors.append(f"{plan.url}: {record.error}")
        finally:
            record.load_s = round(time.perf_counter() - t0, 3)
            with contextlib.suppress(Exception):
                await page.close()

    async def settle(self, tab: Tab, seconds: float) -> None:
        """Wait until no request of this tab is in flight or has started for ``QUIET_S`` (pixels fire
        just after load), at most ``seconds``: Playwright's networkidle waits a fixed 500 ms per page."""
        end = time.monotonic() + max(0.1, min(seconds, self.remaining()))
        while time.monotonic() < end:
            if not tab.inflight and time.monotonic() - tab.last_activity >= QUIET_S:
                return
            await asyncio.sleep(0.05)

    async def type_canaries(self, page: Any, tab: Tab, record: BrowserPage) -> None:
        fields = page.locator("input, textarea")
        count = min(await fields.count(), MAX_FIELDS)
        tab.phase = "canary"
        typed = 0
        for i in range(count):
            el = fields.nth(i)
            try:
                ftype, name, label, usable = await el.evaluate(FIELD_JS)
            except Exception:
                continue
            if ftype not in CANARY_TYPES or not usable:
                continue
            index, self.next_canary = self.next_canary, self.next_canary + 1
            value = canary_value(ftype, self.plan.token, index)
            try:
                await el.fill(value, timeout=2000)
                await el.dispatch_event("change")
                await el.evaluate("e => e.blur()")
            except Exception:
                continue
            canary = CanaryField(record.url, name, ftype, label or None, value)
            record.canary_fields.append(canary)
            self.ev.canaries.append(canary)
            typed += 1
        if typed:
            await asyncio.sleep(CANARY_WAIT_S)
            await self.settle(tab, SETTLE_S)
        with contextlib.suppress(Exception):
            record.submitted_blocked = bool(await page.evaluate("() => !!window.__confauditSubmit"))

    async def collect(self, context: Any, page: Any, tab: Tab) -> None:
        """Storage and API calls of every frame, and the cookies that appeared by the end of this page."""
        for frame in page.frames:
            try:
                origin, items = await asyncio.wait_for(frame.evaluate(STORAGE_JS), 2)
                for area, key, value, length in items:
                    if not any(
                        s.origin == origin and s.area == area and s.key == key for s in self.ev.storage
                    ):
                        self.ev.storage.append(StorageItem(origin, area, key, value, length, tab.url))
            except Exception:
                pass
            try:
                uses = await asyncio.wait_for(frame.evaluate("() => window.__confauditApi || []"), 2)
                for api, detail, script in uses:
                    known = next(
                        (
                            u
                            for u in self.ev.api_uses
                            if (u.api, u.script_url, u.page_url) == (api, script, tab.url)
                        ),
                        None,
                    )
                    if known:
                        known.count += 1
                    else:
                        self.ev.api_uses.append(ApiUse(api, detail, script, tab.url))
            except Exception:
                pass
        for c in await context.cookies():
            key = (c["name"], c["domain"], c.get("path", "/"))
            if key in self.cookie_keys:
                continue
            self.cookie_keys.add(key)
            expires = c.get("expires", -1)
            self.ev.cookies.append(
                BrowserCookie(
                    name=c["name"],
                    domain=c["domain"],
                    path=c.get("path", "/"),
                    expires=float(expires) if expires and expires > 0 else None,
                    secure=bool(c.get("secure")),
                    http_only=bool(c.get("httpOnly")),
                    same_site=c.get("sameSite"),
                    value_excerpt=str(c.get("value", ""))[:64],
                    first_seen_on=tab.url,
                )
            )


def plan_pages(ctx: ProbeContext) -> list[PagePlan]:
    """Home, up to four sensitive pages (canary where they have fields), and the policy page."""
    crawl = ctx.evidence.crawl
    if crawl is None:
        return []
    html = [p for p in crawl.pages if not p.is_pdf]
    chosen = html[:1]
    chosen += [p for p in html if p.kind == PageKind.SENSITIVE and p not in chosen][:MAX_SENSITIVE]
    chosen += [p for p in html if p.kind == PageKind.POLICY and p not in chosen][:1]
    out = []
    for p in chosen[: ctx.options.max_pages]:
        typable = any(f.type in CANARY_TYPES for form in p.forms for f in form.fields)
        out.append(PagePlan(p.url, p.kind, canary=p.kind == PageKind.SENSITIVE and typable))
    return out


def _endpoints(ctx: ProbeContext) -> list[tuple[str, str, int]]:
    out = []
    target = ctx.target.host
    for pin in ctx.hostmap.pins:
        if pin.port == 443:
            out.append((pin.host, pin.addr, pin.addr_port))
    if not any(h == target for h, _, _ in out) and not ctx.options.only_resolved:
        out.append((target, target, urlsplit(ctx.target.url).port or 443))
    return out


async def run(ctx: ProbeContext) -> BrowserEvidence:
    mode = ctx.options.browser
    if mode == "never":
        return BrowserEvidence(ran=False, reason="--browser never: static analysis only")
    executable = find_chromium()
    reason = None
    if executable is None:
        reason = "no Chromium found (install Debian's chromium or set CONFAUDIT_CHROMIUM)"
    else:
        try:
            import playwright.async_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (pip install 'confaudit[browser]')"
    if reason:
        if mode == "always":
            raise RuntimeError(f"--browser always, but {reason}")
        return BrowserEvidence(ran=False, reason=f"{reason}: static analysis only")
    pages = plan_pages(ctx)
    if not pages:
        return BrowserEvidence(ran=False, reason="the crawl found no HTML page to visit")
    assert executable is not None
    args = list(FLAGS)
    rules = ctx.hostmap.chromium_rules(ctx.options.only_resolved)
    if rules:
        args.append(f"--host-resolver-rules={rules}")
    ignore_errors = False
    if ctx.options.ca_file:
        spkis = await asyncio.to_thread(
            trusted_leaf_spkis, ctx.options.ca_file, _endpoints(ctx), min(ctx.options.timeout, 5.0)
        )
        if spkis:
            args.append(f"--ignore-certificate-errors-spki-list={','.join(spkis)}")
        else:
            ignore_errors = (
                True  # no leaf could be checked against the CA: accept certificates as the user asked
            )
    budget = ctx.options.budget * 0.6
    plan = VisitPlan(
        pages=pages,
        timeout=ctx.options.timeout,
        deadline=time.monotonic() + budget,
        ignore_https_errors=ignore_errors,
    )
    future = HOST.submit(HOST.visit(executable, args, plan))
    evidence = await asyncio.wrap_future(future)
    return evidence


PROBE = Probe(
    name="browser",
    version=__version__,
    run=run,
    evidence_type=BrowserEvidence,
    after=("crawl",),
    description="Headless Chromium visit of the home, sensitive and policy pages, with the form-data canary",
)
