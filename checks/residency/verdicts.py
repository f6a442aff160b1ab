"""One claim held against the observations: which verdict it reaches, how severe, and on what evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from confaudit_checks.residency.claims import Claim
from confaudit_checks.residency.observations import Observed

from confaudit.analysis.claims import Recipient, limits_note
from confaudit.knowledge.places import ADEQUATE, Area, country_name, in_uk_or_eea
from confaudit.model import EvidenceItem, Severity

# the verdicts a claim can reach, each reported by the rule of that id, worst first
CONTRADICTED = "residency/claim-contradicted"
INCONSISTENT = "residency/claim-inconsistent"
UNVERIFIABLE = "residency/claim-unverifiable"
CONSISTENT = "residency/claim-consistent"


@dataclass
class Judgement:
    """One claim's verdict (the id of the rule that reports it), with its summary and evidence."""

    claim: Claim
    rule: str
    severity: Severity | None
    summary: str
    evidence: list[EvidenceItem] = field(default_factory=list)


def _outside(country: str | None, area: Area) -> bool:
    return country is not None and country not in area


def judge_claim(claim: Claim, obs: Observed) -> Judgement:
    """Contradicted by data flowing to a company based outside the claimed place; else inconsistent if
    anything points elsewhere; else consistent if anything agrees; else unverifiable. A broad transfers
    clause ("other countries") covers every destination."""
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
