"""The policy rules, each a function beside its metadata, in the order findings are reported.

Every rule judges the one ``NoticeReading``: with no notice found, or one that could not be read, the rules
that need the notice's text say so (info, "not assessed") rather than pass or fail. The 48 clause rules
(``policy/missing/<clause>`` and ``policy/vague/<clause>``, two per clause of clauses.md) are one family.
"""

from __future__ import annotations

import re
from datetime import datetime

from confaudit_checks.policy.check import CHECK, NoticeReading
from confaudit_checks.policy.citations import BACP_GP, CCPA, FTC, GDPR13, ICO, MHMDA, NPP, UKCP
from confaudit_checks.policy.guides import GUIDES
from confaudit_checks.policy.quotes import inert, quote_item, quote_items, url_items

from confaudit.analysis.policytext import (
    CLAUSES,
    SEVERITY,
    TITLES,
    ClauseResult,
    PolicyAnalysis,
    PolicyDocument,
)
from confaudit.api.check import Outcome
from confaudit.model import EvidenceItem, Finding, FindingStatus, Rule, Severity

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO
STALE_DAYS = 2 * 365 + 1
VERY_STALE_DAYS = 5 * 365 + 1


def _not_assessed(reading: NoticeReading) -> Outcome:
    """The outcome of a rule about the notice's text when there is no text to judge."""
    if not reading.pages:
        return Outcome(INFO, "Not assessed: no notice was found.")
    return Outcome(INFO, "Not assessed: the notice could not be read.")


# ----------------------------------------------------------------------------------------------- the notice


@CHECK.rule(
    "policy/not-found",
    "No privacy or confidentiality notice was found",
    Severity.CRITICAL,
    rationale=(
        "A counselling or therapy provider must tell clients, before they share anything, what is kept "
        "confidential and when it would not be; without a notice they cannot give informed consent."
    ),
    remediation=(
        "Publish a privacy and confidentiality notice and link it from every page (footer) and from the "
        "booking and contact forms. Start from the ICO's template for small organisations and add the "
        'limits of confidentiality, e.g. "What you tell me is confidential, except where someone is at '
        'serious risk of harm, a child or vulnerable adult needs protecting, or the law requires it."'
    ),
    references=[*GDPR13, ICO, NPP, BACP_GP, UKCP],
)
def not_found(reading: NoticeReading) -> Outcome:
    if reading.pages:
        urls = [p.url for p in reading.pages]
        return Outcome(PASS, f"{len(urls)} notice page(s) found.", url_items(urls, "notice page"))
    crawl = reading.crawl
    tried = crawl.policy_urls_tried
    where = f"; also tried {len(tried)} usual address(es)" if tried else ""
    return Outcome(
        FAIL,
        f"No privacy or confidentiality notice was linked from the {len(crawl.pages)} page(s) visited{where}.",
        url_items(tried, "tried")
        or [EvidenceItem("url", f"crawled from {crawl.start_url}", crawl.start_url)],
    )


@CHECK.rule(
    "policy/unreadable",
    "The notice could not be read",
    Severity.HIGH,
    rationale=(
        "A notice that is a broken PDF, or text that only appears after scripts run, may not be readable by "
        "clients, screen readers or search engines, and nothing in it can be verified."
    ),
    remediation=(
        "Publish the notice as a plain HTML page (or a text-based, untagged-password PDF); check that it "
        "reads correctly with JavaScript turned off."
    ),
    references=[*GDPR13, "gdpr-art-12-1", ICO],
)
def unreadable(reading: NoticeReading) -> Outcome:
    notice = reading.notice
    if notice is None:
        return Outcome(INFO, "Not applicable: no notice was found.")
    if reading.analysis is None:
        problems = list(notice.problems)
        doc = notice.document
        if doc is not None:
            problems.append(
                EvidenceItem(
                    "url",
                    f"only {doc.word_count} words of text (the page may need JavaScript)",
                    doc.url or None,
                )
            )
        return Outcome(FAIL, "The notice was found but its text could not be read.", problems)
    if notice.problems:
        return Outcome(WARN, "Some notice pages could not be read.", notice.problems, Severity.LOW)
    return Outcome(PASS, "Every notice page could be read.")


# ----------------------------------------------------------------------------------------------- clauses


def _unique(*ref_ids: str) -> list[str]:
    """Reference ids in order, each once (a clause's own list may repeat the shared ones)."""
    return list(dict.fromkeys(ref_ids))


