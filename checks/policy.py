"""The policy check: does the provider tell clients what stays confidential, when it would not, and who
else sees their data?

The crawl's policy pages (privacy notice, confidentiality statement, cookie policy, PDF or HTML) are
extracted and merged into one notice, which `confaudit.analysis.policytext` judges against the 24 clauses of
clauses.md. Every clause has a `missing` and a `vague` rule; the quoted sentences are the evidence.
The clause table (status, quotes, attributes) goes into `Verdict.data["clauses"]` for the report and the
residency / promises checks.

Scoring. Counted naively, 48 clause rules at clauses.md's severities (high 20, medium 10, low 3 points)
turn every real notice into 0: the corpus's full notices lose 70-140 points. So:

- a missing *core* clause (confidentiality commitment, risk of harm, safeguarding: severity high) is a
  FAIL and costs 20 points (and, through the engine's caps, limits the grade to C);
- any other missing clause is a WARN at its clauses.md severity (half price: medium 5, low 1.5), and a
  vague clause is a WARN one severity lower (high -> medium 5, medium -> low 1.5, low -> info 0);
- together the clause findings deduct at most `CLAUSE_BUDGET` (60) points, through the check's score
  budget (`Check.budgets`, applied by `confaudit.results.scoring`, worst first): every finding keeps its real
  status and severity, and the deductions the budget trims say so in the score arithmetic;
- `not-found` (critical, 40), `ad-use-disclosed` (high, 20), `over-promise` (medium, 10), `stale` (low 3,
  medium 10 when over five years) and `unreadable` (high) are outside the budget.

A complete, specific notice scores 100; a decent practice notice with a few gaps 75-95; a sparse one
bottoms out at 40 from clauses alone; a site with no notice at all scores 0 (not-found plus every clause
missing), so a missing notice is never better than a poor one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from confaudit.analysis.notice import read_notice
from confaudit.analysis.policytext import (
    CLAUSES,
    SEVERITY,
    TITLES,
    ClauseResult,
    PolicyAnalysis,
    PolicyDocument,
)
from confaudit.analysis.policytext import prepare as prepare_patterns
from confaudit.api.check import Check, SkipCheck, Verdict
from confaudit.model import (
    Evidence,
    EvidenceItem,
    Finding,
    FindingStatus,
    Page,
    PageKind,
    Rule,
    ScoreBudget,
    Severity,
)

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO
CLAUSE_BUDGET = 60.0
STALE_DAYS = 2 * 365 + 1
VERY_STALE_DAYS = 5 * 365 + 1
MIN_WORDS = 8  # fewer words than this is not a notice a client could read (e.g. rendered by JavaScript)
MAX_QUOTE_CHARS = 600

GDPR13 = ("gdpr-art-13", "gdpr-art-14")
ICO = "ico-right-to-be-informed"
NPP = "hipaa-164-520"
BACP = "bacp-ethical-framework"
BACP_GP = "bacp-ef-gp-9-10-32c"
UKCP = "ukcp-code-2019"
APA = "apa-ethics-4"
CCPA = ("ccpa-1798-120", "ccpa-1798-135", "ccpa-1798-140-ah")
MHMDA = "wa-mhmda"
FTC = ("ftc-betterhelp-2023", "ftc-cerebral-2024")


@dataclass(frozen=True)
class Guide:
    """What a clause is for, what to write, a model sentence a small practice can adapt, and the law."""

    why: str
    add: str
    model: str
    refs: tuple[str, ...] = ()


GUIDES: dict[str, Guide] = {
    "confidentiality_commitment": Guide(
        "Confidentiality is the foundation of therapy: clients need a plain promise that what they say, and "
        "their records, stay confidential, not a general 'we value your privacy'.",
        "State plainly that sessions and records are confidential, by whom (practitioner and platform).",
        "What you tell me in our sessions is confidential: I will not share it, or confirm that you are my "
        "client, except in the situations described below.",
        (BACP, UKCP, APA, "hipaa-164-520-b-1-v"),
    ),
    "limits_risk_of_harm": Guide(
        "Clients must know before they speak that confidentiality may be broken if they or someone else is at "
        "serious risk; learning it afterwards destroys trust.",
        "Say that you may break confidentiality when there is a serious risk of harm to the client or others, "
        "and whom you would contact.",
        "If I believe that you or someone else is at serious risk of harm, I may need to contact your GP or "
        "the emergency services.",
        (BACP_GP, UKCP, "apa-ethics-4-02", "apa-ethics-4-05-b", "hipaa-164-512-j"),
    ),
    "limits_safeguarding": Guide(
        "Child-protection and adult-safeguarding duties override confidentiality; clients should hear this at "
        "the outset, in words, not as a bare statute name.",
        "Explain that concerns about the abuse or neglect of a child or vulnerable adult will be reported.",
        "If I learn that a child or a vulnerable adult is being abused or neglected, or is at risk of it, I "
        "will report this to the local authority's safeguarding team.",
        (BACP_GP, "children-act-1989-s-47", "care-act-2014-s-42", "hipaa-164-512-b", "hipaa-164-512-c"),
    ),
    "limits_legal_obligation": Guide(
        "Courts and some statutes can compel disclosure; 'required or permitted by law' is far broader than "
        "what a client would expect.",
        "Name the legal compulsions: court order or witness summons, terrorism, money laundering, drug "
        "trafficking.",
        "I would have to disclose information if a court orders me to, or where the law requires it, for "
        "example under the Terrorism Act 2000 or the Proceeds of Crime Act 2002.",
        (
            "bacp-gpia-014",
            "apa-ethics-4-05-b",
            "hipaa-164-520-b-1-ii-b",
            "hipaa-164-512-a",
            "hipaa-164-512-e",
        ),
    ),
    "disclosure_prior_discussion": Guide(
        "Knowing that they will usually be told first lets clients keep trusting the work even when a "
        "disclosure becomes necessary.",
        "Say whether you will discuss a disclosure with the client first where possible, and that some "
        "disclosures (e.g. under anti-terrorism or money-laundering law) cannot be announced.",
        "Where possible, and where the law allows, I will talk to you before I share anything.",
        (BACP_GP,),
    ),
    "consent_for_disclosure": Guide(
        "Outside the legal limits, nothing should reach a GP, family member, insurer or employer without the "
        "client's consent, and clients should know they can withdraw it.",
        "State that any other disclosure happens only with the client's (written) consent, which they can "
        "withdraw.",
        "I will only share information with your GP or anyone else if you ask me to and give your written "
        "consent, which you can withdraw at any time.",
        ("apa-ethics-4-05-a", "hipaa-164-520-b-1-ii-e", "gdpr-art-13-2-c"),
    ),
    "supervision": Guide(
        "Counsellors discuss their work in clinical supervision; clients should know this happens and that "
        "they are not identified.",
        "Explain that you discuss your work in supervision and how the client's identity is protected.",
        "I discuss my work with a clinical supervisor; I never share your name or anything that could "
        "identify you.",
        (BACP, UKCP, "apa-ethics-4-06"),
    ),
    "encryption_security": Guide(
        "'Secure platform' promises nothing checkable; clients should know whether sessions and records are "
        "encrypted, and whether the provider can read them.",
        "Name the platform and the concrete measures: encryption in transit and at rest, end-to-end or not, "
        "access control.",
        "Sessions run on [platform] and are encrypted in transit (TLS); my notes are stored encrypted and "
        "protected by a password and two-factor authentication.",
        ("gdpr-art-32", "hipaa-164-312", "bacp-gpia-047"),
    ),
    "session_recording": Guide(
        "Whether a session is recorded, or a chat transcript kept, changes what a client is willing to say.",
        "Say whether sessions (video, audio, chat) are recorded or transcripts kept, by whom, and with what "
        "consent.",
        "I do not record our sessions; if recording were ever useful, I would ask for your written consent "
        "first.",
        ("apa-ethics-4-03", "bacp-gpia-047"),
    ),
    "clinical_records_access": Guide(
        "Clients have a right to know what notes are kept about them and to see them.",
        "Describe the notes you keep, who can see them, and how the client can ask to see or correct them.",
        "I keep brief notes of each session, identified by your initials only; you can ask to see them at "
        "any time.",
        ("gdpr-art-15", "gdpr-art-16", "hipaa-164-524", "hipaa-164-526"),
    ),
    "retention_period": Guide(
        "'As long as necessary' tells a client nothing; the retention period (or its criteria) is required "
        "information.",
        "Give the period or the rule, e.g. years after the end of therapy, and for children's records.",
        "I keep session notes for 7 years after our work ends (for a child, until their 25th birthday), then "
        "securely destroy them.",
        ("gdpr-art-13-2-a", ICO),
    ),
    "third_party_processors": Guide(
        "Video, booking, email, payment and hosting companies all handle client data; clients should know "
        "who they are.",
        "List the recipients and processors, preferably by name.",
        "I use Zoom for video sessions, Google Workspace for email and Stripe for payments; each processes "
        "your data only on my instructions.",
        ("gdpr-art-13-1-e", ICO),
    ),
    "sale_or_ad_sharing": Guide(
        "Health data used for advertising is the harm regulators pursued in BetterHelp and Cerebral; 'we "
        "never sell' says nothing about sharing for ads.",
        "Say whether personal data is sold or shared for advertising (pixels included).",
        "I never sell your data or share it with anyone for advertising, and this website uses no "
        "advertising pixels.",
        (*CCPA, MHMDA, *FTC, "hipaa-164-502-a-5-ii"),
    ),
    "marketing_communications": Guide(
        "Clients should know whether they will receive marketing and how to stop it.",
        "Say whether you send marketing, on what basis, and how to opt out.",
        "I do not send newsletters or marketing emails.",
        ("pecr-reg-22", "gdpr-art-21-2-3", "hipaa-164-508-a-3"),
    ),
    "cookies_tracking": Guide(
        "Analytics and advertising tags on a therapy site can reveal that someone is seeking help.",
        "Name the cookies and analytics the site actually uses, and how consent is asked.",
        "This website uses only cookies needed for it to work; we use no analytics or advertising cookies.",
        ("pecr-reg-6", "ico-cookies", *CCPA),
    ),
    "international_transfers": Guide(
        "Clients should know if their data leaves the UK/EEA and what protects it there.",
        "Name destinations and the safeguard (adequacy, IDTA / UK Addendum, SCCs).",
        "Our email provider may store data in the United States; the transfer is covered by the UK-US data "
        "bridge and standard contractual clauses.",
        ("gdpr-art-13-1-f", "gdpr-art-44-49", ICO),
    ),
    "data_residency_claim": Guide(
        "Where data is stored is a common trust claim; stating it lets clients (and this audit) check it. "
        "No law requires the statement: it is transparency good practice.",
        "If you make a claim about where data is stored, make it precise (which data, which providers).",
        "Your notes and records are stored on servers in the United Kingdom.",
        (),
    ),
    "data_subject_rights": Guide(
        "Clients cannot use rights they are not told about.",
        "List the rights: access, rectification, erasure, restriction, portability, objection, withdrawing "
        "consent (HIPAA / state-law rights for US clients).",
        "You can ask to see, correct or delete your data, to restrict or object to how it is used, to receive "
        "it in a portable form, and to withdraw your consent.",
        ("gdpr-art-13-2-b", "gdpr-art-13-2-c", "gdpr-art-15-22", "hipaa-164-520-b-1-iv", "ccpa-1798-100-125"),
    ),
    "controller_contact_dpo": Guide(
        "Clients need to know who is responsible for their data and how to reach them.",
        "Name the controller, with contact details (and DPO / privacy officer, ICO registration number).",
        "Jane Smith Counselling is the data controller (ICO registration ZA000000); contact me at "
        "jane@example.co.uk.",
        ("gdpr-art-13-1-a", "gdpr-art-13-1-b", ICO, "hipaa-164-520-b-1-vii"),
    ),
    "complaints_regulator": Guide(
        "The right to complain to the regulator is required information and a real safeguard.",
        "Tell clients they can complain to the ICO (or their EU supervisory authority; in the US, HHS OCR, "
        "without retaliation).",
        "If you are unhappy with how I handle your data, you can complain to the Information Commissioner's "
        "Office (ico.org.uk).",
        ("gdpr-art-13-2-d", "gdpr-art-77", "hipaa-164-520-b-1-vi"),
    ),
    "professional_body": Guide(
        "Membership of a professional body tells clients which ethical code applies and where to complain.",
        "Name the body (BACP, UKCP, NCPS, HCPC; a US state licence) and its code.",
        "I am a registered member of the BACP and work within its Ethical Framework; you can raise concerns "
        "about my practice with the BACP.",
        (BACP, UKCP, "psa-accredited-registers"),
    ),
    "breach_notification": Guide(
        "Clients should know they will be told if their data is compromised.",
        "Commit to notify clients (and the regulator) of a personal-data breach.",
        "If a data breach puts your information at risk, I will tell you and report it to the ICO as the law "
        "requires.",
        ("gdpr-art-33", "gdpr-art-34", "hipaa-164-404"),
    ),
    "children_minors": Guide(
        "Young clients and their parents need to know the age limits and what parents can see.",
        "State the age limits, parental consent, and what parents are told.",
        "I work with adults aged 18 and over.",
        ("uk-gdpr-art-8", "ico-childrens-code", "coppa", BACP),
    ),
    "lawful_basis": Guide(
        "Health data needs both an Art. 6 basis and an Art. 9 condition; 'by using the site you agree' is "
        "neither.",
        "State the Art. 6 basis and the Art. 9 condition for health data.",
        "I process your data to perform our counselling contract (Art. 6(1)(b)) and, for health information, "
        "for the provision of health care (Art. 9(2)(h)).",
        ("gdpr-art-13-1-c", "gdpr-art-6", "gdpr-art-9", ICO),
    ),
}

def _unique(*ref_ids: str) -> list[str]:
    """Reference ids in order, each once (a clause's own list may repeat the shared ones)."""
    return list(dict.fromkeys(ref_ids))


def _clause_rules() -> list[Rule]:
    rules = []
    for cid in CLAUSES:
        g = GUIDES[cid]
        title = TITLES[cid]
        rules.append(
            Rule(
                f"policy/missing/{cid}",
                f"The notice does not cover: {title.lower()}",
                Severity(SEVERITY[cid]),
                g.why,
                f'{g.add} For example: "{g.model}"',
                _unique(*g.refs, *GDPR13, ICO, NPP),
            )
        )
        rules.append(
            Rule(
                f"policy/vague/{cid}",
                f"The notice is vague about: {title.lower()}",
                Severity(SEVERITY[cid]).lower(),
                g.why + " Generic or conditional wording does not tell a client what will actually happen.",
                f'Make it specific. {g.add} For example: "{g.model}"',
                _unique(*g.refs, *GDPR13, ICO),
            )
        )
    return rules


RULES: list[Rule] = [
    Rule(
        "policy/not-found",
        "No privacy or confidentiality notice was found",
        Severity.CRITICAL,
        "A counselling or therapy provider must tell clients, before they share anything, what is kept "
        "confidential and when it would not be; without a notice they cannot give informed consent.",
        "Publish a privacy and confidentiality notice and link it from every page (footer) and from the "
        "booking and contact forms. Start from the ICO's template for small organisations and add the "
        'limits of confidentiality, e.g. "What you tell me is confidential, except where someone is at '
        'serious risk of harm, a child or vulnerable adult needs protecting, or the law requires it."',
        [*GDPR13, ICO, NPP, BACP_GP, UKCP],
    ),
    Rule(
        "policy/unreadable",
        "The notice could not be read",
        Severity.HIGH,
        "A notice that is a broken PDF, or text that only appears after scripts run, may not be readable by "
        "clients, screen readers or search engines, and nothing in it can be verified.",
        "Publish the notice as a plain HTML page (or a text-based, untagged-password PDF); check that it "
        "reads correctly with JavaScript turned off.",
        [*GDPR13, "gdpr-art-12-1", ICO],
    ),
    *_clause_rules(),
    Rule(
        "policy/ad-use-disclosed",
        "The notice discloses use or sharing of data for advertising",
        Severity.HIGH,
        "A therapy provider sharing client data (even 'de-identified' or device identifiers) with advertisers "
        "exposes that someone sought mental-health care; regulators treat it as a serious breach of trust.",
        "Stop sharing client data with advertising platforms, remove advertising pixels from the site, and "
        'say so: "We never sell your data or share it with anyone for advertising."',
        [*CCPA, MHMDA, *FTC, "hhs-ocr-tracking-2024"],
    ),
    Rule(
        "policy/stale",
        "The notice is undated or out of date",
        Severity.LOW,
        "An undated notice, or one not reviewed for over two years, may not describe current practice, "
        "processors or law (e.g. still citing the Data Protection Act 1998 or the Privacy Shield).",
        'Review the notice at least every year and show the date: "Last updated: 1 March 2025".',
        ["gdpr-art-12-1", "gdpr-art-13", ICO, "hipaa-164-520-b-1-viii", "hipaa-164-520-b-3"],
    ),
    Rule(
        "policy/over-promise",
        "The notice makes a promise the law does not allow",
        Severity.MEDIUM,
        "Absolute promises ('100% secure', 'we will always tell you before any disclosure', 'never shared "
        "with anyone') cannot be kept: tipping-off law forbids announcing some disclosures and no system is "
        "perfectly secure. They mislead clients and can be unfair commercial practice.",
        'Replace absolutes with what you actually do, e.g. "Where possible, and where the law allows, I will '
        'talk to you before sharing anything" and "We use encryption in transit and at rest".',
        [
            BACP_GP,
            "poca-2002-s-333a",
            "terrorism-act-2000-s-21d",
            "cpr-2008-reg-5",
            "dmcc-act-2024-s-226",
            "ftc-act-s-5",
        ],
    ),
    Rule(
        "policy/readability",
        "How readable the notice is",
        Severity.INFO,
        "A notice clients cannot read informs nobody; GDPR asks for concise, intelligible, plain language.",
        "Aim for a Flesch reading ease of 50 or more: short sentences, everyday words, headings, a summary at "
        "the top.",
        ["gdpr-art-12-1", ICO],
    ),
]
RULE_IDS = {r.id for r in RULES}


# ----------------------------------------------------------------------------------------------- reading


def audit_time(evidence: Evidence, pages: list[Page]) -> datetime | None:
    """When the notice was fetched: `stale` is judged against this, so a recheck gives the same answer
    (None when no fetch time was recorded: never today's date, which would make a recheck drift)."""
    crawl = evidence.crawl
    times = [p.exchange.fetched_at for p in pages if p.exchange.fetched_at]
    if not times and crawl is not None:
        times = [p.exchange.fetched_at for p in crawl.pages if p.exchange.fetched_at]
        times += [x.fetched_at for x in (crawl.https, crawl.http) if x is not None and x.fetched_at]
    return max(times) if times else None


# ----------------------------------------------------------------------------------------------- findings


def _inert(text: str) -> str:
    """Quotes are shown as text; cut very long ones so one hostile line cannot flood a report."""
    return text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1] + "…"


