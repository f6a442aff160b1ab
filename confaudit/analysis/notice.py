"""The site's privacy notice, read once per evidence object for every check that needs it.

The policy check judges the notice's clauses; the residency and promises checks hold its claims against
behaviour; the evidence bundle keeps its text. All read the same pages the same way, so extraction and
clause analysis happen once and are memoised on the evidence itself (checks stay pure, and nothing
outlives the audit it belongs to).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from confaudit.analysis import pagetrees
from confaudit.analysis.policytext import (
    ClauseResult,
    ExtractionError,
    PolicyAnalysis,
    PolicyDocument,
    analyse,
    extract_any,
    merge_documents,
)
from confaudit.model import Evidence, EvidenceItem, Page, PageKind

MAX_QUOTE = 400


@dataclass
class Notice:
    """What could be read from the policy pages: the merged English notice, its analysis, and problems."""

    pages: list[Page]
    document: PolicyDocument | None = None
    analysis: PolicyAnalysis | None = None
    problems: list[EvidenceItem] = field(default_factory=list)
    skipped_languages: dict[str, str] = field(default_factory=dict)  # url -> language
    crawled: bool = True  # False when the crawl did not run, so there were no pages to look at

    @property
    def urls(self) -> list[str]:
        return [p.url for p in self.pages]

    @cached_property
    def text(self) -> str:
        """The notice's sentences, lower-cased, for checks that look for a name or a phrase."""
        return self.document.text.lower() if self.document is not None else ""

    @property
    def reason(self) -> str | None:
        """Why there is no analysis (None when there is one)."""
        if not self.crawled:
            return "the crawl did not run"
        if not self.pages:
            return "no privacy or confidentiality notice was found"
        if self.document is None:
            return "the notice could not be read (or is not in English)"
        return None

    def clause(self, clause_id: str) -> ClauseResult | None:
        return self.analysis.clauses.get(clause_id) if self.analysis else None

    def has(self, clause_id: str) -> bool:
        c = self.clause(clause_id)
        return c is not None and c.status != "absent"

    def quotes(self, clause_id: str, limit: int = 3) -> list[EvidenceItem]:
        c = self.clause(clause_id)
        if c is None:
            return []
        return [
            EvidenceItem(
                "quote",
                q.text if len(q.text) <= MAX_QUOTE else q.text[: MAX_QUOTE - 1] + "…",
                q.url or None,
                {"heading": q.heading, "clause": clause_id},
            )
            for q in c.quotes[:limit]
        ]


@dataclass
class PageText:
    """One policy page as extracted: its document, or why it could not be read."""

    page: Page
    document: PolicyDocument | None = None
    error: str | None = None


def extract_pages(pages: list[Page], trees: Callable[[str], Any] | None = None) -> list[PageText]:
    """Extract every policy page; a page that cannot be read carries its reason, never raises.

    ``trees``: the crawl's parse of a page by URL (``pagetrees.take``), read instead of parsing it again.
    """
    out = []
    for page in pages:
        tree = trees(page.url) if trees is not None and not page.is_pdf else None
        try:
            doc = extract_any(
                page.exchange.body,
                page.url,
                page.exchange.content_type,
                is_pdf=True if page.is_pdf else None,
                tree=tree,
            )
        except ExtractionError as exc:
            out.append(PageText(page, error=str(exc)))
            continue
        out.append(PageText(page, doc))
    return out


def read_pages(extracted: list[PageText]) -> Notice:
    """Merge the readable English pages and analyse them; the rest are recorded problems or skipped."""
    reading = Notice(pages=[item.page for item in extracted])
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


def policy_texts(evidence: Evidence) -> list[PageText]:
    """The crawl's policy pages, extracted once for the checks and the evidence bundle alike."""
    crawl = evidence.crawl
    if crawl is None:
        return []
    return evidence.memo(
        "notice-pages",
        lambda: extract_pages(crawl.pages_of(PageKind.POLICY), lambda url: pagetrees.take(evidence, url)),
    )


def read_notice(evidence: Evidence) -> Notice:
    """The notice, read and analysed once however many checks ask."""
    if evidence.crawl is None:
        return Notice([], crawled=False)
    return evidence.memo("notice", lambda: read_pages(policy_texts(evidence)))
