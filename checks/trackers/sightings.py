"""Which third party was seen on which page: from the crawl's markup (static) and the browser's request log.

Static analysis always runs (script, image, frame, font and style hosts; inline pixel snippets and their
account ids; hosts named in inline code that a tracker table or filter list knows). The browser adds what
actually left the page, including what a tag manager injects at run time. Both become ``Sighting``s, one per
page, third party and category, so a rule never counts the same tracker twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from confaudit_checks.trackers.visit import Visit, norm

from confaudit.knowledge.domains import host_of
from confaudit.knowledge.trackers import SIGNATURES, URL_IN_SCRIPT, Entity
from confaudit.model import EvidenceItem, PageKind

# categories of the tracker table (and "tracker" for a filter-list match, "third-party" for the rest)
AD = {"advertising"}
ANALYTICS = {"analytics", "tag-manager", "marketing", "social", "tracker"}
REPLAY = {"session-replay"}
EMBED_SKIP = AD | REPLAY | {"analytics", "tag-manager", "marketing", "tracker", "fingerprinting"}
SKIP_RESOURCES = {"preconnect"}  # a hint to connect early, not a load


@dataclass
class Sighting:
    """One third party seen on one page, by static analysis or in the browser."""

    page_url: str
    page_kind: PageKind
    host: str
    url: str
    entity: Entity | None
    category: str
    via: str
    source: str
    account: str | None = None
    list_rule: str | None = None

    @property
    def who(self) -> str:
        if self.entity:
            return self.entity.describe()
        if self.list_rule:
            return f"{self.host} (tracker, matched {self.list_rule})"
        return f"{self.host} (unlisted third party)"

    @property
    def key(self) -> str:
        return self.entity.name if self.entity else self.host

    def item(self, text: str | None = None) -> EvidenceItem:
        data: dict[str, Any] = {
            "page_kind": self.page_kind.value,
            "third_party": self.host,
            "request": self.url[:500],
            "via": self.via,
            "source": self.source,
            "category": self.category,
        }
        if self.entity:
            data |= {
                "entity": self.entity.name,
                "owner": self.entity.owner,
                "country": self.entity.country,
                "cases": list(self.entity.cases),
            }
        if self.account:
            data["account"] = self.account
        if self.list_rule:
            data["filter"] = self.list_rule
        account = f" id {self.account}" if self.account else ""
        return EvidenceItem(
            "tracker",
            text
            or f"{self.who}{account} via {self.via}"
            + ("" if self.url == self.via else f": {self.url[:160]}"),
            url=self.page_url,
            data=data,
        )


def by_party(sightings: list[Sighting]) -> str:
    """The parties seen, named once each, at most eight, for a finding's summary."""
    names = sorted({s.entity.name if s.entity else s.host for s in sightings})
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def case_items(visit: Visit, sightings: list[Sighting]) -> list[EvidenceItem]:
    """One note per enforcement case against the parties seen (BetterHelp, GoodRx ...), each named once."""
    seen: set[str] = set()
    items = []
    for s in sightings:
        for case in s.entity.cases if s.entity else ():
            if case not in seen:
                seen.add(case)
                items.append(EvidenceItem("note", visit.table.cases.get(case, case), data={"case": case}))
    return items


def collect(visit: Visit) -> list[Sighting]:
    """Every third party seen, static first, then the browser's (when it ran), one per page and party."""
    sightings = static_sightings(visit)
    if visit.browser_ran:
        sightings += browser_sightings(visit)
    return dedupe(sightings)


def classify(
    visit: Visit, url: str, page_url: str, resource_type: str
) -> tuple[Entity | None, str, str | None]:
    """(entity, category, filter rule): the tracker table first, then the filter lists, else an unlisted party."""
    entity = visit.table.lookup(url)
    if entity:
        return entity, entity.category, None
    match = visit.table.lists.match(url, page_url, resource_type)
    if match:
        return None, "tracker", f"{match.list_name}: {match.rule}"
    return None, "third-party", None


def static_sightings(visit: Visit) -> list[Sighting]:
    out: list[Sighting] = []
    for page in visit.pages:
        loads: list[tuple[str, str]] = [(s.src, "script") for s in page.scripts if s.src]
        loads += [(r.url, r.kind) for r in page.resources if r.kind not in SKIP_RESOURCES]
        for url, kind in loads:
            if not visit.third_party(url):
                continue
            entity, category, rule = classify(visit, url, page.url, kind)
            account = account_in(url, entity)
            out.append(
                Sighting(
                    page.url, page.kind, host_of(url), url, entity, category, kind, "static", account, rule
                )
            )
        for script in page.scripts:
            if not script.inline:
                continue
            for sig in SIGNATURES:
                for m in sig.pattern.finditer(script.inline):
                    entity = visit.table.by_name.get(sig.entity)
                    if entity is None:
                        continue
                    out.append(
                        Sighting(
                            page.url,
                            page.kind,
                            entity.domains[0].split("/")[0],
                            f"inline {sig.label} snippet",
                            entity,
                            entity.category,
                            f"inline {sig.label} snippet",
                            "static",
                            m.group(1),
                        )
                    )
            for m in URL_IN_SCRIPT.finditer(script.inline[:100_000]):
                host = m.group(1).lower()
                url = f"https://{host}{m.group(2) or '/'}"
                if not visit.third_party(host):
                    continue
                entity, category, rule = classify(visit, url, page.url, "script")
                if entity is None and rule is None:
                    continue  # an unknown host named in code may never be loaded
                out.append(
                    Sighting(
                        page.url,
                        page.kind,
                        host,
                        url,
                        entity,
                        category,
                        "inline script",
                        "static",
                        None,
                        rule,
                    )
                )
    return out


def account_in(url: str, entity: Entity | None) -> str | None:
    """The advertiser's or property's id carried in a tracker's URL (a pixel id, GTM-XXXX), if any."""
    if entity is None:
        return None
    for sig in SIGNATURES:
        if sig.entity == entity.name or entity.name.split()[0] in sig.entity:
            m = sig.pattern.search(unquote_plus(url))
            if m:
                return m.group(1)
    return None


def browser_sightings(visit: Visit) -> list[Sighting]:
    browser = visit.browser
    assert browser is not None
    out = []
    for req in browser.requests:
        if not req.url.startswith(("http://", "https://")) or not visit.third_party(req.url):
            continue
        entity, category, rule = classify(visit, req.url, req.page_url, req.resource_type)
        out.append(
            Sighting(
                req.page_url,
                visit.kind_of(req.page_url),
                host_of(req.url),
                req.url,
                entity,
                category,
                f"{req.method} {req.resource_type} request"
                + (" after typing" if req.phase == "canary" else ""),
                "browser",
                account_in(req.url, entity),
                rule,
            )
        )
    return out


def dedupe(sightings: list[Sighting]) -> list[Sighting]:
    """One sighting per (page, third party, category), preferring the browser's and ones with an account id."""
    best: dict[tuple[str, str, str], Sighting] = {}
    for s in sightings:
        key = (norm(s.page_url), s.key, s.category)
        have = best.get(key)
        if have is None or (s.account and not have.account):
            best[key] = s
    return list(best.values())