def quote_items(result: ClauseResult) -> list[EvidenceItem]:
    return [
        EvidenceItem("quote", _inert(q.text), q.url or None, {"heading": q.heading, "clause": result.clause})
        for q in result.quotes
    ]


@dataclass
class _Pending:
    rule: str
    status: FindingStatus
    severity: str
    summary: str
    evidence: list[EvidenceItem]
    order: int


def _apply_budget(pending: list[_Pending]) -> list[Finding]:
    """The clause findings in clause order; the engine's scoring charges them against CLAUSE_BUDGET."""
    return [
        CHECK.finding(p.rule, p.status, p.summary, p.evidence, severity=Severity(p.severity))
        for p in sorted(pending, key=lambda p: p.order)
    ]


def clause_findings(analysis: PolicyAnalysis | None, reason_absent: str = "") -> list[_Pending]:
    """Two findings per clause. With no analysis (no notice) every clause is missing, for `reason_absent`."""
    out: list[_Pending] = []
    for n, cid in enumerate(CLAUSES):
        title = TITLES[cid].lower()
        sev = SEVERITY[cid]
        missing, vague = f"policy/missing/{cid}", f"policy/vague/{cid}"
        result = analysis.clauses[cid] if analysis else ClauseResult(cid, "absent")
        items = quote_items(result)
        miss_status = INFO if sev == "info" else FAIL if sev == "high" else WARN
        if result.status == "absent":
            why = reason_absent or "The notice says nothing about"
            out.append(_Pending(missing, miss_status, sev, f"{why} {title}.", [], 2 * n))
            out.append(
                _Pending(
                    vague,
                    INFO,
                    "info",
                    f"Not applicable: {title} is missing altogether ({missing}).",
                    [],
                    2 * n + 1,
                )
            )
        elif result.status == "partial":
            out.append(
                _Pending(missing, PASS, "info", f"The notice mentions {title}, but vaguely.", items, 2 * n)
            )
            vsev = Severity(sev).lower().value
            out.append(
                _Pending(
                    vague,
                    WARN,
                    vsev,
                    f"The notice touches on {title} without the specifics a client needs: "
                    f'"{_inert(result.quotes[0].text) if result.quotes else ""}"',
                    items,
                    2 * n + 1,
                )
            )
        else:
            out.append(_Pending(missing, PASS, "info", f"The notice covers {title}.", items, 2 * n))
            out.append(_Pending(vague, PASS, "info", f"The notice is specific about {title}.", [], 2 * n + 1))
    return out


