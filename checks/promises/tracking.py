"""The non-essential cookies and trackers observed, to hold a cookies promise against."""

from __future__ import annotations

import re

from confaudit.analysis.claims import TRACKING_CATEGORIES, Recipient
from confaudit.knowledge.domains import host_of, site_of
from confaudit.knowledge.trackers import TRACKING_COOKIE_HINT, TrackerTable, essential_cookie
from confaudit.model import Evidence, EvidenceItem

# A notice sentence saying only essential cookies (or none, or no trackers) are used.
ONLY_ESSENTIAL = re.compile(
    r"only (use )?(strictly )?(necessary|essential)|(only|just) (strictly )?(necessary|essential) cookies|"
    r"(do not|don't|never) use (any )?(tracking |analytics |advertising |third[- ]party )?cookies|"
    r"no (tracking |analytics |advertising |third[- ]party )?cookies|(do not|don't|never) (use|allow) "
    r"(any )?(tracking|trackers|analytics)"
)


def observed_tracking(evidence: Evidence, table: TrackerTable, recips: list[Recipient]) -> list[EvidenceItem]:
    """Each tracker seen, then each cookie (by name, once) that a tracker sets or that looks like a
    visitor identifier; essential cookies are left out, as a cookies promise allows them."""
    items = [r.item() for r in recips if r.category in TRACKING_CATEGORIES]
    site = site_of(evidence.target.host)
    seen: set[str] = set()
    cookies: list[tuple[str, str, bool, str | None]] = []
    crawl = evidence.crawl
    if crawl is not None:
        for page in crawl.pages:
            for c in page.cookies:
                cookies.append((c.name, c.domain or host_of(page.url), c.persistent, page.url))
    browser = evidence.get("browser")
    if browser is not None and getattr(browser, "ran", False):
        for bc in browser.cookies:
            cookies.append((bc.name, bc.domain.lstrip("."), bc.persistent, bc.first_seen_on))
    for name, domain, persistent, where in cookies:
        if name in seen:
            continue
        third = bool(domain) and site_of(domain.lstrip(".")) != site
        entity = table.cookie_entity(name) or (table.lookup(domain) if third else None)
        if entity is not None and (entity.tracking or entity.category == "social"):
            why = f"{entity.name}'s cookie"
        elif essential_cookie(name):
            continue
        elif persistent and (third or TRACKING_COOKIE_HINT.search(name)):
            why = "persistent cookie named like a visitor identifier" if not third else "third-party cookie"
        else:
            continue
        seen.add(name)
        items.append(
            EvidenceItem(
                "cookie", f"cookie {name} ({domain}): {why}", where, {"name": name, "domain": domain}
            )
        )
    return items
