"""The policy check's metadata, the one reading of the notice every rule judges, and the clause table.

The reading settles once which of three situations the rules are in (no notice found, a notice that
could not be read, a notice analysed), so each rule only says what it makes of that situation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from confaudit_checks.policy.budgets import BUDGETS, CLAUSE_BUDGET

from confaudit.analysis.notice import Notice, read_notice
from confaudit.analysis.policytext import PolicyAnalysis, PolicyDocument
from confaudit.analysis.policytext import prepare as prepare_patterns
from confaudit.api.check import Check, Outcome, SkipCheck
from confaudit.model import CrawlEvidence, Evidence, Page, PageKind

MIN_WORDS = 8  # fewer words than this is not a notice a client could read (e.g. rendered by JavaScript)


def _prepare(knowledge: object) -> None:
    """Compile the clause patterns while the probes fetch, so the first notice judged does not wait."""
    prepare_patterns()


CHECK = Check(
    id="policy",
    title="Privacy and confidentiality notice",
    category="disclosure",
    weight=1.5,
    needs=("crawl",),
    version="1.0",
    description=(
        "Finds the privacy / confidentiality notice and checks it discloses the 24 clauses a counselling "
        "provider's clients need (limits of confidentiality, records, retention, processors, advertising, "
        "rights ...), with quoted evidence."
    ),
    budgets=BUDGETS,
    prepare=_prepare,
)


@dataclass
class NoticeReading:
    """What every policy rule reads: the crawl's policy pages and what could be made of them."""

    crawl: CrawlEvidence
    pages: list[Page]  # the policy pages; none when no notice was found
    notice: Notice | None = None  # what could be read from them (None when there are none)
    analysis: PolicyAnalysis | None = None  # the clause analysis, when there is enough text to judge
    when: datetime | None = None  # when the notice was fetched: `stale` is judged against this

    @property
    def document(self) -> PolicyDocument | None:
        return self.notice.document if self.notice is not None else None


def audit_time(evidence: Evidence, pages: list[Page]) -> datetime | None:
    """When the notice was fetched: `stale` is judged against this, so a recheck gives the same answer
    (None when no fetch time was recorded: never today's date, which would make a recheck drift)."""
    crawl = evidence.crawl
    times = [p.exchange.fetched_at for p in pages if p.exchange.fetched_at]
    if not times and crawl is not None:
        times = [p.exchange.fetched_at for p in crawl.pages if p.exchange.fetched_at]
        times += [x.fetched_at for x in (crawl.https, crawl.http) if x is not None and x.fetched_at]
    return max(times) if times else None


@CHECK.context
def read(evidence: Evidence, knowledge: object) -> NoticeReading:
    """The notice, read once; a notice in another language skips the check (the clause rules read English)."""
    crawl = evidence.crawl
    assert crawl is not None  # `needs` guarantees it
    pages = crawl.pages_of(PageKind.POLICY)
    if not pages:
        return NoticeReading(crawl, pages)
    notice = read_notice(evidence)
    doc = notice.document
    if doc is None and notice.skipped_languages:
        langs = ", ".join(sorted(set(notice.skipped_languages.values())))
        raise SkipCheck(
            f"the notice is not in English (detected: {langs}); the clause rules read English only"
        )
    if doc is None or doc.word_count < MIN_WORDS:
        return NoticeReading(crawl, pages, notice)
    assert notice.analysis is not None  # a document is always analysed
    return NoticeReading(crawl, pages, notice, notice.analysis, audit_time(evidence, pages))


@CHECK.summary
def clause_table(reading: NoticeReading, outcomes: dict[str, Outcome]) -> dict[str, Any]:
    """The clause table (status, quotes, attributes) for the report and the residency / promises checks."""
    notice = reading.notice
    if notice is None:
        return {"found": False, "urls_tried": list(reading.crawl.policy_urls_tried), "clauses": {}}
    data: dict[str, Any] = {
        "found": True,
        "pages": [p.url for p in reading.pages],
        "problems": [p.text for p in notice.problems],
    }
    analysis = reading.analysis
    if analysis is None:
        return {**data, "clauses": {}}
    table = analysis.to_dict()
    when = reading.when
    data.update(
        {
            "clauses": table["clauses"],
            "urls": table["urls"],
            "language": table["language"],
            "last_updated": table["last_updated"],
            "over_promises": table["over_promises"],
            "readability": table["readability"],
            "judged_at": when.isoformat() if when else None,
            "skipped_pages": dict(notice.skipped_languages),
            "clause_budget": CLAUSE_BUDGET,
        }
    )
    return data