def ad_use_finding(analysis: PolicyAnalysis) -> Finding:
    sale = analysis.clauses["sale_or_ad_sharing"]
    polarity = sale.attrs.get("polarity")
    items = quote_items(sale)
    if polarity == "discloses_ad_use":
        extra = (
            " (it says the data is de-identified or aggregated)"
            if sale.attrs.get("deidentified_only")
            else ""
        )
        return CHECK.finding(
            "policy/ad-use-disclosed",
            FAIL,
            f"The notice says client or visitor data is used or shared for advertising{extra}.",
            items,
        )
    if polarity:
        said = {
            "denies_all_sharing": "that data is not shared with third parties",
            "denies_marketing_sharing": "that data is not sold or shared for advertising or marketing",
            "denies_sale": "that data is not sold (it does not say whether it is shared for advertising)",
            "conditional_no_sale": "that data is not sold without the client's authorisation",
        }.get(polarity, polarity)
        return CHECK.finding(
            "policy/ad-use-disclosed", PASS, f"No advertising use is disclosed; it says {said}.", items
        )
    return CHECK.finding(
        "policy/ad-use-disclosed", PASS, "The notice discloses no advertising use of data.", []
    )


_OUTDATED_LAW = re.compile(
    r"data protection act 1998|\bdpa 1998\b|privacy shield|safe harbou?r framework|directive 95/46", re.I
)
_CURRENT_LAW = re.compile(r"\bgdpr\b|general data protection regulation|data protection act 2018", re.I)


