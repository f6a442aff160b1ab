"""The residency rules, judged in this order: one per verdict a claim can reach (worst first), each
reporting every claim that reached it, then whether the notice makes any claim at all."""

from __future__ import annotations

from confaudit_checks.residency.check import CHECK, Reading
from confaudit_checks.residency.observations import for_the_record
from confaudit_checks.residency.verdicts import CONSISTENT, CONTRADICTED, INCONSISTENT, UNVERIFIABLE

from confaudit.analysis.claims import limits_note
from confaudit.api.check import Outcome
from confaudit.model import EvidenceItem, FindingStatus, Severity

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO

# reference ids (confaudit.knowledge.references) several rules cite
GDPR44 = "gdpr-art-44-49"
GDPR13 = "gdpr-art-13-1-f"
CMA = ("cpr-2008-reg-5", "dmcc-act-2024-s-226", "ftc-act-s-5")
ICO = "ico-international-transfers"


def _dedupe(items: list[EvidenceItem]) -> list[EvidenceItem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for i in items:
        key = (i.kind, i.text)
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def verdict(reading: Reading, rule_id: str, status: FindingStatus) -> Outcome:
    """The claims that reached this verdict, one sentence each, pointing at the notice; or, when none did,
    a pass (the notice makes claims) or a note (it makes none)."""
    obs, notice = reading.observed, reading.notice
    hits = [j for j in reading.judgements if j.rule == rule_id]
    if hits:
        return Outcome(
            status,
            " ".join(j.summary for j in hits),
            _dedupe([i for j in hits for i in j.evidence]),
            max((j.severity for j in hits if j.severity), key=lambda s: s.rank, default=None),
            url=notice.urls[0] if notice.urls else None,
        )
    if reading.claims:
        return Outcome(
            PASS,
            f"No claim of the notice reached this verdict (claims: {'; '.join(c.label for c in reading.claims)}). "
            f"Locations: {obs.sources_text}.",
            [obs.sources],
        )
    return Outcome(
        INFO,
        f"Not assessed: {notice.reason or 'the notice makes no claim about where data is kept'}. "
        f"Locations: {obs.sources_text}.",
        [obs.sources],
    )


@CHECK.rule(
    CONTRADICTED,
    "A claim about where data is kept is contradicted by what the site does",
    Severity.HIGH,
    rationale=(
        "The notice says data stays in one place, yet the site sends data to a company based elsewhere (an "
        "advertiser's pixel, a form processor, an analytics service). Clients who chose the provider because of "
        "the promise are misled, and the transfer may lack a lawful basis and safeguards."
    ),
    remediation=(
        "Either stop the flow (remove the third party, or switch to one that stores and processes data in the "
        "claimed place under contract) or correct the notice: name the recipients, their countries and the "
        "safeguard (IDTA / UK Addendum, SCCs, adequacy)."
    ),
    references=[GDPR44, GDPR13, *CMA, ICO],
)
def contradicted(reading: Reading) -> Outcome:
    return verdict(reading, CONTRADICTED, FAIL)


@CHECK.rule(
    INCONSISTENT,
    "Evidence points away from the claimed place (with a possible explanation)",
    Severity.MEDIUM,
    rationale=(
        "Something observed is outside the claimed place: a server address registered abroad, a CDN edge, a "
        "mail provider, a font or library host. Each may be explained (an edge only relays; a cloud address may "
        "be used elsewhere than registered), but the provider should be able to say how."
    ),
    remediation=(
        "Check where each named service stores and processes data; pick regional options (UK/EU regions, a "
        "UK/EU mail data location, self-hosted fonts and libraries) and say in the notice which services are "
        "involved."
    ),
    references=[GDPR13, ICO],
)
def inconsistent(reading: Reading) -> Outcome:
    return verdict(reading, INCONSISTENT, WARN)


@CHECK.rule(
    UNVERIFIABLE,
    "A claim about where data is kept cannot be checked from outside",
    Severity.LOW,
    rationale=(
        "Nothing observable bears on the claim: the addresses have no country (private or loopback), only CDN "
        "edges were seen, or DNS was not looked up. The claim may be true; the audit cannot tell."
    ),
    remediation=(
        "Back the claim with something checkable: name the hosting provider and region, and the sub-processors "
        "with their locations."
    ),
    references=[GDPR13, *CMA],
)
def unverifiable(reading: Reading) -> Outcome:
    return verdict(reading, UNVERIFIABLE, INFO)


@CHECK.rule(
    CONSISTENT,
    "A claim about where data is kept agrees with what could be observed",
    Severity.INFO,
    rationale=(
        "What can be seen from outside (origin addresses, storage-region headers, third parties) agrees with the "
        "claim. Storage behind a server cannot be seen from outside, so this is agreement, not verification."
    ),
    remediation="Nothing to fix; keep the claim true when adding services.",
    references=[GDPR13],
)
def consistent(reading: Reading) -> Outcome:
    return verdict(reading, CONSISTENT, PASS)


@CHECK.rule(
    "residency/no-claim",
    "The notice does not say where data is kept",
    Severity.LOW,
    rationale=(
        "Clients of a therapy service often want to know whether their notes and messages leave the country; "
        "the notice makes no claim about storage location or transfers."
    ),
    remediation=(
        "Say where data is stored and processed (hosting provider and region) and whether it is transferred "
        "abroad, with the safeguard used."
    ),
    references=[GDPR13, "ico-right-to-be-informed"],
)
def no_claim(reading: Reading) -> Outcome:
    obs, notice, claims = reading.observed, reading.notice, reading.claims
    if claims:
        return Outcome(
            PASS,
            f"The notice makes {len(claims)} claim(s) about where data is kept or sent: "
            + "; ".join(c.label for c in claims)
            + f". Locations: {obs.sources_text}.",
            [*(q for c in claims for q in c.quotes), obs.sources],
        )
    return Outcome(
        INFO,
        f"{'The notice' if notice.analysis else 'The site'} says nothing about where clients' data is kept "
        f"or whether it leaves the country"
        + (f" ({notice.reason})" if notice.reason else "")
        + f". Observed for the record: {len(obs.recipients)} third part(y/ies) receiving data or requests. "
        f"Locations: {obs.sources_text}." + limits_note(obs.missing),
        [*for_the_record(obs), obs.sources],
    )
