"""Which cookies and stored identifiers were set before the visitor consented, and whether each tracks.

A cookie is judged by whose it is (a tracker's host, a name a tracker uses), whether it outlives the visit,
and whether its name says "strictly necessary" (a session or CSRF cookie needs no consent). Server cookies
come from the crawl's Set-Cookie headers; the browser adds cookies set by scripts and local storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from confaudit_checks.trackers.sightings import AD, REPLAY
from confaudit_checks.trackers.visit import Visit

from confaudit.knowledge.domains import host_of
from confaudit.knowledge.trackers import TRACKING_COOKIE_HINT, Entity, essential_cookie
from confaudit.model import EvidenceItem, Severity

STORAGE_TRACKING = re.compile(
    r"^(_hj|_ga|_gcl|_fbp|_ttp|_uet|_clck|_clsk|amp_|amplitude|mp_|ajs_|_pin|_scid|"
    r"_lr_|fs_|_dd_|ph_|__insp|_ym|lo_|mf_|intercom|hubspot)",
    re.I,
)


@dataclass
class BeforeConsent:
    """Identifiers set on arrival: those that track, those of unknown purpose, and how bad the worst is."""

    tracking: list[EvidenceItem] = field(default_factory=list)
    unknown: list[EvidenceItem] = field(default_factory=list)
    worst: Severity = Severity.MEDIUM


def cookie_verdict(
    visit: Visit, name: str, domain: str | None, persistent: bool
) -> tuple[str, str, Entity | None]:
    """('tracking' | 'essential' | 'unknown', why, entity)."""
    third = bool(domain) and visit.third_party(domain.lstrip("."))
    entity = visit.table.lookup(domain.lstrip(".")) if (domain and third) else None
    by_name = visit.table.cookie_entity(name)
    if third:
        if entity and (entity.tracking or entity.category == "social"):
            return "tracking", f"third-party cookie of {entity.describe()}", entity
        if by_name:
            return "tracking", f"named like {by_name.name}'s cookie", by_name
        if persistent and not (entity and entity.category in ("payments", "consent")):
            who = entity.describe() if entity else domain
            return "tracking", f"persistent third-party cookie of {who}", entity
        return "unknown", "third-party session cookie", entity
    if by_name:
        return "tracking", f"{by_name.name} cookie ({by_name.category})", by_name
    if essential_cookie(name):
        return "essential", "looks strictly necessary", None
    if persistent and TRACKING_COOKIE_HINT.search(name):
        return "tracking", "persistent cookie named like a visitor identifier", None
    return ("unknown" if persistent else "essential"), "purpose unknown", None


def before_consent(visit: Visit) -> BeforeConsent:
    """Every cookie (each name and domain once, server's first) and tracking storage key set on arrival."""
    found = BeforeConsent()
    seen: set[tuple[str, str]] = set()

    def note(name: str, domain: str, persistent: bool, where: str | None, expires: str, source: str) -> None:
        key = (name, domain)
        if key in seen:
            return
        seen.add(key)
        verdict, why, entity = cookie_verdict(visit, name, domain, persistent)
        data = {"name": name, "domain": domain, "expires": expires, "why": why, "source": source}
        if entity:
            data |= {"entity": entity.name, "country": entity.country, "category": entity.category}
            if entity.category in AD | REPLAY:
                found.worst = Severity.HIGH
        item = EvidenceItem("cookie", f"cookie {name} ({domain}, {expires}): {why}", where, data)
        if verdict == "tracking":
            found.tracking.append(item)
        elif verdict == "unknown":
            found.unknown.append(item)

    first_host = next(iter(sorted(visit.site_hosts)))
    for page in visit.pages:
        for c in page.cookies:
            expires = c.expires or (f"max-age {c.max_age}" if c.max_age else "session")
            note(
                c.name,
                c.domain or host_of(page.url) or first_host,
                c.persistent,
                page.url,
                expires,
                "Set-Cookie",
            )
    browser = visit.ran_browser
    if browser is None:
        return found
    for bc in browser.cookies:
        expires = (
            datetime.fromtimestamp(bc.expires, UTC).strftime("%Y-%m-%d")
            if bc.expires is not None
            else "session"
        )
        note(bc.name, bc.domain.lstrip("."), bc.persistent, bc.first_seen_on, expires, "browser")
    for st in browser.storage:
        third = visit.third_party(st.origin)
        entity = visit.table.lookup(st.origin) if third else None
        if (
            STORAGE_TRACKING.search(st.key)
            or (entity and entity.tracking)
            or visit.table.cookie_entity(st.key)
        ):
            who = entity.describe() if entity else st.origin
            found.tracking.append(
                EvidenceItem(
                    "storage",
                    f"{st.area}Storage {st.key!r} set by {who}",
                    st.page_url,
                    {"origin": st.origin, "area": st.area, "key": st.key, "length": st.value_length},
                )
            )
    return found
