"""The crawl's privacy notice, read once per audit for every check that needs it.

The policy check judges the notice's clauses; the residency and promises checks hold its claims against
behaviour. All three read the same pages the same way, so the extraction and clause analysis are done
once per crawl and shared (checks stay pure: the cache is keyed by the evidence object itself).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from confaudit.model import CrawlEvidence, EvidenceItem, Page, PageKind
from confaudit.policytext import (
    ExtractionError,
    PolicyAnalysis,
    PolicyDocument,
    analyse,
    extract_any,
    merge_documents,
)

T = TypeVar("T")


@dataclass
class Reading:
    """What could be read from the crawl's policy pages: the merged English notice, its analysis, problems."""

    pages: list[Page]
    document: PolicyDocument | None = None
    analysis: PolicyAnalysis | None = None
    problems: list[EvidenceItem] = field(default_factory=list)
    skipped_languages: dict[str, str] = field(default_factory=dict)  # url -> language


@dataclass
class PageText:
    """One policy page as extracted: its document, or why it could not be read."""

    page: Page
    document: PolicyDocument | None = None
    error: str | None = None


def extract_pages(pages: list[Page]) -> list[PageText]:
    """Extract every policy page; a page that cannot be read carries its reason, never raises."""
    out = []
    for page in pages:
        try:
            doc = extract_any(
                page.exchange.body, page.url, page.exchange.content_type, is_pdf=True if page.is_pdf else None
            )
        except ExtractionError as exc:
            out.append(PageText(page, error=str(exc)))
            continue
        out.append(PageText(page, doc))
    return out


def read_pages(extracted: list[PageText]) -> Reading:
    """Merge the readable English pages and analyse them; the rest are recorded problems or skipped."""
    reading = Reading(pages=[item.page for item in extracted])
    docs: list[PolicyDocument] = []
    for item in extracted:
        page, doc = item.page, item.document
        if doc is None:
            reading.problems.append(
                EvidenceItem("url", f"could not read {page.url}: {item.error}"[:500], page.url)
            )
            continue
        if not doc.sentences:
            reading.problems.append(EvidenceItem("url", f"no text could be read from {page.url}", page.url))
            continue
        if doc.language not in ("en", "unknown"):
            reading.skipped_languages[page.url] = doc.language
            continue
        docs.append(doc)
    if docs:
        reading.document = merge_documents(docs)
        reading.analysis = analyse(reading.document)
    return reading


_CACHES: dict[str, dict[int, tuple[weakref.ref[CrawlEvidence], object]]] = {}


def per_crawl(name: str, crawl: CrawlEvidence, make: Callable[[], T]) -> T:
    """``make()`` once per crawl object (a batch judges many targets: dead crawls are dropped)."""
    cache = _CACHES.setdefault(name, {})
    hit = cache.get(id(crawl))
    if hit is not None and hit[0]() is crawl:
        return hit[1]  # type: ignore[return-value]
    value = make()
    cache[id(crawl)] = (weakref.ref(crawl), value)
    if len(cache) > 64:
        for key in [k for k, (ref, _) in cache.items() if ref() is None]:
            del cache[key]
    return value


def policy_texts(crawl: CrawlEvidence) -> list[PageText]:
    """The crawl's policy pages, extracted once for the checks and the evidence bundle alike."""
    return per_crawl("pages", crawl, lambda: extract_pages(crawl.pages_of(PageKind.POLICY)))


def read_notice(crawl: CrawlEvidence) -> Reading:
    """The crawl's policy pages, read and analysed once however many checks ask."""
    return per_crawl("reading", crawl, lambda: read_pages(policy_texts(crawl)))
