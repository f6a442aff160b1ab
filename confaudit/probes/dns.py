"""The DNS probe: the addresses of the site and of every third party seen, the site's MX, and where each is.

Runs after the crawl and reads what is there (the crawl's pages, and the browser's requests if the browser
has finished by then), so it asks about the hosts that actually received something. Names pinned with
``--resolve`` / ``--connect-to`` are answered from the host map and never asked; with ``--only-resolved``
nothing is asked at all (the other names are recorded as not resolved), so a sandboxed or test audit sends
no DNS query off the machine. Everything is bounded: a name count, a per-query timeout and a total budget.

Each address is then placed by ``confaudit.knowledge.location`` (``--geoip-db`` files first, then iptocc) and
the result is stored in the evidence with the database's name and date, so a later ``recheck`` judges the
same locations.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from typing import Any

from confaudit import __version__
from confaudit.api.probe import Probe, ProbeContext
from confaudit.knowledge.domains import host_of, same_site, site_of
from confaudit.knowledge.location import Locator
from confaudit.model import utcnow
from confaudit.model.dns import (
    FROM_DNS,
    FROM_HOSTMAP,
    FROM_LITERAL,
    NOT_RESOLVED_ONLY,
    DnsAnswer,
    DnsEvidence,
    HostRecord,
    MxRecord,
)
from confaudit.model.options import HostMap, parse_nameserver

MAX_NAMES = 40  # hosts looked up per audit (site, third parties, mail exchangers)
MAX_MX_HOSTS = 4
QUERY_TIMEOUT = 3.0  # seconds per query attempt
QUERY_LIFETIME = 6.0  # seconds per question, retries included
BUDGET = 30.0  # seconds for the whole probe
PARALLEL = 8


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def seen_hosts(ctx: ProbeContext) -> list[tuple[str, str, str]]:
    """(host, role, seen_by) for the site and each third party in the crawl and browser evidence, in order."""
    site = ctx.target.host
    out: dict[str, tuple[str, set[str]]] = {site: ("site", {"target"})}

    def add(url: str, by: str) -> None:
        host = host_of(url) if "//" in url else ""
        if not host:
            return
        role = "site" if same_site(host, site) else "third-party"
        entry = out.setdefault(host, (role, set()))
        entry[1].add(by)

    crawl = ctx.evidence.crawl
    if crawl is not None:
        for page in crawl.pages:
            add(page.url, "crawl")
            add(page.exchange.final_url or page.url, "crawl")
            for script in page.scripts:
                if script.src:
                    add(script.src, "crawl")
            for res in page.resources:
                add(res.url, "crawl")
            for form in page.forms:
                add(form.action, "crawl")
    browser = ctx.evidence.get("browser")
    if browser is not None and getattr(browser, "ran", False):
        for req in getattr(browser, "requests", []):
            if req.url.startswith(("http://", "https://")):
                add(req.url, "browser")
    return [(h, role, ",".join(sorted(by))) for h, (role, by) in out.items()]


def pinned_addresses(hostmap: HostMap, host: str) -> list[str]:
    host = host.lower().rstrip(".")
    addrs: list[str] = []
    for pin in hostmap.pins:
        if pin.host == host and pin.addr not in addrs:
            addrs.append(pin.addr)
    return addrs


class _Asker:
    """dnspython's async resolver, made only when a query may be sent (never under --only-resolved)."""

    def __init__(self, nameserver: str | None) -> None:
        import dns.asyncresolver

        if nameserver:
            addr, port = parse_nameserver(nameserver)
            self.resolver = dns.asyncresolver.Resolver(configure=False)
            self.resolver.nameservers = [addr]
            self.resolver.port = port
        else:
            self.resolver = dns.asyncresolver.Resolver()
        self.resolver.timeout = QUERY_TIMEOUT
        self.resolver.lifetime = QUERY_LIFETIME
        self.sent = 0

    async def ask(self, name: str, rtype: str) -> tuple[DnsAnswer, list[str]]:
        """One question; returns the answer and the CNAME chain the name went through."""
        import dns.exception
        import dns.rdatatype
        import dns.resolver

        self.sent += 1
        try:
            ans = await self.resolver.resolve(name, rtype, raise_on_no_answer=False, search=False)
        except dns.resolver.NXDOMAIN:
            return DnsAnswer(name, rtype, status="nxdomain"), []
        except dns.resolver.LifetimeTimeout:
            return DnsAnswer(name, rtype, status="timeout", error="no answer in time"), []
        except (dns.resolver.NoNameservers, dns.exception.DNSException) as exc:
            return DnsAnswer(name, rtype, status="error", error=f"{type(exc).__name__}: {exc}"[:300]), []
        cnames = [
            str(rr.target).rstrip(".").lower()
            for rrset in ans.response.answer
            if rrset.rdtype == dns.rdatatype.CNAME
            for rr in rrset
        ]
        if ans.rrset is None:
            return DnsAnswer(name, rtype, status="no answer"), cnames
        if rtype == "MX":
            values = [f"{rr.preference} {str(rr.exchange).rstrip('.').lower()}" for rr in ans.rrset]
        else:
            values = [rr.to_text() for rr in ans.rrset]
        return DnsAnswer(name, rtype, values, FROM_DNS, "ok", ans.rrset.ttl), cnames


