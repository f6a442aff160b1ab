"""What was observed that bears on where data goes: recipients, the site's addresses, mail, and their sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from confaudit.analysis.claims import (
    Hosting,
    MailHandling,
    Recipient,
    dns_evidence,
    mail_handling,
    missing_parts,
    recipients,
    site_hosting,
)
from confaudit.knowledge.location import Locator
from confaudit.knowledge.trackers import TrackerTable
from confaudit.model import Evidence, EvidenceItem


@dataclass
class Observed:
    """What every claim is held against, gathered once per evidence."""

    recipients: list[Recipient]
    hosting: Hosting
    mail: list[MailHandling]
    mail_status: str
    sources: EvidenceItem
    sources_text: str
    missing: list[str]
    located_hosts: dict[str, list[tuple[str, str | None, str | None]]]  # third-party host -> (addr, cc, edge)


def observe(evidence: Evidence, knowledge: Any) -> Observed:
    """The observations, with the dated databases and trackers knowledge that placed them."""
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


def for_the_record(obs: Observed) -> list[EvidenceItem]:
    """What was observed, listed when the notice makes no claim to hold it against."""
    items = [r.item() for r in obs.recipients if r.receives_data][:20]
    items += obs.hosting.items()
    items += [m.item() for m in obs.mail]
    return items
