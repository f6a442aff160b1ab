"""What the DNS probe saw, and where each address is, as plain dataclasses.

Kept free of dnspython and database objects so the evidence survives ``serde`` (and the evidence bundle):
a ``recheck`` months later judges residency from the same answers and the same located countries, each
with the name and date of the database that placed it, even after the databases have moved on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# How a name was answered.
FROM_DNS = "dns"
FROM_HOSTMAP = "host map"  # --resolve / --connect-to: never queried
FROM_LITERAL = "ip literal"
NOT_RESOLVED_ONLY = "not resolved: --only-resolved"


@dataclass
class Located:
    """One address placed on the map, with the source that placed it and how far that goes.

    ``country`` is an ISO 3166-1 alpha-2 code or None (unknown). ``edge`` names the CDN or anycast network
    the address belongs to, whose location says where the nearest edge is, never where data is stored.
    """

    address: str
    country: str | None
    source: str  # e.g. "iptocc 3.3.170 (RIR delegations)", "test.mmdb (GeoLite2-Country)", "private network"
    database_date: str | None  # ISO date of the data that placed it; None when no database was consulted
    network: str = "public"  # confaudit.net.client.address_class: public, private, loopback, link-local
    asn: int | None = None
    as_org: str | None = None
    edge: str | None = None  # e.g. "Cloudflare" when in a published CDN / anycast range or ASN
    note: str | None = None

    @property
    def dated_source(self) -> str:
        return f"{self.source}, data of {self.database_date}" if self.database_date else self.source


@dataclass
class DnsAnswer:
    """One question and what came back (or why nothing did)."""

    name: str
    rtype: str  # A, AAAA, CNAME, MX
    values: list[str] = field(default_factory=list)
    source: str = FROM_DNS
    status: str = "ok"  # ok, nxdomain, no answer, timeout, error, not asked
    ttl: int | None = None
    error: str | None = None


@dataclass
class HostRecord:
    """A host the audit met: the site, a third party, or a mail exchanger, and its addresses."""

    host: str
    role: str  # site, third-party, mail
    seen_by: list[str] = field(default_factory=list)  # crawl, browser, mx
    addresses: list[str] = field(default_factory=list)
    cnames: list[str] = field(default_factory=list)  # the chain the name went through, in order
    source: str = FROM_DNS
    status: str = "ok"
    error: str | None = None


@dataclass
class MxRecord:
    preference: int
    exchange: str


@dataclass
class DnsEvidence:
    """The DNS view of one audit: hosts, MX of the site's registrable domain, and located addresses."""

    site_host: str
    domain: str  # registrable domain of the site, whose MX is asked
    nameserver: str | None = None  # --nameserver, or None for the system resolver
    only_resolved: bool = False
    started: datetime | None = None
    duration_s: float = 0.0
    hosts: list[HostRecord] = field(default_factory=list)
    answers: list[DnsAnswer] = field(default_factory=list)
    mx: list[MxRecord] = field(default_factory=list)
    mx_status: str = "not asked"
    locations: list[Located] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)  # every location source used, with its date
    queries_sent: int = 0
    skipped: list[str] = field(default_factory=list)  # names beyond the bound, not looked up
    errors: list[str] = field(default_factory=list)

    def host(self, name: str) -> HostRecord | None:
        name = name.lower().rstrip(".")
        return next((h for h in self.hosts if h.host == name), None)

    def located(self, address: str) -> Located | None:
        return next((loc for loc in self.locations if loc.address == address), None)