def stale_finding(analysis: PolicyAnalysis, doc: PolicyDocument, when: datetime | None) -> Finding:
    text = doc.text
    outdated = _OUTDATED_LAW.search(text) if not _CURRENT_LAW.search(text) else None
    law_note = f' It still cites "{outdated.group(0)}".' if outdated else ""
    updated = analysis.last_updated
    if updated is None:
        return CHECK.finding(
            "policy/stale",
            FAIL,
            "The notice shows no 'last updated' or effective date, so clients cannot tell if it is current."
            + law_note,
            [EvidenceItem("url", "no date found", doc.url or None)],
        )
    item = EvidenceItem(
        "fact", f"last updated {updated.isoformat()}", doc.url or None, {"last_updated": updated.isoformat()}
    )
    if when is None:
        return CHECK.finding(
            "policy/stale",
            INFO,
            f"Not assessed: the notice says it was last updated on {updated.isoformat()}, but the evidence "
            "records no fetch time to measure its age against." + law_note,
            [item],
        )
    age = (when.date() - updated).days
    if age > STALE_DAYS or outdated:
        years = age / 365.25
        return CHECK.finding(
            "policy/stale",
            FAIL,
            f"The notice was last updated on {updated.isoformat()}, {years:.1f} years before this audit."
            + law_note,
            [item],
            severity=Severity.MEDIUM if age > VERY_STALE_DAYS else Severity.LOW,
        )
    return CHECK.finding(
        "policy/stale", PASS, f"The notice was last updated on {updated.isoformat()}.", [item]
    )