async def _lookup(
    host: str, role: str, seen_by: str, ctx: ProbeContext, asker: _Asker | None, ev: DnsEvidence
) -> HostRecord:
    rec = HostRecord(host=host, role=role, seen_by=[s for s in seen_by.split(",") if s])
    if _is_ip(host):
        rec.addresses, rec.source = [str(ipaddress.ip_address(host.strip("[]")))], FROM_LITERAL
        return rec
    pinned = pinned_addresses(ctx.hostmap, host)
    if pinned:
        rec.addresses, rec.source = pinned, FROM_HOSTMAP
        for addr in pinned:
            rtype = "AAAA" if ":" in addr else "A"
            ev.answers.append(DnsAnswer(host, rtype, [addr], FROM_HOSTMAP, "ok"))
        return rec
    if asker is None:
        rec.source, rec.status = "none", NOT_RESOLVED_ONLY
        return rec
    statuses = []
    for rtype in ("A", "AAAA"):
        answer, cnames = await asker.ask(host, rtype)
        ev.answers.append(answer)
        statuses.append(answer.status)
        for name in cnames:
            if name not in rec.cnames:
                rec.cnames.append(name)
        for value in answer.values:
            if value not in rec.addresses:
                rec.addresses.append(value)
        if rtype == "A" and answer.status == "nxdomain":
            break  # the name does not exist: no point asking for AAAA
    if rec.cnames:
        ev.answers.append(DnsAnswer(host, "CNAME", list(rec.cnames), FROM_DNS, "ok"))
    if not rec.addresses:
        rec.status = next((s for s in statuses if s != "ok"), "no answer")
        errors = [a.error for a in ev.answers if a.name == host and a.error]
        rec.error = errors[0] if errors else None
    return rec


async def _mx(domain: str, asker: _Asker | None, ev: DnsEvidence) -> list[str]:
    if _is_ip(domain):
        ev.mx_status = "not asked: the site is an IP address"
        return []
    if asker is None:
        ev.mx_status = NOT_RESOLVED_ONLY
        return []
    answer, _ = await asker.ask(domain, "MX")
    ev.answers.append(answer)
    ev.mx_status = answer.status
    for value in answer.values:
        pref, _, exchange = value.partition(" ")
        if exchange and exchange != ".":  # a null MX (RFC 7505) says the domain takes no mail
            ev.mx.append(MxRecord(int(pref), exchange))
    ev.mx.sort(key=lambda m: (m.preference, m.exchange))
    return [m.exchange for m in ev.mx]


async def collect(ctx: ProbeContext) -> DnsEvidence:
    t0 = time.perf_counter()
    opts = ctx.options
    site = ctx.target.host
    ev = DnsEvidence(
        site_host=site,
        domain=site_of(site),
        nameserver=opts.nameserver,
        only_resolved=opts.only_resolved,
        started=utcnow(),
    )
    asker = None if opts.only_resolved else _Asker(opts.nameserver)
    names = seen_hosts(ctx)
    if len(names) > MAX_NAMES:
        ev.skipped = [h for h, _, _ in names[MAX_NAMES:]]
        names = names[:MAX_NAMES]
    gate = asyncio.Semaphore(PARALLEL)

    async def one(host: str, role: str, by: str) -> HostRecord:
        async with gate:
            return await _lookup(host, role, by, ctx, asker, ev)

    try:
        async with asyncio.timeout(min(BUDGET, opts.budget)):
            records, exchanges = await asyncio.gather(
                asyncio.gather(*(one(h, r, b) for h, r, b in names)), _mx(ev.domain, asker, ev)
            )
            ev.hosts = list(records)
            room = max(0, MAX_NAMES - len(names))
            mail = [x for x in exchanges if ev.host(x) is None][: min(MAX_MX_HOSTS, room)]
            ev.hosts += await asyncio.gather(*(one(x, "mail", "mx") for x in mail))
    except TimeoutError:
        ev.errors.append(f"DNS lookups stopped after {min(BUDGET, opts.budget):g} s")
    ev.queries_sent = asker.sent if asker else 0
    locator = Locator(list(opts.geoip_db))
    seen: set[str] = set()
    for rec in ev.hosts:
        for addr in rec.addresses:
            if addr not in seen:
                seen.add(addr)
                ev.locations.append(locator.locate(addr))
    ev.databases = locator.databases
    ev.duration_s = round(time.perf_counter() - t0, 3)
    return ev


async def run(ctx: ProbeContext) -> Any:
    return await collect(ctx)


PROBE = Probe(
    name="dns",
    version=__version__,
    run=run,
    evidence_type=DnsEvidence,
    after=("crawl",),
    description="A/AAAA/CNAME of the site and each third party, MX of the site's domain, and the country of "
    "each address (offline databases, dated); answers pinned names from --resolve, asks nothing with "
    "--only-resolved.",
)
