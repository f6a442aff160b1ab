"""What each clause of clauses.md is for, what to write, a model sentence, and the law behind it.

The text becomes the clause rules' rationale and remediation (`policy/missing/<clause>` and
`policy/vague/<clause>`), so a small practice reading a finding gets a sentence it can adapt.
"""

from __future__ import annotations

from dataclasses import dataclass

from confaudit_checks.policy.citations import APA, BACP, BACP_GP, CCPA, FTC, ICO, MHMDA, UKCP


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