def clause_rules() -> list[Rule]:
    """A `missing` and a `vague` rule per clause, in clause order, worded from the clause's guide."""
    rules = []
    for cid in CLAUSES:
        g = GUIDES[cid]
        title = TITLES[cid].lower()
        rules.append(
            Rule(
                f"policy/missing/{cid}",
                f"The notice does not cover: {title}",
                Severity(SEVERITY[cid]),
                g.why,
                f'{g.add} For example: "{g.model}"',
                _unique(*g.refs, *GDPR13, ICO, NPP),
            )
        )
        rules.append(
            Rule(
                f"policy/vague/{cid}",
                f"The notice is vague about: {title}",
                Severity(SEVERITY[cid]).lower(),
                g.why + " Generic or conditional wording does not tell a client what will actually happen.",
                f'Make it specific. {g.add} For example: "{g.model}"',
                _unique(*g.refs, *GDPR13, ICO),
            )
        )
    return rules


def clause_outcomes(result: ClauseResult, absent_why: str) -> tuple[Outcome, Outcome]:
    """One clause's `missing` and `vague` outcomes. A missing core clause (severity high) fails; any other
    is a warning; a vague clause is a warning at the `vague` rule's severity (one step milder)."""
    cid = result.clause
    title = TITLES[cid].lower()
    sev = SEVERITY[cid]
    items = quote_items(result)
    if result.status == "absent":
        status = INFO if sev == "info" else FAIL if sev == "high" else WARN
        return (
            Outcome(status, f"{absent_why} {title}."),
            Outcome(INFO, f"Not applicable: {title} is missing altogether (policy/missing/{cid})."),
        )
    if result.status == "partial":
        first = inert(result.quotes[0].text) if result.quotes else ""
        return (
            Outcome(PASS, f"The notice mentions {title}, but vaguely.", items),
            Outcome(
                WARN,
                f'The notice touches on {title} without the specifics a client needs: "{first}"',
                items,
            ),
        )
    return (
        Outcome(PASS, f"The notice covers {title}.", items),
        Outcome(PASS, f"The notice is specific about {title}."),
    )


@CHECK.family(clause_rules())
def clauses(reading: NoticeReading) -> dict[str, Outcome]:
    """Two outcomes per clause; with no notice every clause is missing, since clients are told nothing."""
    out: dict[str, Outcome] = {}
    for cid in CLAUSES:
        if reading.analysis is not None:
            missing, vague = clause_outcomes(reading.analysis.clauses[cid], "The notice says nothing about")
        elif not reading.pages:
            absent = ClauseResult(cid, "absent")
            missing, vague = clause_outcomes(absent, "With no notice, clients are told nothing about")
        else:
            missing = vague = _not_assessed(reading)
        out[f"policy/missing/{cid}"] = missing
        out[f"policy/vague/{cid}"] = vague
    return out


# ----------------------------------------------------------------------------------------------- what it says


@CHECK.rule(
    "policy/ad-use-disclosed",
    "The notice discloses use or sharing of data for advertising",
    Severity.HIGH,
    rationale=(
        "A therapy provider sharing client data (even 'de-identified' or device identifiers) with advertisers "
        "exposes that someone sought mental-health care; regulators treat it as a serious breach of trust."
    ),
    remediation=(
        "Stop sharing client data with advertising platforms, remove advertising pixels from the site, and "
        'say so: "We never sell your data or share it with anyone for advertising."'
    ),
    references=[*CCPA, MHMDA, *FTC, "hhs-ocr-tracking-2024"],
)
def ad_use_disclosed(reading: NoticeReading) -> Outcome:
    if reading.analysis is None:
        return _not_assessed(reading)
    sale = reading.analysis.clauses["sale_or_ad_sharing"]
    polarity = sale.attrs.get("polarity")
    items = quote_items(sale)
    if polarity == "discloses_ad_use":
        extra = (
            " (it says the data is de-identified or aggregated)"
            if sale.attrs.get("deidentified_only")
            else ""
        )
        return Outcome(
            FAIL, f"The notice says client or visitor data is used or shared for advertising{extra}.", items
        )
    if polarity:
        said = {
            "denies_all_sharing": "that data is not shared with third parties",
            "denies_marketing_sharing": "that data is not sold or shared for advertising or marketing",
            "denies_sale": "that data is not sold (it does not say whether it is shared for advertising)",
            "conditional_no_sale": "that data is not sold without the client's authorisation",
        }.get(polarity, polarity)
        return Outcome(PASS, f"No advertising use is disclosed; it says {said}.", items)
    return Outcome(PASS, "The notice discloses no advertising use of data.")


_OUTDATED_LAW = re.compile(
    r"data protection act 1998|\bdpa 1998\b|privacy shield|safe harbou?r framework|directive 95/46", re.I
)
_CURRENT_LAW = re.compile(r"\bgdpr\b|general data protection regulation|data protection act 2018", re.I)