def over_promise_finding(analysis: PolicyAnalysis) -> Finding:
    if analysis.over_promises:
        items = [
            EvidenceItem(
                "quote", _inert(q.text), q.url or None, {"heading": q.heading, "clause": "over_promise"}
            )
            for q in analysis.over_promises[:10]
        ]
        return CHECK.finding(
            "policy/over-promise",
            FAIL,
            f"The notice makes {len(analysis.over_promises)} absolute promise(s) no provider can keep.",
            items,
        )
    return CHECK.finding(
        "policy/over-promise", PASS, "The notice makes no absolute promise the law rules out.", []
    )


def readability_finding(analysis: PolicyAnalysis) -> Finding:
    r = analysis.readability
    ease = r.flesch_reading_ease
    band = (
        "very difficult"
        if ease < 30
        else "difficult"
        if ease < 50
        else "fairly difficult"
        if ease < 60
        else "plain English"
        if ease < 70
        else "easy"
    )
    return CHECK.finding(
        "policy/readability",
        INFO,
        f"Flesch reading ease {ease:.0f} ({band}); about {r.reading_time_minutes:.0f} minute(s) to read "
        f"({r.word_count} words in {r.sentence_count} sentences).",
        [EvidenceItem("fact", f"reading ease {ease:.1f}", None, r.to_dict())],
    )


