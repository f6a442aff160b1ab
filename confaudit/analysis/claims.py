"""What the notice promises and what the site was seen to do: the shared reading of the residency and promises
checks.

The notice is read once per evidence (``confaudit.analysis.notice``), shared with the policy check. The observations are the ones a promise can be
held against: the third parties that received something (with the company and home country the trackers
knowledge names), forms posting elsewhere, the site's hosting (addresses, edges, storage-region clues) and
its mail handling, each turned into an evidence item a reader can follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from confaudit.knowledge.domains import host_of, same_site
from confaudit.knowledge.location import EdgeMark, EdgeTable, Locator, RegionHint, edge_table
from confaudit.knowledge.places import country_name
from confaudit.knowledge.trackers import SIGNATURES, URL_IN_SCRIPT, Entity, TrackerTable
from confaudit.model import Evidence, EvidenceItem, PageKind
from confaudit.model.dns import NOT_RESOLVED_ONLY, DnsEvidence, Located

# Categories (trackers knowledge) whose service receives personal data from the page: identifiers, events,
# form contents, payments, messages. The rest (fonts, libraries, maps, reviews, consent tools) receive the
# visitor's IP address and the page address, as any fetch does.
DATA_CATEGORIES = frozenset(
    {
        "advertising",
        "analytics",
        "session-replay",
        "tag-manager",
        "marketing",
        "fingerprinting",
        "social",
        "forms",
        "booking",
        "chat",
        "payments",
        "video",
    }
)
TRACKING_CATEGORIES = frozenset(
    {"advertising", "analytics", "session-replay", "tag-manager", "marketing", "fingerprinting", "social"}
)


# --- third parties --------------------------------------------------------------------------------------


@dataclass
class Recipient:
    """A third party that received something from the site's pages."""

    host: str
    entity: Entity | None
    category: str
    ways: list[str] = field(default_factory=list)  # "script", "form action", "POST ping request" ...
    pages: list[str] = field(default_factory=list)
    page_kinds: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # static, browser
    form_actions: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.entity.name if self.entity else self.host

    @property
    def name(self) -> str:
        return self.entity.name if self.entity else self.host

    @property
    def country(self) -> str | None:
        """The company's home country (trackers knowledge); None for an unknown third party."""
        return self.entity.country if self.entity else None

    @property
    def receives_data(self) -> bool:
        return bool(self.form_actions) or self.category in DATA_CATEGORIES

    @property
    def tracking(self) -> bool:
        return self.category in TRACKING_CATEGORIES

    def describe(self) -> str:
        if self.entity:
            return f"{self.entity.name} ({self.entity.owner}, {self.entity.country}, {self.category})"
        return f"{self.host} (unlisted third party)"

    def item(self, prefix: str = "") -> EvidenceItem:
        ways = ", ".join(self.ways[:4])
        forms = f"; forms post to {', '.join(self.form_actions[:2])}" if self.form_actions else ""
        seen = "browser" if "browser" in self.sources else "page source"
        text = f"{prefix}{self.describe()} receives data via {ways}{forms} (seen in the {seen})"
        data: dict[str, Any] = {
            "third_party": self.host,
            "category": self.category,
            "ways": self.ways[:8],
            "pages": self.pages[:8],
            "page_kinds": sorted(self.page_kinds),
            "seen_by": sorted(self.sources),
        }
        if self.entity:
            data |= {"entity": self.entity.name, "owner": self.entity.owner, "country": self.entity.country}
        if self.form_actions:
            data["form_actions"] = self.form_actions[:8]
        if self.accounts:
            data["accounts"] = self.accounts[:8]
        return EvidenceItem("recipient", text, self.pages[0] if self.pages else None, data)


def site_hosts(evidence: Evidence) -> set[str]:
    hosts = {evidence.target.host}
    crawl = evidence.crawl
    if crawl and crawl.pages:
        hosts.add(host_of(crawl.pages[0].exchange.final_url or crawl.pages[0].url))
    return {h for h in hosts if h}


def _third(host: str, sites: set[str]) -> bool:
    return bool(host) and not any(same_site(host, s) for s in sites)


