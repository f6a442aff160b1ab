"""Whether UK/EU transfer rules apply to the provider, from its domain, its claims and the law its notice names."""

from __future__ import annotations

import re

from confaudit.analysis.notice import Notice
from confaudit.knowledge.places import EEA, UK, area_of
from confaudit.model import Evidence

UK_EEA_CCTLD = {
    "uk",
    "ie",
    "de",
    "fr",
    "nl",
    "be",
    "at",
    "dk",
    "se",
    "fi",
    "es",
    "it",
    "pt",
    "pl",
    "eu",
    "no",
}


def uk_eea_law(evidence: Evidence, notice: Notice) -> str | None:
    """Why UK/EU transfer rules apply to this provider, or None when nothing suggests they do."""
    tld = evidence.target.host.rsplit(".", 1)[-1]
    if tld in UK_EEA_CCTLD:
        return f"the site is under .{tld}"
    res = notice.clause("data_residency_claim")
    if res is not None and res.status != "absent":
        area = area_of(res.attrs.get("claimed_location"))
        if area.known and area.countries <= (UK | EEA):
            return f"the notice claims data is kept in {area.label}"
    m = re.search(
        r"\b(uk gdpr|gdpr|general data protection regulation|information commissioner|\bico\b|"
        r"data protection act 2018|european economic area|\beea\b)",
        notice.text,
    )
    if m:
        return f"the notice refers to {m.group(1).upper() if len(m.group(1)) <= 4 else m.group(1)}"
    return None
