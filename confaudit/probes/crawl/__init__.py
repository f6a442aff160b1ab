"""The crawl probe: the site's entry points over HTTP and HTTPS, then its pages that matter, breadth first.

Policy links are visited first, then booking/intake/assessment/contact pages, then the rest, up to
``--max-pages``. A certificate the client would reject does not stop the crawl: the pages are fetched
again without verification (the TLS check judges the certificate) and the error is kept on the exchange.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import re
from urllib.parse import urlsplit, urlunsplit

from confaudit import __version__
from confaudit.analysis import pagetrees
from confaudit.analysis.html import load_parser
from confaudit.api.probe import Probe, ProbeContext
from confaudit.knowledge.domains import same_site
from confaudit.model import CrawlEvidence, HttpExchange, Page, PageKind
from confaudit.net.client import Net, is_tls_error
from confaudit.probes.crawl.classify import (
    POLICY_STRONG,
    USUAL_POLICY_PATHS,
    classify,
    is_policy_link,
    link_priority,
)
from confaudit.probes.crawl.htmlparts import page_parts, parse_set_cookie, parse_tree

SKIP_EXTENSIONS = re.compile(
    r"\.(jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|css|js|mjs|json|xml|rss|atom|zip|gz|tgz|rar|7z|exe|dmg|"
    r"msi|apk|mp[34]|m4a|wav|ogg|webm|mov|avi|woff2?|ttf|otf|eot|docx?|xlsx?|pptx?|csv|ics)$",
    re.I,
)
WAVE = 4


def _is_pdf(exchange: HttpExchange) -> bool:
    ctype = (exchange.content_type or "").lower()
    return "application/pdf" in ctype or exchange.body[:5] == b"%PDF-"


def _is_html(exchange: HttpExchange) -> bool:
    ctype = (exchange.content_type or "").lower()
    if "html" in ctype or ("xml" in ctype and "xhtml" in ctype):
        return True
    if not ctype or ctype.startswith("text/plain"):
        head = exchange.body[:1024].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
    return False


def _normalise(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _variant(url: str, scheme: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


class Crawler:
    def __init__(self, ctx: ProbeContext) -> None:
        self.ctx = ctx
        self.net: Net = ctx.net
        self.options = ctx.options
        self.site_host = ctx.target.host
        self.insecure_hosts: set[str] = set()
        self.link_texts: dict[str, list[str]] = {}
        self.visited: set[str] = set()
        self.queue: list[tuple[int, int, int, str]] = []
        self._seq = itertools.count()

    async def fetch(
        self, url: str, joins: dict[str, asyncio.Future[HttpExchange]] | None = None
    ) -> HttpExchange:
        """Fetch, falling back to a lenient unverified connection when TLS is the problem (the tls check
        judges the certificate and protocols; the pages are still judged)."""
        host = urlsplit(url).hostname or ""
        if host in self.insecure_hosts:
            exchange = await self.net.fetch(url, verify=False)
            exchange.tls_error = "TLS not accepted by a verifying client (see the entry page)"
            return exchange
        exchange = await self.net.fetch(url, joins=joins)
        if is_tls_error(exchange.error):
            self.insecure_hosts.add(host)
            retry = await self.net.fetch(url, verify=False)
            retry.tls_error = exchange.error
            return retry
        return exchange

    def enqueue(self, url: str, text: str, depth: int) -> None:
        key = _normalise(url)
        if text:
            self.link_texts.setdefault(key, [])
            if len(self.link_texts[key]) < 5 and text not in self.link_texts[key]:
                self.link_texts[key].append(text[:100])
        host = urlsplit(key).hostname or ""
        if key in self.visited or not same_site(host, self.site_host):
            return
        path = urlsplit(key).path
        priority = link_priority(key, text)
        if path.lower().endswith(".pdf"):
            if not is_policy_link(key, text):
                return
        elif SKIP_EXTENSIONS.search(path):
            return
        self.visited.add(key)
        heapq.heappush(self.queue, (priority, depth, next(self._seq), key))

    def make_page(self, url: str, exchange: HttpExchange, depth: int, is_home: bool) -> Page | None:
        is_pdf = _is_pdf(exchange)
        if not is_pdf and not _is_html(exchange):
            return None
        final = exchange.final_url or url
        key = _normalise(final)
        texts = self.link_texts.get(_normalise(url), []) + self.link_texts.get(key, [])
        page = Page(url=final, kind=PageKind.OTHER, exchange=exchange, is_pdf=is_pdf, depth=depth)
        tree = None
        if not is_pdf:
            tree = parse_tree(exchange.body, exchange.content_type)
            parts = page_parts(tree, final)
            page.title = parts.title
            page.headings = parts.headings
            page.forms = parts.forms
            page.scripts = parts.scripts
            page.resources = parts.resources
            page.meta = parts.meta
            page.links = [link.url for link in parts.links]
            for link in parts.links:
                self.enqueue(link.url, link.text, depth + 1)
        page.cookies = [c for raw in exchange.header_all("set-cookie") if (c := parse_set_cookie(raw, final))]
        page.kind, page.kind_reasons = classify(
            final,
            is_home=is_home,
            title=page.title,
            headings=page.headings,
            forms=page.forms,
            link_texts=texts,
            is_pdf=is_pdf,
        )
        if page.kind == PageKind.POLICY and tree is not None:  # parsed once: the notice extraction takes it
            pagetrees.keep(self.ctx.evidence, final, len(exchange.body), tree)
        return page

    async def entry(self, evidence: CrawlEvidence) -> HttpExchange | None:
        """Fetch both schemes of the target; return the exchange the crawl starts from."""
        url = self.ctx.target.url
        parts = urlsplit(url)
        if parts.port is not None:
            evidence.errors.append(f"the target names port {parts.port}: only {parts.scheme}:// was fetched")
            exchange = await self.fetch(url)
            setattr(evidence, parts.scheme, exchange)
            return exchange if exchange.status is not None else None
        # both schemes at once; plain HTTP's usual redirect to the https:// page joins that fetch
        https_url = _variant(url, "https")
        https = asyncio.ensure_future(self.fetch(https_url))
        try:
            evidence.http = await self.fetch(_variant(url, "http"), joins={https_url: https})
            evidence.https = await https
        finally:
            https.cancel()  # done already, unless the probe's time budget cut the entry short
        for exchange in (evidence.http, evidence.https):
            if exchange.error:
                evidence.errors.append(f"{exchange.url}: {exchange.error}")
        preferred = evidence.https if parts.scheme == "https" else evidence.http
        other = evidence.http if parts.scheme == "https" else evidence.https
        for exchange in (preferred, other):
            if exchange is not None and exchange.status is not None:
                return exchange
        return None

    async def run(self) -> CrawlEvidence:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.options.budget * 0.8
        evidence = CrawlEvidence(start_url=self.ctx.target.url)
        # the HTML parser's first import (~0.1-0.2 s) overlaps the entry fetch, not the first page's parse
        parser = asyncio.ensure_future(asyncio.to_thread(load_parser))
        start = await self.entry(evidence)
        await parser
        if start is None:
            return evidence
        start_url = start.final_url or start.url
        self.visited.add(_normalise(start_url))
        home = self.make_page(start_url, start, 0, is_home=True)
        if home is None:
            evidence.errors.append(f"{start_url}: the entry page is not HTML ({start.content_type})")
            return evidence
        evidence.pages.append(home)
        # the site's registrable domain follows where the entry page ended up (e.g. a redirect to www)
        self.site_host = urlsplit(start_url).hostname or self.site_host
        while self.queue and len(evidence.pages) < self.options.max_pages:
            remaining = deadline - loop.time()
            if remaining <= 0:
                evidence.errors.append("crawl stopped early: the audit's time budget ran out")
                break
            room = min(WAVE, self.options.max_pages - len(evidence.pages))
            wave = [heapq.heappop(self.queue) for _ in range(min(room, len(self.queue)))]
            try:
                async with asyncio.timeout(remaining):
                    results = await asyncio.gather(*(self.fetch(item[3]) for item in wave))
            except TimeoutError:
                evidence.errors.append("crawl stopped early: the audit's time budget ran out")
                break
            for (_, depth, _, url), exchange in zip(wave, results, strict=True):
                self._add(evidence, url, exchange, depth)
        if not evidence.pages_of(PageKind.POLICY) and loop.time() < deadline:
            await self.fallback_policy(evidence, start_url)
        return evidence

    def _add(self, evidence: CrawlEvidence, url: str, exchange: HttpExchange, depth: int) -> Page | None:
        if exchange.error or exchange.status is None:
            evidence.errors.append(f"{url}: {exchange.error}")
            return None
        if exchange.status >= 400:
            evidence.errors.append(f"{url}: HTTP {exchange.status}")
            return None
        final = _normalise(exchange.final_url or url)
        if final != _normalise(url) and any(_normalise(p.url) == final for p in evidence.pages):
            return None  # a redirect to a page already seen
        page = self.make_page(url, exchange, depth, is_home=False)
        if page is not None:
            evidence.pages.append(page)
        return page

    async def fallback_policy(self, evidence: CrawlEvidence, start_url: str) -> None:
        """No policy link was found: try the paths providers usually use."""
        for path in USUAL_POLICY_PATHS:
            parts = urlsplit(start_url)
            url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
            if _normalise(url) in self.visited:
                continue
            self.visited.add(_normalise(url))
            evidence.policy_urls_tried.append(url)
            exchange = await self.fetch(url)
            if exchange.status is None or not 200 <= exchange.status < 300:
                continue
            page = self.make_page(url, exchange, 1, is_home=False)
            if page is None:
                continue
            text = f"{page.title or ''} {' '.join(page.headings)}"
            if page.kind == PageKind.POLICY and (page.is_pdf or POLICY_STRONG.search(text)):
                page.kind_reasons.append(f"found at the usual path {path}")
                evidence.pages.append(page)
                return
            pagetrees.discard(self.ctx.evidence, page.url)


async def run(ctx: ProbeContext) -> CrawlEvidence:
    return await Crawler(ctx).run()


PROBE = Probe(
    name="crawl",
    version=__version__,
    run=run,
    evidence_type=CrawlEvidence,
    description="HTTP and HTTPS entry points and the site's policy and sensitive pages",
)
