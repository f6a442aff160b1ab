"""Evidence items quoting the notice: quotes are shown as text and cut short, so a hostile notice cannot
flood a report or smuggle in markup."""

from __future__ import annotations

from confaudit.analysis.policytext import ClauseResult, Quote
from confaudit.model import EvidenceItem

MAX_QUOTE_CHARS = 600


def inert(text: str) -> str:
    """Quotes are shown as text; cut very long ones so one hostile line cannot flood a report."""
    return text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1] + "…"


def quote_item(quote: Quote, clause: str) -> EvidenceItem:
    return EvidenceItem(
        "quote", inert(quote.text), quote.url or None, {"heading": quote.heading, "clause": clause}
    )


def quote_items(result: ClauseResult) -> list[EvidenceItem]:
    """A clause's quoted sentences, each with the page and heading it came from."""
    return [quote_item(q, result.clause) for q in result.quotes]


def url_items(urls: list[str], text: str) -> list[EvidenceItem]:
    return [EvidenceItem("url", f"{text} {u}", u) for u in urls]
