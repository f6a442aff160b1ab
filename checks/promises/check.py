"""The promises check's metadata, what every rule reads (the notice, the recipients, once) and the result's data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from confaudit.analysis.claims import Recipient, limits_note, missing_parts, recipients
from confaudit.analysis.notice import Notice, read_notice
from confaudit.analysis.policytext import prepare as prepare_patterns
from confaudit.api.check import Check, Outcome
from confaudit.knowledge.trackers import TrackerTable
from confaudit.model import Evidence


def prepare(knowledge: Any) -> None:
    """The notice's patterns and the vendor table, built while the probes fetch."""
    prepare_patterns()
    _ = knowledge.trackers


CHECK = Check(
    id="promises",
    title="Promises in the notice against the site's behaviour",
    category="disclosure",
    weight=1.5,
    needs=("crawl",),
    wants=("tls", "browser"),
    version="1.0",
    description="Holds the notice's promises (no sharing with advertisers, encryption, essential cookies only, "
    "the processors named, transfers) against the trackers, cookies, TLS scan, forms and third parties observed.",
    prepare=prepare,
)


@dataclass
class Reading:
    """What every promises rule reads: the notice, the third parties seen receiving data or requests, and
    the evidence itself (the TLS scan, the crawl's forms and cookies, the site's addresses)."""

    evidence: Evidence
    notice: Notice
    table: TrackerTable
    recipients: list[Recipient]
    missing: list[str]  # evidence parts judged without ("browser: did not run")
    note: str  # the sentence saying so, appended to summaries that depend on them


@CHECK.context
def read(evidence: Evidence, knowledge: Any) -> Reading:
    table: TrackerTable = knowledge.trackers
    missing = missing_parts(evidence, ("browser",))
    return Reading(
        evidence, read_notice(evidence), table, recipients(evidence, table), missing, limits_note(missing)
    )


@CHECK.locate
def where(reading: Reading) -> str | None:
    """Every finding is about a promise of the notice: its first page, when one was found."""
    urls = reading.notice.urls
    return urls[0] if urls else None


@CHECK.summary
def summary(reading: Reading, outcomes: dict[str, Outcome]) -> dict[str, Any]:
    return {
        "notice": reading.notice.urls,
        "notice_reason": reading.notice.reason,
        "recipients": [
            {"name": r.name, "host": r.host, "category": r.category, "country": r.country}
            for r in reading.recipients
        ],
        "judged_without": reading.missing
        + ([] if reading.evidence.get("tls") is not None else ["tls: did not run"]),
        "trackers_updated": reading.table.updated,
    }