def recipients(evidence: Evidence, table: TrackerTable) -> list[Recipient]:
    """Every third party the pages load or post to (static), and every one the browser contacted."""
    sites = site_hosts(evidence)
    found: dict[str, Recipient] = {}

    def note(url: str, way: str, page_url: str, kind: str, source: str, account: str | None = None) -> None:
        host = host_of(url) if "//" in url else url.lower()
        if not _third(host, sites):
            return
        entity = table.lookup(url)
        key = entity.name if entity else host
        rec = found.get(key)
        if rec is None:
            rec = found[key] = Recipient(host, entity, entity.category if entity else "third-party")
        if way not in rec.ways:
            rec.ways.append(way)
        if page_url not in rec.pages:
            rec.pages.append(page_url)
        rec.page_kinds.add(kind)
        rec.sources.add(source)
        if way == "form action" and url not in rec.form_actions:
            rec.form_actions.append(url)
        if account and account not in rec.accounts:
            rec.accounts.append(account)

    crawl = evidence.crawl
    pages = [p for p in crawl.pages if not p.is_pdf] if crawl else []
    for page in pages:
        kind = page.kind.value
        for script in page.scripts:
            if script.src:
                note(script.src, "script", page.url, kind, "static")
            if script.inline:
                for sig in SIGNATURES:
                    m = sig.pattern.search(script.inline)
                    entity = table.by_name.get(sig.entity) if m else None
                    if m and entity:
                        domain = entity.domains[0].split("/")[0]
                        note(
                            f"https://{domain}/",
                            f"inline {sig.label} snippet",
                            page.url,
                            kind,
                            "static",
                            m.group(1),
                        )
                for m in URL_IN_SCRIPT.finditer(script.inline[:100_000]):
                    url = f"https://{m.group(1).lower()}{m.group(2) or '/'}"
                    if table.lookup(url):  # an unknown host named in code may never be contacted
                        note(url, "inline script", page.url, kind, "static")
        for res in page.resources:
            if res.kind not in ("preconnect",):
                note(res.url, res.kind, page.url, kind, "static")
        for form in page.forms:
            if form.action.startswith(("http://", "https://")):
                note(form.action, "form action", page.url, kind, "static")
    browser = evidence.get("browser")
    if browser is not None and getattr(browser, "ran", False):
        kinds = {p.url: p.kind.value for p in pages}
        for req in browser.requests:
            if req.url.startswith(("http://", "https://")):
                way = f"{req.method} {req.resource_type} request"
                note(req.url, way, req.page_url, kinds.get(req.page_url, PageKind.OTHER.value), "browser")
    return sorted(found.values(), key=lambda r: (not r.receives_data, r.key.lower()))


# --- hosting, edges, mail ------------------------------------------------------------------------------


@dataclass
class Hosting:
    """Where the site's own server appears to be, and how much that says."""

    host: str
    addresses: list[Located] = field(default_factory=list)
    how: str = ""  # where the addresses came from
    status: str | None = None  # why there are none
    edge: str | None = None  # CDN / anycast network in front of the site
    edge_why: list[str] = field(default_factory=list)
    marks: list[EdgeMark] = field(default_factory=list)
    hints: list[RegionHint] = field(default_factory=list)
    cnames: list[str] = field(default_factory=list)

    @property
    def located(self) -> list[Located]:
        return [a for a in self.addresses if a.country]

    def items(self) -> list[EvidenceItem]:
        out = []
        for loc in self.addresses:
            where = country_name(loc.country) if loc.country else "no country"
            edge = f"; {loc.edge} edge network" if loc.edge else ""
            asn = f"; AS{loc.asn} {loc.as_org or ''}".rstrip() if loc.asn else ""
            note = f" ({loc.note})" if loc.note else ""
            out.append(
                EvidenceItem(
                    "address",
                    f"{self.host} -> {loc.address} ({self.how}): {where} per {loc.dated_source}{edge}{asn}{note}",
                    None,
                    {
                        "host": self.host,
                        "address": loc.address,
                        "country": loc.country,
                        "database": loc.source,
                        "database_date": loc.database_date,
                        "network": loc.network,
                        "edge": loc.edge,
                        "asn": loc.asn,
                    },
                )
            )
        if not self.addresses:
            out.append(
                EvidenceItem(
                    "address",
                    f"{self.host}: no address to locate ({self.status or 'not looked up'})",
                    None,
                    {"host": self.host, "status": self.status},
                )
            )
        for mark in self.marks[:4]:
            pop = f" (edge location {mark.pop})" if mark.pop else ""
            out.append(
                EvidenceItem(
                    "header",
                    f"{mark.header}: {mark.value} marks a {mark.network} edge{pop}: says where the nearest edge "
                    "is, not where data is stored",
                    None,
                    {"header": mark.header, "value": mark.value, "network": mark.network, "pop": mark.pop},
                )
            )
        if self.cnames:
            out.append(
                EvidenceItem(
                    "dns",
                    f"{self.host} is an alias of {' -> '.join(self.cnames[:4])}",
                    None,
                    {"host": self.host, "cnames": self.cnames},
                )
            )
        for hint in self.hints[:4]:
            out.append(
                EvidenceItem(
                    "header",
                    f"{hint.evidence}: {hint.what} in {hint.region} ({country_name(hint.country)})",
                    None,
                    {"what": hint.what, "region": hint.region, "country": hint.country},
                )
            )
        return out


def dns_evidence(evidence: Evidence) -> DnsEvidence | None:
    ev = evidence.get("dns")
    return ev if isinstance(ev, DnsEvidence) else None


