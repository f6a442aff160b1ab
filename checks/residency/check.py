"""The residency check's metadata, what every rule reads (each claim judged once against the observations)
and the result's data (the claims and their verdicts, the hosting, recipients and mail observed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from confaudit_checks.residency.claims import Claim, claims_of
from confaudit_checks.residency.observations import Observed, observe
from confaudit_checks.residency.verdicts import Judgement, judge_claim

from confaudit.analysis.notice import Notice, read_notice
from confaudit.analysis.policytext import prepare as prepare_patterns
from confaudit.api.check import Check, Outcome
from confaudit.model import Evidence


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
    version="1.0",
    description="Holds the notice's claims about where data is stored, processed and transferred against the "
    "third parties seen receiving data (and their home countries), form processors, the site's addresses "
    "(offline location databases, dated), CDN edges, storage-region headers and mail handling.",
    prepare=prepare,
    max_evidence=60,  # a verdict reached by two claims lists the evidence of both
)


@dataclass
class Reading:
    """What every residency rule reads: the notice, the observations, and each claim's judgement."""

    notice: Notice
    observed: Observed
    claims: list[Claim]
    judgements: list[Judgement]  # one per claim, in the claims' order


@CHECK.context
def read(evidence: Evidence, knowledge: Any) -> Reading:
    notice = read_notice(evidence)
    observed = observe(evidence, knowledge)
    claims = claims_of(notice)
    return Reading(notice, observed, claims, [judge_claim(c, observed) for c in claims])


@CHECK.summary
def summary(reading: Reading, outcomes: dict[str, Outcome]) -> dict[str, Any]:
    obs = reading.observed
    return {
        "claims": [
            {
                "kind": j.claim.kind,
                "label": j.claim.label,
                "area": sorted(j.claim.area.countries),
                "verdict": j.rule,
            }
            for j in reading.judgements
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