def stale_outcome(analysis: PolicyAnalysis, doc: PolicyDocument, when: datetime | None) -> Outcome:
    """Undated, over two years old at fetch time, or citing repealed law (and not its successor)."""
    text = doc.text
    outdated = _OUTDATED_LAW.search(text) if not _CURRENT_LAW.search(text) else None
    law_note = f' It still cites "{outdated.group(0)}".' if outdated else ""
    updated = analysis.last_updated
    if updated is None:
        return Outcome(
            FAIL,
            "The notice shows no 'last updated' or effective date, so clients cannot tell if it is current."
            + law_note,
            [EvidenceItem("url", "no date found", doc.url or None)],
        )
    item = EvidenceItem(
        "fact", f"last updated {updated.isoformat()}", doc.url or None, {"last_updated": updated.isoformat()}
    )
    if when is None:
        return Outcome(
            INFO,
            f"Not assessed: the notice says it was last updated on {updated.isoformat()}, but the evidence "
            "records no fetch time to measure its age against." + law_note,
            [item],
        )
    age = (when.date() - updated).days
    if age > STALE_DAYS or outdated:
        return Outcome(
            FAIL,
            f"The notice was last updated on {updated.isoformat()}, {age / 365.25:.1f} years before this audit."
            + law_note,
            [item],
            Severity.MEDIUM if age > VERY_STALE_DAYS else Severity.LOW,
        )
    return Outcome(PASS, f"The notice was last updated on {updated.isoformat()}.", [item])


def stale_finding(analysis: PolicyAnalysis, doc: PolicyDocument, when: datetime | None) -> Finding:
    """The `policy/stale` finding for one notice judged at `when` (tests judge it at chosen dates)."""
    return CHECK.judged("policy/stale", stale_outcome(analysis, doc, when))


@CHECK.rule(
    "policy/stale",
    "The notice is undated or out of date",
    Severity.LOW,
    rationale=(
        "An undated notice, or one not reviewed for over two years, may not describe current practice, "
        "processors or law (e.g. still citing the Data Protection Act 1998 or the Privacy Shield)."
    ),
    remediation='Review the notice at least every year and show the date: "Last updated: 1 March 2025".',
    references=["gdpr-art-12-1", "gdpr-art-13", ICO, "hipaa-164-520-b-1-viii", "hipaa-164-520-b-3"],
)
def stale(reading: NoticeReading) -> Outcome:
    doc = reading.document
    if reading.analysis is None or doc is None:
        return _not_assessed(reading)
    return stale_outcome(reading.analysis, doc, reading.when)


@CHECK.rule(
    "policy/over-promise",
    "The notice makes a promise the law does not allow",
    Severity.MEDIUM,
    rationale=(
        "Absolute promises ('100% secure', 'we will always tell you before any disclosure', 'never shared "
        "with anyone') cannot be kept: tipping-off law forbids announcing some disclosures and no system is "
        "perfectly secure. They mislead clients and can be unfair commercial practice."
    ),
    remediation=(
        'Replace absolutes with what you actually do, e.g. "Where possible, and where the law allows, I will '
        'talk to you before sharing anything" and "We use encryption in transit and at rest".'
    ),
    references=[
        BACP_GP,
        "poca-2002-s-333a",
        "terrorism-act-2000-s-21d",
        "cpr-2008-reg-5",
        "dmcc-act-2024-s-226",
        "ftc-act-s-5",
    ],
)
def over_promise(reading: NoticeReading) -> Outcome:
    if reading.analysis is None:
        return _not_assessed(reading)
    promises = reading.analysis.over_promises
    if promises:
        return Outcome(
            FAIL,
            f"The notice makes {len(promises)} absolute promise(s) no provider can keep.",
            [quote_item(q, "over_promise") for q in promises[:10]],
        )
    return Outcome(PASS, "The notice makes no absolute promise the law rules out.")


def _ease_band(ease: float) -> str:
    """Flesch reading ease in words a reader understands."""
    if ease < 30:
        return "very difficult"
    if ease < 50:
        return "difficult"
    if ease < 60:
        return "fairly difficult"
    if ease < 70:
        return "plain English"
    return "easy"


@CHECK.rule(
    "policy/readability",
    "How readable the notice is",
    Severity.INFO,
    rationale=(
        "A notice clients cannot read informs nobody; GDPR asks for concise, intelligible, plain language."
    ),
    remediation=(
        "Aim for a Flesch reading ease of 50 or more: short sentences, everyday words, headings, a summary at "
        "the top."
    ),
    references=["gdpr-art-12-1", ICO],
)
def readability(reading: NoticeReading) -> Outcome:
    if reading.analysis is None:
        return _not_assessed(reading)
    r = reading.analysis.readability
    ease = r.flesch_reading_ease
    return Outcome(
        INFO,
        f"Flesch reading ease {ease:.0f} ({_ease_band(ease)}); about {r.reading_time_minutes:.0f} minute(s) "
        f"to read ({r.word_count} words in {r.sentence_count} sentences).",
        [EvidenceItem("fact", f"reading ease {ease:.1f}", None, r.to_dict())],
    )