def site_hosting(evidence: Evidence, locator: Locator | None = None) -> Hosting:
    """The site's addresses (DNS probe, else the TLS probe's address), edge marks and region clues."""
    edges = edge_table()
    host = evidence.target.host
    hosting = Hosting(host)
    dns = dns_evidence(evidence)
    record = dns.host(host) if dns else None
    if record is not None:
        hosting.how = {"host map": "from --resolve/--connect-to", "dns": "DNS answer"}.get(
            record.source, record.source
        )
        hosting.cnames = list(record.cnames)
        for addr in record.addresses:
            loc = dns.located(addr) if dns else None
            if loc is not None:
                hosting.addresses.append(loc)
        if not record.addresses:
            hosting.status = record.status if record.status != "ok" else "no address"
    else:
        tls = evidence.get("tls")
        addrs = [a for a in [getattr(tls, "ip_address", None), *getattr(tls, "addresses", [])] if a]
        if addrs:
            loc_source = locator or Locator()
            hosting.how = "address the TLS probe connected to"
            hosting.addresses = [loc_source.locate(a) for a in dict.fromkeys(addrs)]
        else:
            hosting.status = "the DNS probe did not run" if dns is None else "not looked up"
    crawl = evidence.crawl
    headers: list[tuple[str, str]] = []
    resource_hosts: set[str] = set()
    if crawl is not None:
        for ex in (crawl.https, crawl.http):
            if ex is not None:
                headers += ex.headers
        for page in crawl.pages:
            if same_site(host_of(page.url), host):
                headers += page.exchange.headers
            resource_hosts |= {host_of(r.url) for r in page.resources} | {
                host_of(s.src) for s in page.scripts if s.src
            }
    seen: set[tuple[str, str]] = set()
    for mark in edges.edge_marks(headers):
        if (mark.network, mark.header.lower()) not in seen:
            seen.add((mark.network, mark.header.lower()))
            hosting.marks.append(mark)
    hints = edges.region_hints(headers)
    for rh in sorted(h for h in resource_hosts if h):
        hints += edges.region_hints([], rh)
    hosting.hints = list(dict.fromkeys(hints))
    by_addr = next((a.edge for a in hosting.addresses if a.edge), None)
    by_cname = edges.by_cname(hosting.cnames)
    if by_addr:
        hosting.edge_why.append(f"address in {by_addr}'s published ranges or network")
    if by_cname:
        hosting.edge_why.append(f"DNS alias into {by_cname.name}")
    if hosting.marks:
        hosting.edge_why.append(f"response headers of {hosting.marks[0].network}")
    hosting.edge = (
        by_addr
        or (by_cname.name if by_cname else None)
        or (hosting.marks[0].network if hosting.marks else None)
    )
    return hosting


@dataclass
class MailHandling:
    exchange: str
    provider: str | None
    country: str | None  # the provider's home country, else the address's
    regional: str | None
    located: list[Located] = field(default_factory=list)

    def item(self) -> EvidenceItem:
        where = []
        if self.provider:
            where.append(f"{self.provider} (based in {country_name(self.country)})")
        for loc in self.located:
            where.append(f"{loc.address}: {country_name(loc.country)} per {loc.dated_source}")
        regional = f"; {self.regional}" if self.regional else ""
        return EvidenceItem(
            "dns",
            f"mail for the site's domain goes to {self.exchange}: {'; '.join(where) or 'not located'}{regional}",
            None,
            {"mx": self.exchange, "provider": self.provider, "country": self.country},
        )


def mail_handling(evidence: Evidence, edges: EdgeTable | None = None) -> tuple[list[MailHandling], str]:
    """The site's mail exchangers and who runs them; with a status when there are none."""
    dns = dns_evidence(evidence)
    if dns is None:
        return [], "the DNS probe did not run"
    edges = edges or edge_table()
    out = []
    for mx in dns.mx:
        provider = edges.mail_provider(mx.exchange)
        record = dns.host(mx.exchange)
        located = [loc for a in (record.addresses if record else []) if (loc := dns.located(a))]
        country = provider.country if provider else next((x.country for x in located if x.country), None)
        out.append(
            MailHandling(
                mx.exchange,
                provider.name if provider else None,
                country,
                provider.regional if provider else None,
                located,
            )
        )
    status = dns.mx_status if not out else "ok"
    if status == NOT_RESOLVED_ONLY:
        status = "MX not asked: --only-resolved"
    return out, status


def missing_parts(evidence: Evidence, wanted: tuple[str, ...]) -> list[str]:
    """The wanted evidence that is not there, each with the reason, for the 'judged what it could' note."""
    out = []
    for name in wanted:
        part = evidence.get(name)
        if part is None:
            out.append(f"{name}: {evidence.errors.get(name, 'did not run')}")
        elif name == "browser" and not getattr(part, "ran", True):
            out.append(f"browser: {getattr(part, 'reason', None) or 'did not run'}")
    return out


def limits_note(missing: list[str]) -> str:
    return f" Judged without {'; '.join(missing)}." if missing else ""


def page_path(url: str) -> str:
    return urlsplit(url).path or "/"


def words_in(text: str, *patterns: str) -> bool:
    return any(re.search(p, text) for p in patterns)
