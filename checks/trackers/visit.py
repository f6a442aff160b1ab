"""What the audit saw of one site, and whose hosts are its own: every tracker rule asks "is this a third party?"
and "what kind of page was this on?", and both answers must agree across static and browser evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from confaudit.knowledge.domains import host_of, same_site
from confaudit.knowledge.trackers import TrackerTable
from confaudit.model import Evidence, Page, PageKind
from confaudit.model.browser import BrowserEvidence


def norm(url: str) -> str:
    """A page address compared by scheme, host, path and query (no fragment), so crawl and browser agree."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.netloc or '').lower()}{parts.path or '/'}{'?' + parts.query if parts.query else ''}"


@dataclass
class Visit:
    """The crawled pages, the browser's visit (if it ran), the site's own hosts and the tracker table."""

    evidence: Evidence
    table: TrackerTable
    site_hosts: set[str]
    pages: list[Page]
    browser: BrowserEvidence | None
    kinds: dict[str, PageKind] = field(default_factory=dict)

    def third_party(self, url_or_host: str) -> bool:
        host = host_of(url_or_host) if "//" in url_or_host else url_or_host.lower()
        return bool(host) and not any(same_site(host, s) for s in self.site_hosts)

    def kind_of(self, page_url: str) -> PageKind:
        return self.kinds.get(norm(page_url), PageKind.OTHER)

    @property
    def browser_ran(self) -> bool:
        return self.browser is not None and self.browser.ran

    @property
    def ran_browser(self) -> BrowserEvidence | None:
        """The browser's evidence when it ran, else None (so a rule narrows the type in one step)."""
        return self.browser if self.browser is not None and self.browser.ran else None

    def static_note(self) -> str:
        """Said after a pass judged without a browser, so "none found" is not read as "none there"."""
        if self.browser_ran:
            return ""
        return " (Static analysis only: tags that scripts add at run time are not seen; run with a browser.)"


def visit_of(
    evidence: Evidence, table: TrackerTable, pages: list[Page], browser: BrowserEvidence | None
) -> Visit:
    """The site's hosts are the target's and the first page's (after redirects); page kinds come from the crawl
    first, then from the browser's pages and the addresses they ended at."""
    site_hosts = {evidence.target.host} | {host_of(pages[0].url)}
    visit = Visit(evidence, table, {h for h in site_hosts if h}, pages, browser)
    visit.kinds = {norm(p.url): p.kind for p in pages}
    if browser:
        for bp in browser.pages:
            visit.kinds.setdefault(norm(bp.url), bp.kind)
            if bp.final_url:
                visit.kinds.setdefault(norm(bp.final_url), bp.kind)
    return visit
