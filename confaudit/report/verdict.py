"""The plain-language verdict a prospective client reads first: what this means for them.

Derived only from the result (grade, open findings, check scores), so re-rendering a saved result gives
the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from confaudit.model import AuditResult, CheckStatus, Finding, FindingStatus, Severity
from confaudit.results.ranking import ranked

HEADLINES = {
    "A+": ("good", "This provider protects visitors' confidentiality well in everything we could check."),
    "A": ("good", "This provider protects visitors' confidentiality well, with minor gaps."),
    "B": ("fair", "This provider mostly protects confidentiality, but has gaps worth knowing about."),
    "C": ("poor", "This provider has real gaps in how it protects what you tell it."),
    "D": ("poor", "This provider has serious gaps in how it protects what you tell it."),
    "F": ("bad", "Think twice before sharing anything sensitive through this website."),
    "?": ("unknown", "This provider's website could not be checked."),
}


@dataclass
class PlainVerdict:
    tone: str
    headline: str
    concerns: list[Finding] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    advice: str = ""


def plain_verdict(result: AuditResult, limit: int = 5) -> PlainVerdict:
    tone, headline = HEADLINES.get(result.grade, HEADLINES["?"])
    serious = [
        f
        for f in ranked(result.findings())
        if f.open and f.status == FindingStatus.FAIL and f.severity.rank >= Severity.HIGH.rank
    ]
    if not serious:
        serious = [f for f in ranked(result.findings()) if f.open][:limit]
    strengths = [
        f"{c.title}: no problems found."
        for c in result.checks
        if c.status == CheckStatus.OK and c.score is not None and not any(f.open for f in c.findings)
    ]
    if result.error:
        advice = f"The audit could not run: {result.error}"
    elif tone in ("bad", "poor"):
        advice = (
            "If you use this provider, ask them about the problems below before you book, fill in a form or "
            "write about your health; a phone call or an in-person first contact shares less."
        )
    elif tone == "fair":
        advice = (
            "The problems below are worth raising with the provider; none means your sessions are exposed."
        )
    else:
        advice = "Nothing we could see from outside suggests your information is exposed."
    return PlainVerdict(tone, headline, serious[:limit], strengths, advice)