# ----------------------------------------------------------------------------------------------- judge


def _url_items(urls: list[str], text: str) -> list[EvidenceItem]:
    return [EvidenceItem("url", f"{text} {u}", u) for u in urls]


def _info_all(rules: list[str], summary: str) -> list[Finding]:
    return [CHECK.finding(r, INFO, summary, []) for r in rules]


def judge(evidence: Evidence, knowledge: object) -> Verdict:
    crawl = evidence.crawl
    assert crawl is not None  # `needs` guarantees it
    pages = crawl.pages_of(PageKind.POLICY)
    extra_rules = ["policy/ad-use-disclosed", "policy/stale", "policy/over-promise", "policy/readability"]
    if not pages:
        tried = crawl.policy_urls_tried
        where = f"; also tried {len(tried)} usual address(es)" if tried else ""
        findings = [
            CHECK.finding(
                "policy/not-found",
                FAIL,
                f"No privacy or confidentiality notice was linked from the {len(crawl.pages)} page(s) visited"
                f"{where}.",
                _url_items(tried, "tried")
                or [EvidenceItem("url", f"crawled from {crawl.start_url}", crawl.start_url)],
            ),
            CHECK.finding("policy/unreadable", INFO, "Not applicable: no notice was found.", []),
        ]
        findings += _apply_budget(clause_findings(None, "With no notice, clients are told nothing about"))
        findings += _info_all(extra_rules, "Not assessed: no notice was found.")
        return Verdict(findings, {"found": False, "urls_tried": list(tried), "clauses": {}})

    reading = read_notice(evidence)
    urls = [p.url for p in pages]
    found = CHECK.finding(
        "policy/not-found", PASS, f"{len(pages)} notice page(s) found.", _url_items(urls, "notice page")
    )
    data: dict[str, Any] = {"found": True, "pages": urls, "problems": [p.text for p in reading.problems]}
    doc = reading.document
    if doc is None and reading.skipped_languages:
        langs = ", ".join(sorted(set(reading.skipped_languages.values())))
        raise SkipCheck(
            f"the notice is not in English (detected: {langs}); the clause rules read English only"
        )
    words = doc.word_count if doc else 0
    if doc is None or words < MIN_WORDS:
        problems = list(reading.problems)
        if doc is not None:
            problems.append(
                EvidenceItem(
                    "url", f"only {words} words of text (the page may need JavaScript)", doc.url or None
                )
            )
        findings = [
            found,
            CHECK.finding(
                "policy/unreadable", FAIL, "The notice was found but its text could not be read.", problems
            ),
        ]
        findings += _info_all(
            [r.id for r in RULES if r.id.startswith(("policy/missing/", "policy/vague/"))],
            "Not assessed: the notice could not be read.",
        )
        findings += _info_all(extra_rules, "Not assessed: the notice could not be read.")
        return Verdict(findings, {**data, "clauses": {}})

    analysis = reading.analysis
    assert analysis is not None  # a document is always analysed
    when = audit_time(evidence, pages)
    unreadable = (
        CHECK.finding(
            "policy/unreadable",
            WARN,
            "Some notice pages could not be read.",
            reading.problems,
            severity=Severity.LOW,
        )
        if reading.problems
        else CHECK.finding("policy/unreadable", PASS, "Every notice page could be read.", [])
    )
    findings = [found, unreadable]
    findings += _apply_budget(clause_findings(analysis))
    findings += [
        ad_use_finding(analysis),
        stale_finding(analysis, doc, when),
        over_promise_finding(analysis),
        readability_finding(analysis),
    ]
    table = analysis.to_dict()
    data.update(
        {
            "clauses": table["clauses"],
            "urls": table["urls"],
            "language": table["language"],
            "last_updated": table["last_updated"],
            "over_promises": table["over_promises"],
            "readability": table["readability"],
            "judged_at": when.isoformat() if when else None,
            "skipped_pages": dict(reading.skipped_languages),
            "clause_budget": CLAUSE_BUDGET,
        }
    )
    return Verdict(findings, data)


CHECK = Check(
    id="policy",
    title="Privacy and confidentiality notice",
    category="disclosure",
    weight=1.5,
    needs=("crawl",),
    rules=RULES,
    judge=judge,
    version="1.0",
    description=(
        "Finds the privacy / confidentiality notice and checks it discloses the 24 clauses a counselling "
        "provider's clients need (limits of confidentiality, records, retention, processors, advertising, "
        "rights ...), with quoted evidence."
    ),
    budgets=(ScoreBudget("clause findings", ["policy/missing/*", "policy/vague/*"], CLAUSE_BUDGET),),
    prepare=lambda knowledge: prepare_patterns(),
)
