"""What the browser's request log shows reaching third parties: typed values (the canary) and the addresses
of sensitive pages. Only the browser sees these; static analysis can at most infer them."""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit

from confaudit_checks.trackers.visit import Visit, norm

from confaudit.analysis.canary import needles_for, search
from confaudit.knowledge.domains import host_of
from confaudit.model import EvidenceItem, PageKind
from confaudit.model.browser import BrowserEvidence, BrowserRequest, CanaryHit


def canary_hits(visit: Visit, browser: BrowserEvidence) -> list[CanaryHit]:
    """Every third-party request carrying a value typed into a form, plain, encoded or hashed."""
    needles = [needles_for(f) for f in browser.canaries]
    hits: list[CanaryHit] = []
    if not needles:
        return hits
    for req in browser.requests:
        if visit.third_party(req.url):
            hits += search(req, needles)
    return hits


def canary_item(visit: Visit, hit: CanaryHit) -> EvidenceItem:
    entity = visit.table.lookup(hit.request_url)
    who = entity.describe() if entity else host_of(hit.request_url)
    return EvidenceItem(
        "canary",
        f"field {hit.field_name or hit.field_type} ({hit.field_type}) sent {hit.encoding} in the {hit.where} of "
        f"{hit.method} {hit.request_url[:150]} to {who}",
        hit.page_url,
        {
            "field": hit.field_name,
            "field_type": hit.field_type,
            "encoding": hit.encoding,
            "where": hit.where,
            "request": hit.request_url[:500],
            "method": hit.method,
            "resource_type": hit.resource_type,
            "third_party": host_of(hit.request_url),
            "entity": entity.name if entity else None,
            "country": entity.country if entity else None,
            "excerpt": hit.excerpt,
        },
    )


def sensitive_path(url: str) -> str | None:
    """The path that would give a sensitive page away ('/book/anxiety'); None for the bare site root."""
    path = urlsplit(url).path.rstrip("/")
    return path if path else None


def url_carried(req: BrowserRequest, needle: str) -> str | None:
    """Where a request carried ``needle`` (host and path of a page): its URL, Referer header or body."""
    if needle in unquote_plus(req.url).lower():
        return "URL"
    for key, value in req.headers:
        if key.lower() == "referer" and needle in value.lower():
            return "Referer header"
    if req.post_body and needle in unquote_plus(req.post_body).lower():
        return "body"
    return None


def sensitive_addresses_sent(visit: Visit, browser: BrowserEvidence) -> list[EvidenceItem]:
    """Each third-party request from a sensitive page that carried that page's address."""
    items = []
    for page in browser.pages:
        if page.kind != PageKind.SENSITIVE:
            continue
        path = sensitive_path(page.final_url or page.url)
        if not path:
            continue
        host = host_of(page.final_url or page.url)
        needle = f"{host}{path}".lower()
        for req in browser.requests:
            if norm(req.page_url) != norm(page.url) or not visit.third_party(req.url):
                continue
            where = url_carried(req, needle)
            if where:
                entity = visit.table.lookup(req.url)
                who = entity.describe() if entity else host_of(req.url)
                items.append(
                    EvidenceItem(
                        "request",
                        f"{req.method} {req.url[:150]} to {who} carried {path} in its {where}",
                        page.url,
                        {
                            "request": req.url[:500],
                            "where": where,
                            "third_party": host_of(req.url),
                            "entity": entity.name if entity else None,
                            "country": entity.country if entity else None,
                        },
                    )
                )
    return items
