"""The trackers check: its metadata, what every rule reads (the visit and its sightings) and the result's data.

Static analysis of the crawl always runs. When the browser probe ran, its request log, cookies, storage,
API calls and the form-data canary show what actually left the page, including what a tag manager injects
at run time, which static analysis cannot see. Trackers on pages that book, take in or assess a client are
judged most severely, as the FTC did in BetterHelp, GoodRx, Cerebral and Monument and as HHS OCR's
tracking-technology guidance does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from confaudit_checks.trackers.sightings import Sighting, collect
from confaudit_checks.trackers.visit import Visit, visit_of

from confaudit.api.check import Check, Outcome, SkipCheck
from confaudit.knowledge.domains import same_site
from confaudit.knowledge.trackers import TrackerTable
from confaudit.model import Evidence
from confaudit.model.browser import BrowserEvidence


def prepare(knowledge: Any) -> None:
    """The filter engines and the Public Suffix List, built while the probes fetch."""
    knowledge.trackers.lists.prepare()
    same_site("prepare.invalid", "www.prepare.invalid")


CHECK = Check(
    id="trackers",
    title="Trackers and third parties",
    category="confidentiality",
    weight=2.0,
    needs=("crawl",),
    wants=("browser",),
    version="1.0",
    description="Which third parties learn what on which page, before consent: pixels, analytics, session "
    "recorders, cookies, form data (canary), page addresses, fingerprinting, embeds, form actions.",
    prepare=prepare,
)


@dataclass
class Reading:
    """What every trackers rule reads: the visit, and each third party seen on each page."""

    visit: Visit
    sightings: list[Sighting]


@CHECK.context
def read(evidence: Evidence, knowledge: Any) -> Reading:
    """Without a browser the check judges the crawl alone, unless the user demanded one (--browser always)."""
    crawl = evidence.crawl
    pages = [p for p in crawl.pages if not p.is_pdf] if crawl else []
    if not pages:
        raise SkipCheck("no HTML page was fetched")
    browser = evidence.get("browser")
    if not isinstance(browser, BrowserEvidence):
        browser = None
    browser_error = evidence.errors.get("browser")
    if browser_error and "--browser always" in browser_error:
        raise RuntimeError(browser_error)
    table: TrackerTable = knowledge.trackers
    visit = visit_of(evidence, table, pages, browser)
    return Reading(visit, collect(visit))


@CHECK.summary
def summary(reading: Reading, outcomes: dict[str, Outcome]) -> dict[str, Any]:
    """Every third party seen (who owns it, where, by which means), the mode, and the knowledge's versions."""
    visit = reading.visit
    parties: dict[str, dict[str, Any]] = {}
    for s in reading.sightings:
        entry = parties.setdefault(
            s.key,
            {
                "entity": s.entity.name if s.entity else None,
                "owner": s.entity.owner if s.entity else None,
                "country": s.entity.country if s.entity else None,
                "category": s.category,
                "hosts": [],
                "pages": [],
                "seen_by": [],
            },
        )
        for key, value in (("hosts", s.host), ("pages", s.page_url), ("seen_by", s.source)):
            if value not in entry[key]:
                entry[key].append(value)
    table = visit.table
    data: dict[str, Any] = {
        "mode": "browser" if visit.browser_ran else "static",
        "third_parties": parties,
        "tracker_table": {"updated": table.updated, "entities": len(table.entities)},
        "filter_lists": [source.name for source in table.lists.sources],
    }
    if table.lists.error:
        data["filter_list_error"] = table.lists.error
    browser = visit.ran_browser
    if browser is None:
        data["static_only_reason"] = (
            visit.browser.reason
            if visit.browser and visit.browser.reason
            else visit.evidence.errors.get("browser") or "the browser probe did not run"
        )
    else:
        data["browser"] = {
            "browser": browser.browser,
            "pages": len(browser.pages),
            "requests": len(browser.requests),
            "cookies": len(browser.cookies),
            "canary_fields": len(browser.canaries),
            "screenshots": [s.page_url for s in browser.screenshots],
        }
    return data
