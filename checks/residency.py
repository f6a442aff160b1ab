"""The residency check: does what was observed agree with where the notice says clients' data is kept?

Each claim the notice makes (``data_residency_claim``: a claimed place and scope; ``international_transfers``:
destinations and safeguards) is held against the observations: the third parties that receive data and the
company behind each (home country from the trackers knowledge), forms that post to other companies, the
site's own addresses (DNS probe, placed by an offline database, dated), CDN edges, storage-region clues and
mail handling. One verdict per claim:

- contradicted: data was seen flowing to a named company based outside the claimed place (a US advertiser's
  pixel under "stored only in the UK");
- inconsistent: evidence points elsewhere but could be explained (a CDN edge, a server registered abroad, a
  mail provider that offers regional storage, a font or library host);
- consistent: something observable agrees (an origin address or a storage-region header inside the place) and
  nothing points elsewhere. Never "verified": storage behind a server cannot be seen from outside;
- unverifiable: nothing observable bears on it (loopback or private addresses, only edges, no DNS).

Every verdict lists its evidence and the dates of the databases that placed the addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from confaudit.analysis.claims import (
    Hosting,
    MailHandling,
    Recipient,
    dns_evidence,
    limits_note,
    mail_handling,
    missing_parts,
    recipients,
    site_hosting,
)
from confaudit.analysis.notice import Notice, read_notice
from confaudit.analysis.policytext import prepare as prepare_patterns
from confaudit.api.check import Check, Verdict
from confaudit.knowledge.location import Locator
from confaudit.knowledge.places import (
    ADEQUATE,
    EEA,
    UK,
    Area,
    area_of,
    country_name,
    in_uk_or_eea,
    place_countries,
)
from confaudit.knowledge.trackers import TrackerTable
from confaudit.model import Evidence, EvidenceItem, FindingStatus, Rule, Severity

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO
CONTRADICTED, INCONSISTENT, CONSISTENT, UNVERIFIABLE = (
    "residency/claim-contradicted",
    "residency/claim-inconsistent",
    "residency/claim-consistent",
    "residency/claim-unverifiable",
)
NO_CLAIM = "residency/no-claim"

GDPR44 = "gdpr-art-44-49"
GDPR13 = "gdpr-art-13-1-f"
CMA = ("cpr-2008-reg-5", "dmcc-act-2024-s-226", "ftc-act-s-5")
ICO = "ico-international-transfers"

RULES = [
    Rule(
        CONTRADICTED,
        "A claim about where data is kept is contradicted by what the site does",
        Severity.HIGH,
        "The notice says data stays in one place, yet the site sends data to a company based elsewhere (an "
        "advertiser's pixel, a form processor, an analytics service). Clients who chose the provider because of "
        "the promise are misled, and the transfer may lack a lawful basis and safeguards.",
        "Either stop the flow (remove the third party, or switch to one that stores and processes data in the "
        "claimed place under contract) or correct the notice: name the recipients, their countries and the "
        "safeguard (IDTA / UK Addendum, SCCs, adequacy).",
        [GDPR44, GDPR13, *CMA, ICO],
    ),
    Rule(
        INCONSISTENT,
        "Evidence points away from the claimed place (with a possible explanation)",
        Severity.MEDIUM,
        "Something observed is outside the claimed place: a server address registered abroad, a CDN edge, a "
        "mail provider, a font or library host. Each may be explained (an edge only relays; a cloud address may "
        "be used elsewhere than registered), but the provider should be able to say how.",
        "Check where each named service stores and processes data; pick regional options (UK/EU regions, a "
        "UK/EU mail data location, self-hosted fonts and libraries) and say in the notice which services are "
        "involved.",
        [GDPR13, ICO],
    ),
    Rule(
        CONSISTENT,
        "A claim about where data is kept agrees with what could be observed",
        Severity.INFO,
        "What can be seen from outside (origin addresses, storage-region headers, third parties) agrees with the "
        "claim. Storage behind a server cannot be seen from outside, so this is agreement, not verification.",
        "Nothing to fix; keep the claim true when adding services.",
        [GDPR13],
    ),
    Rule(
        UNVERIFIABLE,
        "A claim about where data is kept cannot be checked from outside",
        Severity.LOW,
        "Nothing observable bears on the claim: the addresses have no country (private or loopback), only CDN "
        "edges were seen, or DNS was not looked up. The claim may be true; the audit cannot tell.",
        "Back the claim with something checkable: name the hosting provider and region, and the sub-processors "
        "with their locations.",
        [GDPR13, *CMA],
    ),
    Rule(
        NO_CLAIM,
        "The notice does not say where data is kept",
        Severity.LOW,
        "Clients of a therapy service often want to know whether their notes and messages leave the country; "
        "the notice makes no claim about storage location or transfers.",
        "Say where data is stored and processed (hosting provider and region) and whether it is transferred "
        "abroad, with the safeguard used.",
        [GDPR13, "ico-right-to-be-informed"],
    ),
]

VERDICT_ORDER = (CONTRADICTED, INCONSISTENT, UNVERIFIABLE, CONSISTENT)
BROAD_DESTINATIONS = ("other countries", "unspecified")


@dataclass
class Claim:
    """One claim of the notice, as a place to hold the observations against."""

    kind: str  # "residency" or "transfers"
    label: str  # how the summary names it
    area: Area  # where data is allowed to be, per the claim
    quotes: list[EvidenceItem]
    attrs: dict[str, Any]
    broad: bool = False  # a transfers clause naming no particular destination


@dataclass
class Judgement:
    claim: Claim
    rule: str
    severity: Severity | None
    summary: str
    evidence: list[EvidenceItem] = field(default_factory=list)


@dataclass
class Observed:
    recipients: list[Recipient]
    hosting: Hosting
    mail: list[MailHandling]
    mail_status: str
    sources: EvidenceItem
    sources_text: str
    missing: list[str]
    located_hosts: dict[str, list[tuple[str, str | None, str | None]]]  # third-party host -> (addr, cc, edge)


# --- claims ---------------------------------------------------------------------------------------------


def claims_of(notice: Notice) -> list[Claim]:
    out = []
    res = notice.clause("data_residency_claim")
    if res is not None and res.status != "absent":
        area = area_of(res.attrs.get("claimed_location"))
        scope = res.attrs.get("scope") or "storage"
        label = f'"{_place_label(res.attrs.get("claimed_location"))}" ({scope.replace("+", " and ")})'
        out.append(
            Claim(
                "residency",
                f"the claim that data is kept in {label}",
                area,
                notice.quotes(res.clause),
                res.attrs,
            )
        )
    tr = notice.clause("international_transfers")
    if tr is not None and tr.status != "absent":
        dests = [str(d) for d in tr.attrs.get("destinations") or ["unspecified"]]
        broad = any(d in BROAD_DESTINATIONS or d.startswith("outside") for d in dests)
        countries = set(UK | EEA)
        if out and out[0].area.known:
            countries |= out[0].area.countries
        for d in dests:
            countries |= place_countries(d)
        safeguard = tr.attrs.get("safeguard") or "no safeguard named"
        label = f"the transfers clause (destinations: {', '.join(dests)}; safeguard: {safeguard})"
        out.append(
            Claim(
                "transfers",
                label,
                Area("the UK/EEA and " + ", ".join(dests), frozenset(countries)),
                notice.quotes(tr.clause),
                tr.attrs,
                broad,
            )
        )
    return out


def _place_label(place: Any) -> str:
    if isinstance(place, list):
        return " / ".join(str(p) for p in place)
    return str(place or "an unnamed place")


# --- observations ---------------------------------------------------------------------------------------


def observe(evidence: Evidence, knowledge: Any) -> Observed:
    table: TrackerTable = knowledge.trackers
    locator: Locator = knowledge.location
    dns = dns_evidence(evidence)
    hosting = site_hosting(evidence, locator)
    mail, mail_status = mail_handling(evidence, locator.edges)
    databases = list(dns.databases) if dns and dns.databases else locator.databases
    text = "; ".join(databases) + f"; trackers knowledge of {table.updated}"
    sources = EvidenceItem(
        "source",
        f"IP locations and company countries from: {text}",
        None,
        {"databases": databases, "trackers_updated": table.updated},
    )
    located: dict[str, list[tuple[str, str | None, str | None]]] = {}
    if dns:
        for rec in dns.hosts:
            for addr in rec.addresses:
                loc = dns.located(addr)
                if loc:
                    located.setdefault(rec.host, []).append((addr, loc.country, loc.edge))
    missing = missing_parts(evidence, ("dns", "browser"))
    return Observed(recipients(evidence, table), hosting, mail, mail_status, sources, text, missing, located)


# --- judging one claim ----------------------------------------------------------------------------------


def _outside(country: str | None, area: Area) -> bool:
    return country is not None and country not in area


def judge_claim(claim: Claim, obs: Observed) -> Judgement:
    area = claim.area
    contra: list[EvidenceItem] = []
    elsewhere: list[EvidenceItem] = []
    support: list[EvidenceItem] = []
    contra_countries: set[str] = set()
    if not area.known:
        return Judgement(
            claim,
            UNVERIFIABLE,
            None,
            f"The notice makes {claim.label}, which names no place that can be checked.",
            [*claim.quotes, obs.sources],
        )
    for r in obs.recipients:
        if r.country and _outside(r.country, area):
            if r.receives_data:
                contra.append(r.item(f"outside {area.label}: "))
                contra_countries.add(r.country)
            else:
                elsewhere.append(
                    r.item(f"outside {area.label} (receives visitors' IP and page addresses only): ")
                )
        elif r.entity is None:
            addrs = obs.located_hosts.get(r.host, [])
            far = [(a, cc, e) for a, cc, e in addrs if _outside(cc, area)]
            if far:
                a, cc, edge = far[0]
                why = f"{edge} edge" if edge else "address location"
                elsewhere.append(
                    r.item(
                        f"{r.host} at {a} is located in {country_name(cc)} ({why}), outside {area.label}: "
                    )
                )
    if claim.broad:
        # "may be transferred to other countries": any destination is within the claim
        contra, elsewhere = [], []
    hosting = obs.hosting
    for loc in hosting.addresses:
        if loc.country is None:
            continue
        if loc.edge or hosting.edge:
            if _outside(loc.country, area):
                elsewhere.append(
                    EvidenceItem(
                        "address",
                        f"the site's address {loc.address} is located in {country_name(loc.country)} "
                        f"({loc.dated_source}) but belongs to the {loc.edge or hosting.edge} edge network, "
                        "which says where the nearest edge is, not where data is stored",
                        None,
                        {"address": loc.address, "country": loc.country, "edge": loc.edge or hosting.edge},
                    )
                )
        elif _outside(loc.country, area):
            elsewhere.append(
                EvidenceItem(
                    "address",
                    f"the site's server {loc.address} is located in {country_name(loc.country)} per "
                    f"{loc.dated_source}, outside {area.label}",
                    None,
                    {"address": loc.address, "country": loc.country, "database": loc.source},
                )
            )
        else:
            support.append(
                EvidenceItem(
                    "address",
                    f"the site's server {loc.address} is located in {country_name(loc.country)} per "
                    f"{loc.dated_source}",
                    None,
                    {"address": loc.address, "country": loc.country, "database": loc.source},
                )
            )
    for hint in hosting.hints:
        item = EvidenceItem(
            "header",
            f"{hint.evidence}: {hint.what} in {hint.region} ({country_name(hint.country)})",
            None,
            {"what": hint.what, "region": hint.region, "country": hint.country},
        )
        (elsewhere if _outside(hint.country, area) and not claim.broad else support).append(item)
    for m in obs.mail:
        if _outside(m.country, area) and not claim.broad:
            elsewhere.append(m.item())
        elif m.country:
            support.append(m.item())
    evidence = [*claim.quotes]
    note = limits_note(obs.missing)
    when = f" (locations: {obs.sources_text})"
    if contra:
        countries = ", ".join(country_name(c) for c in sorted(contra_countries))
        names = ", ".join(_names(obs.recipients, contra))
        near = all(in_uk_or_eea(c) or c in ADEQUATE for c in contra_countries)
        severity = Severity.MEDIUM if near else Severity.HIGH
        summary = (
            f"The notice makes {claim.label}, but the site sends data to {names}, based in {countries}."
            + (" (Those countries have UK/EU adequacy, but the claim is still untrue.)" if near else "")
            + note
            + when
        )
        return Judgement(
            claim, CONTRADICTED, severity, summary, evidence + contra + elsewhere + [obs.sources]
        )
    if elsewhere:
        summary = (
            f"The notice makes {claim.label}; {len(elsewhere)} observation(s) point elsewhere, each of which may "
            "have an explanation (an edge network, a registration country, a regional option)." + note + when
        )
        return Judgement(
            claim,
            INCONSISTENT,
            None,
            summary,
            evidence + elsewhere + support + hosting.items() + [obs.sources],
        )
    if support:
        summary = (
            f"The notice makes {claim.label}; what could be observed agrees ({len(support)} observation(s)). "
            "Storage behind the server cannot be seen from outside, so this is agreement, not verification."
            + note
            + when
        )
        return Judgement(
            claim, CONSISTENT, None, summary, evidence + support + hosting.items() + [obs.sources]
        )
    if claim.broad:
        outside = [r for r in obs.recipients if r.country and not in_uk_or_eea(r.country) and r.receives_data]
        if outside:
            safeguard = claim.attrs.get("safeguard")
            sg = f"; safeguard named: {safeguard}" if safeguard else "; no safeguard is named"
            summary = (
                f"The notice makes {claim.label}, which covers the transfers observed "
                f"({', '.join(_names(obs.recipients, [r.item() for r in outside]))}){sg}." + note
            )
            return Judgement(
                claim, CONSISTENT, None, summary, evidence + [r.item() for r in outside] + [obs.sources]
            )
    reasons = _why_unverifiable(obs)
    summary = (
        f"The notice makes {claim.label}, which cannot be checked from outside: {reasons}." + note + when
    )
    return Judgement(claim, UNVERIFIABLE, None, summary, evidence + hosting.items() + [obs.sources])


def _names(recipients: list[Recipient], items: list[EvidenceItem]) -> list[str]:
    hosts = {i.data.get("third_party") for i in items}
    names = []
    for r in recipients:
        if r.host in hosts and r.name not in names:
            names.append(r.describe())
    return names[:8] + ([f"{len(names) - 8} more"] if len(names) > 8 else [])


def _why_unverifiable(obs: Observed) -> str:
    h = obs.hosting
    parts = []
    if not h.addresses:
        parts.append(f"the site's address was not looked up ({h.status or 'no DNS evidence'})")
    elif not h.located:
        kinds = sorted({a.network for a in h.addresses})
        parts.append(
            f"the site's address(es) {', '.join(a.address for a in h.addresses)} are on a "
            f"{'/'.join(kinds)} network, which has no country"
        )
    elif h.edge:
        parts.append(
            f"the site is served through the {h.edge} edge network, whose location says nothing about storage"
        )
    if not obs.mail:
        parts.append(f"mail handling unknown ({obs.mail_status})")
    parts.append("no third party based elsewhere was seen receiving data")
    return "; ".join(parts)


# --- the judge ------------------------------------------------------------------------------------------


def judge(evidence: Evidence, knowledge: Any) -> Verdict:
    notice = read_notice(evidence)
    obs = observe(evidence, knowledge)
    claims = claims_of(notice)
    judgements = [judge_claim(c, obs) for c in claims]
    findings = []
    for rule in VERDICT_ORDER:
        hits = [j for j in judgements if j.rule == rule]
        if hits:
            status = {CONTRADICTED: FAIL, INCONSISTENT: WARN, UNVERIFIABLE: INFO, CONSISTENT: PASS}[rule]
            severity = max((j.severity for j in hits if j.severity), key=lambda s: s.rank, default=None)
            evidence_items = [i for j in hits for i in j.evidence]
            findings.append(
                CHECK.finding(
                    rule,
                    status,
                    " ".join(j.summary for j in hits),
                    _dedupe(evidence_items)[:60],
                    severity=severity,
                    url=notice.urls[0] if notice.urls else None,
                )
            )
        elif claims:
            findings.append(
                CHECK.finding(
                    rule,
                    PASS,
                    f"No claim of the notice reached this verdict (claims: {'; '.join(c.label for c in claims)}). "
                    f"Locations: {obs.sources_text}.",
                    [obs.sources],
                )
            )
        else:
            findings.append(
                CHECK.finding(
                    rule,
                    INFO,
                    f"Not assessed: {notice.reason or 'the notice makes no claim about where data is kept'}. "
                    f"Locations: {obs.sources_text}.",
                    [obs.sources],
                )
            )
    if claims:
        findings.append(
            CHECK.finding(
                NO_CLAIM,
                PASS,
                f"The notice makes {len(claims)} claim(s) about where data is kept or sent: "
                + "; ".join(c.label for c in claims)
                + f". Locations: {obs.sources_text}.",
                [*(q for c in claims for q in c.quotes), obs.sources],
            )
        )
    else:
        seen = _observations(obs)
        findings.append(
            CHECK.finding(
                NO_CLAIM,
                INFO,
                f"{'The notice' if notice.analysis else 'The site'} says nothing about where clients' data is kept "
                f"or whether it leaves the country"
                + (f" ({notice.reason})" if notice.reason else "")
                + f". Observed for the record: {len(obs.recipients)} third part(y/ies) receiving data or requests. "
                f"Locations: {obs.sources_text}." + limits_note(obs.missing),
                [*seen, obs.sources],
            )
        )
    data = {
        "claims": [
            {
                "kind": j.claim.kind,
                "label": j.claim.label,
                "area": sorted(j.claim.area.countries),
                "verdict": j.rule,
            }
            for j in judgements
        ],
        "hosting": {
            "host": obs.hosting.host,
            "addresses": [
                {
                    "address": a.address,
                    "country": a.country,
                    "source": a.source,
                    "date": a.database_date,
                    "edge": a.edge,
                }
                for a in obs.hosting.addresses
            ],
            "edge": obs.hosting.edge,
            "status": obs.hosting.status,
        },
        "recipients": [
            {
                "name": r.name,
                "host": r.host,
                "country": r.country,
                "category": r.category,
                "receives_data": r.receives_data,
            }
            for r in obs.recipients
        ],
        "mail": [{"mx": m.exchange, "provider": m.provider, "country": m.country} for m in obs.mail],
        "mail_status": obs.mail_status,
        "databases": obs.sources.data["databases"],
        "judged_without": obs.missing,
    }
    return Verdict(findings, data)


def _observations(obs: Observed) -> list[EvidenceItem]:
    items = [r.item() for r in obs.recipients if r.receives_data][:20]
    items += obs.hosting.items()
    items += [m.item() for m in obs.mail]
    return items


def _dedupe(items: list[EvidenceItem]) -> list[EvidenceItem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for i in items:
        key = (i.kind, i.text)
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def prepare(knowledge: Any) -> None:
    """The notice's patterns and the vendor table, built while the probes fetch."""
    prepare_patterns()
    _ = knowledge.trackers


CHECK = Check(
    id="residency",
    title="Where data is kept: claims against observations",
    category="confidentiality",
    weight=1.0,
    needs=("crawl",),
    wants=("dns", "tls", "browser"),
    rules=RULES,
    judge=judge,
    version="1.0",
    description="Holds the notice's claims about where data is stored, processed and transferred against the "
    "third parties seen receiving data (and their home countries), form processors, the site's addresses "
    "(offline location databases, dated), CDN edges, storage-region headers and mail handling.",
    prepare=prepare,
)
