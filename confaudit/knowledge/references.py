"""Every law, standard and code the rules rest on, once, cited by id.

A rule lists reference ids (``gdpr-art-13-1-e``), never free text, so one provision has one wording and
one link everywhere (finding, SARIF, HTML), and a regulator's first question, "which rules rest on this
article?", is answered by ``confaudit checks --by-reference``. Granularity is the provision a regulator
would ask about, not the instrument. Tests keep it honest: every cited id exists, every entry is cited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from confaudit.model import Rule

# kinds, in the order listings show them
LAW = "law"
GUIDANCE = "regulator guidance"
ENFORCEMENT = "enforcement"
COURT = "court decision"
CODE = "professional code"
STANDARD = "standard"
INDUSTRY = "industry guidance"
ADVISORY = "advisory"
KINDS = (LAW, GUIDANCE, ENFORCEMENT, COURT, CODE, STANDARD, INDUSTRY, ADVISORY)

# jurisdictions, in the order listings show them; "EU/UK" is a provision the GDPR and the UK GDPR share
JURISDICTIONS = ("UK", "EU/UK", "EU", "DE", "US", "US-CA", "US-WA", "international")


@dataclass(frozen=True)
class Reference:
    """One citable provision: ``title`` is the one wording readers see, ``url`` an official text."""

    id: str
    title: str
    url: str
    kind: str
    jurisdiction: str
    also: tuple[str, ...] = ()  # further official texts (the UK GDPR beside the EU text)


def _gdpr(ref_id: str, provision: str, subject: str, uk_path: str) -> Reference:
    """A provision the GDPR and the UK GDPR share: the EU text, and the UK text of the article."""
    return Reference(
        ref_id,
        f"GDPR / UK GDPR Art. {provision}: {subject}",
        "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
        LAW,
        "EU/UK",
        (f"https://www.legislation.gov.uk/eur/2016/679/{uk_path}",),
    )


def _cfr(ref_id: str, title: str, provision: str, subject: str, label: str = "HIPAA, 45 CFR") -> Reference:
    """A US federal regulation, linked to the section (and paragraph) on eCFR."""
    section = provision.split("(")[0]
    anchor = f"#p-{provision}" if "(" in provision else ""
    return Reference(
        ref_id,
        f"{label} {provision}: {subject}",
        f"https://www.ecfr.gov/current/title-{title}/section-{section}{anchor}",
        LAW,
        "US",
    )


def _hipaa(ref_id: str, provision: str, subject: str) -> Reference:
    return _cfr(ref_id, "45", provision, subject)


def _ccpa(ref_id: str, section: str, subject: str) -> Reference:
    return Reference(
        ref_id,
        f"CCPA/CPRA, Cal. Civ. Code {section}: {subject}",
        "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=CIV&sectionNum="
        + section.split("(")[0],
        LAW,
        "US-CA",
    )


def _uk(ref_id: str, title: str, path: str) -> Reference:
    return Reference(ref_id, title, f"https://www.legislation.gov.uk/{path}", LAW, "UK")


def _apa(ref_id: str, standard: str, subject: str) -> Reference:
    return Reference(
        ref_id,
        f"APA Ethics Code, Standard {standard}: {subject}",
        "https://www.apa.org/ethics/code",
        CODE,
        "US",
    )


def _rfc(number: int, subject: str, section: str = "") -> Reference:
    return Reference(
        f"rfc-{number}" + (f"-{section.replace('.', '-')}" if section else ""),
        f"RFC {number}" + (f" section {section}" if section else "") + f": {subject}",
        f"https://www.rfc-editor.org/rfc/rfc{number}" + (f"#section-{section}" if section else ""),
        STANDARD,
        "international",
    )


def _cve(cve: str, subject: str) -> Reference:
    return Reference(
        cve.lower(), f"{cve}: {subject}", f"https://www.cve.org/CVERecord?id={cve}", ADVISORY, "international"
    )


def _owasp(ref_id: str, title: str, sheet: str) -> Reference:
    return Reference(
        ref_id,
        f"OWASP {title}",
        f"https://cheatsheetseries.owasp.org/cheatsheets/{sheet}.html",
        INDUSTRY,
        "international",
    )


BACP_FRAMEWORK = (
    "https://www.bacp.co.uk/events-and-resources/ethics-and-standards/"
    "ethical-framework-for-the-counselling-professions/"
)
BACP_GPIA = "https://www.bacp.co.uk/events-and-resources/ethics-and-standards/good-practice-in-action/"
ICO_GUIDANCE = "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/"
FTC_CASES = "https://www.ftc.gov/legal-library/browse/cases-proceedings/"
CSP3 = "https://www.w3.org/TR/CSP3/"

_ENTRIES = (
    # --- GDPR and UK GDPR ------------------------------------------------------------------------------
    _gdpr("gdpr-art-5-1-a", "5(1)(a)", "lawfulness, fairness and transparency", "article/5"),
    _gdpr("gdpr-art-5-1-f", "5(1)(f)", "integrity and confidentiality", "article/5"),
    _gdpr("gdpr-art-6", "6", "lawful bases for processing", "article/6"),
    _gdpr("gdpr-art-6-1-a", "6(1)(a)", "consent as the lawful basis", "article/6"),
    _gdpr("gdpr-art-7", "7", "conditions for consent", "article/7"),
    _gdpr("gdpr-art-9", "9", "special category data, such as health", "article/9"),
    _gdpr(
        "gdpr-art-12-1",
        "12(1)",
        "concise, transparent, intelligible and easily accessible information, in plain language",
        "article/12",
    ),
    _gdpr("gdpr-art-13", "13", "information to give when data are collected from the person", "article/13"),
    _gdpr("gdpr-art-14", "14", "information to give when data are obtained from others", "article/14"),
    _gdpr("gdpr-art-13-1-a", "13(1)(a)", "the controller's identity and contact details", "article/13"),
    _gdpr("gdpr-art-13-1-b", "13(1)(b)", "the data protection officer's contact details", "article/13"),
    _gdpr("gdpr-art-13-1-c", "13(1)(c)", "the purposes and the lawful basis", "article/13"),
    _gdpr("gdpr-art-13-1-e", "13(1)(e)", "the recipients of the personal data", "article/13"),
    _gdpr("gdpr-art-13-1-f", "13(1)(f)", "transfers to third countries and their safeguards", "article/13"),
    _gdpr("gdpr-art-13-2-a", "13(2)(a)", "the retention period, or the criteria for it", "article/13"),
    _gdpr("gdpr-art-13-2-b", "13(2)(b)", "the data subject's rights", "article/13"),
    _gdpr("gdpr-art-13-2-c", "13(2)(c)", "the right to withdraw consent", "article/13"),
    _gdpr("gdpr-art-13-2-d", "13(2)(d)", "the right to complain to a supervisory authority", "article/13"),
    _gdpr("gdpr-art-15", "15", "right of access", "article/15"),
    _gdpr("gdpr-art-16", "16", "right to rectification", "article/16"),
    _gdpr(
        "gdpr-art-15-22",
        "15-22",
        "the data subject's rights (access, rectification, erasure, restriction, portability, objection)",
        "chapter/III",
    ),
    _gdpr("gdpr-art-21-2-3", "21(2)-(3)", "right to object to direct marketing", "article/21"),
    _gdpr("gdpr-art-28", "28", "processors", "article/28"),
    _gdpr("gdpr-art-32", "32", "security of processing", "article/32"),
    _gdpr("gdpr-art-32-1-a", "32(1)(a)", "encryption of personal data", "article/32"),
    _gdpr("gdpr-art-33", "33", "notifying a personal data breach to the regulator", "article/33"),
    _gdpr("gdpr-art-34", "34", "telling data subjects of a personal data breach", "article/34"),
    _gdpr("gdpr-art-44-49", "44-49", "transfers to third countries (Chapter V)", "chapter/V"),
    _gdpr("gdpr-art-77", "77", "right to complain to a supervisory authority", "article/77"),
    # --- UK law -----------------------------------------------------------------------------------------
    _uk(
        "uk-gdpr-art-8",
        "UK GDPR Art. 8: a child's consent to online services (13 and over in the UK)",
        "eur/2016/679/article/8",
    ),
    _uk(
        "pecr-reg-6",
        "PECR 2003 reg. 6: clear information and consent before cookies and similar technologies",
        "uksi/2003/2426/regulation/6",
    ),
    _uk(
        "pecr-reg-22",
        "PECR 2003 reg. 22: consent before marketing email and texts",
        "uksi/2003/2426/regulation/22",
    ),
    _uk(
        "children-act-1989-s-47",
        "Children Act 1989 s.47: child protection enquiries",
        "ukpga/1989/41/section/47",
    ),
    _uk(
        "care-act-2014-s-42",
        "Care Act 2014 s.42: safeguarding enquiries for adults at risk (England)",
        "ukpga/2014/23/section/42",
    ),
    _uk(
        "poca-2002-s-333a",
        "Proceeds of Crime Act 2002 s.333A: tipping off",
        "ukpga/2002/29/section/333A",
    ),
    _uk(
        "terrorism-act-2000-s-21d",
        "Terrorism Act 2000 s.21D: tipping off",
        "ukpga/2000/11/section/21D",
    ),
    _uk(
        "cpr-2008-reg-5",
        "Consumer Protection from Unfair Trading Regulations 2008 reg. 5: misleading actions "
        "(replaced by the DMCC Act 2024 from April 2025)",
        "uksi/2008/1277/regulation/5",
    ),
    _uk(
        "dmcc-act-2024-s-226",
        "Digital Markets, Competition and Consumers Act 2024 s.226: misleading actions",
        "ukpga/2024/13/section/226",
    ),
    # --- UK regulators ----------------------------------------------------------------------------------
    Reference(
        "ico-right-to-be-informed",
        "ICO guidance: the right to be informed (privacy information checklist)",
        ICO_GUIDANCE + "individual-rights/the-right-to-be-informed/",
        GUIDANCE,
        "UK",
    ),
    Reference(
        "ico-cookies",
        "ICO guidance on cookies and similar technologies",
        "https://ico.org.uk/for-organisations/direct-marketing-and-privacy-and-electronic-communications/"
        "guide-to-pecr/cookies-and-similar-technologies/",
        GUIDANCE,
        "UK",
    ),
    Reference(
        "ico-international-transfers",
        "ICO guidance: international transfers",
        ICO_GUIDANCE + "international-transfers/",
        GUIDANCE,
        "UK",
    ),
    Reference(
        "ico-childrens-code",
        "ICO Age appropriate design code (the Children's code)",
        ICO_GUIDANCE + "childrens-information/childrens-code-guidance-and-resources/",
        GUIDANCE,
        "UK",
    ),
    Reference(
        "psa-accredited-registers",
        "Professional Standards Authority: Accredited Registers",
        "https://www.professionalstandards.org.uk/what-we-do/accredited-registers",
        GUIDANCE,
        "UK",
    ),
    # --- UK professional codes --------------------------------------------------------------------------
    Reference(
        "bacp-ethical-framework",
        "BACP Ethical Framework for the Counselling Professions (2018)",
        BACP_FRAMEWORK,
        CODE,
        "UK",
    ),
    Reference(
        "bacp-ef-gp-9-10-32c",
        "BACP Ethical Framework, Good Practice 9-10 and 32c: the limits of confidentiality explained at "
        "the outset",
        BACP_FRAMEWORK,
        CODE,
        "UK",
    ),
    Reference(
        "bacp-ef-gp-55",
        "BACP Ethical Framework, Good Practice 55: confidentiality of client information, secure records "
        "and communications",
        BACP_FRAMEWORK,
        CODE,
        "UK",
    ),
    Reference(
        "bacp-gpia-014",
        "BACP Good Practice in Action 014: the legal context of confidentiality",
        BACP_GPIA,
        CODE,
        "UK",
    ),
    Reference("bacp-gpia-047", "BACP Good Practice in Action 047: working online", BACP_GPIA, CODE, "UK"),
    Reference(
        "ukcp-code-2019",
        "UKCP Code of Ethics and Professional Practice (2019): confidentiality",
        "https://www.psychotherapy.org.uk/ukcp-members/standards-guidance-and-policies/",
        CODE,
        "UK",
    ),
    # --- EU ---------------------------------------------------------------------------------------------
    Reference(
        "eprivacy-art-5-3",
        "ePrivacy Directive 2002/58/EC Art. 5(3): consent before storing or reading information on a device",
        "https://eur-lex.europa.eu/eli/dir/2002/58/oj",
        LAW,
        "EU",
    ),
    Reference(
        "edpb-guidelines-2-2023",
        "EDPB Guidelines 2/2023 on the technical scope of Art. 5(3) of the ePrivacy Directive",
        "https://www.edpb.europa.eu/our-work-tools/our-documents/guidelines/"
        "guidelines-22023-technical-scope-art-53-eprivacy-directive_en",
        GUIDANCE,
        "EU",
    ),
    Reference(
        "lg-muenchen-3-o-17493-20",
        "LG München I, 20 January 2022, 3 O 17493/20: Google Fonts loaded without consent",
        "https://www.gesetze-bayern.de/Content/Document/Y-300-Z-BECKRS-B-2022-N-612",
        COURT,
        "DE",
    ),
    # --- US law -----------------------------------------------------------------------------------------
    _hipaa("hipaa-164-312", "164.312", "Security Rule technical safeguards"),
    _hipaa("hipaa-164-312-e-1", "164.312(e)(1)", "transmission security"),
    _hipaa("hipaa-164-404", "164.404", "notifying individuals of a breach"),
    _hipaa("hipaa-164-502-a-5-ii", "164.502(a)(5)(ii)", "sale of protected health information"),
    _hipaa("hipaa-164-502-e", "164.502(e)", "disclosures to business associates"),
    _hipaa("hipaa-164-508-a-3", "164.508(a)(3)", "authorisation for marketing"),
    _hipaa("hipaa-164-512-a", "164.512(a)", "disclosures required by law"),
    _hipaa("hipaa-164-512-b", "164.512(b)", "public health activities, including child abuse reports"),
    _hipaa("hipaa-164-512-c", "164.512(c)", "reports of abuse, neglect or domestic violence"),
    _hipaa("hipaa-164-512-e", "164.512(e)", "judicial and administrative proceedings"),
    _hipaa("hipaa-164-512-j", "164.512(j)", "averting a serious threat to health or safety"),
    _hipaa("hipaa-164-520", "164.520", "notice of privacy practices"),
    _hipaa(
        "hipaa-164-520-b-1-ii-b",
        "164.520(b)(1)(ii)(B)",
        "the notice describes disclosures permitted or required without authorisation",
    ),
    _hipaa(
        "hipaa-164-520-b-1-ii-e",
        "164.520(b)(1)(ii)(E)",
        "other disclosures only with an authorisation, which can be revoked",
    ),
    _hipaa("hipaa-164-520-b-1-iv", "164.520(b)(1)(iv)", "the notice states the individual's rights"),
    _hipaa("hipaa-164-520-b-1-v", "164.520(b)(1)(v)", "the notice states the duty to protect privacy"),
    _hipaa("hipaa-164-520-b-1-vi", "164.520(b)(1)(vi)", "complaints to the provider and to HHS"),
    _hipaa("hipaa-164-520-b-1-vii", "164.520(b)(1)(vii)", "a contact for further information"),
    _hipaa("hipaa-164-520-b-1-viii", "164.520(b)(1)(viii)", "the notice's effective date"),
    _hipaa("hipaa-164-520-b-3", "164.520(b)(3)", "revising the notice"),
    _hipaa("hipaa-164-524", "164.524", "access to protected health information"),
    _hipaa("hipaa-164-526", "164.526", "amendment of protected health information"),
    _cfr(
        "ftc-hbnr",
        "16",
        "318",
        "Health Breach Notification Rule",
        label="FTC, 16 CFR Part",
    ),
    Reference(
        "ftc-act-s-5",
        "FTC Act s.5 (15 U.S.C. 45): unfair or deceptive acts or practices",
        "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title15-section45&num=0&edition=prelim",
        LAW,
        "US",
    ),
    Reference(
        "coppa",
        "COPPA, 15 U.S.C. 6501-6506: children's online privacy",
        "https://uscode.house.gov/view.xhtml?path=/prelim@title15/chapter91&edition=prelim",
        LAW,
        "US",
    ),
    _ccpa("ccpa-1798-100-125", "1798.100-1798.125", "consumers' rights over their personal information"),
    _ccpa("ccpa-1798-120", "1798.120", "right to opt out of sale or sharing"),
    _ccpa("ccpa-1798-135", "1798.135", "the 'Do Not Sell or Share' link and opt-out methods"),
    _ccpa("ccpa-1798-140-ah", "1798.140(ah)", "'sharing' for cross-context behavioural advertising"),
    Reference(
        "wa-mhmda",
        "Washington My Health My Data Act, RCW 19.373",
        "https://app.leg.wa.gov/RCW/default.aspx?cite=19.373",
        LAW,
        "US-WA",
    ),
    # --- US regulators and enforcement -----------------------------------------------------------------
    Reference(
        "hhs-ocr-tracking-2024",
        "HHS OCR bulletin: Use of Online Tracking Technologies by HIPAA Covered Entities and Business "
        "Associates (2024; partly vacated in AHA v. Becerra, N.D. Tex. 2024)",
        "https://www.hhs.gov/hipaa/for-professionals/privacy/guidance/hipaa-online-tracking/index.html",
        GUIDANCE,
        "US",
    ),
    Reference(
        "ftc-betterhelp-2023",
        "FTC, BetterHelp, Inc. (2023): health data shared with advertisers",
        FTC_CASES + "2023169-betterhelp-inc-matter",
        ENFORCEMENT,
        "US",
    ),
    Reference(
        "ftc-goodrx-2023",
        "FTC, GoodRx Holdings, Inc. (2023): health data shared with advertisers",
        FTC_CASES + "2023090-goodrx-holdings-inc",
        ENFORCEMENT,
        "US",
    ),
    Reference(
        "ftc-cerebral-2024",
        "FTC, Cerebral, Inc. (2024): health data shared with advertisers",
        FTC_CASES + "2023027-cerebral",
        ENFORCEMENT,
        "US",
    ),
    Reference(
        "ftc-monument-2024",
        "FTC, Monument, Inc. (2024): health data shared with advertisers",
        "https://www.justice.gov/opa/pr/"
        "court-imposes-restrictions-alcohol-addiction-treatment-company-protect-consumers-private",
        ENFORCEMENT,
        "US",
    ),
    # --- US professional code ---------------------------------------------------------------------------
    _apa("apa-ethics-4", "4.01-4.07", "privacy and confidentiality"),
    _apa("apa-ethics-4-02", "4.02", "discussing the limits of confidentiality"),
    _apa("apa-ethics-4-03", "4.03", "recording"),
    _apa("apa-ethics-4-05-a", "4.05(a)", "disclosure with the client's consent"),
    _apa("apa-ethics-4-05-b", "4.05(b)", "disclosure without consent, as mandated or permitted by law"),
    _apa("apa-ethics-4-06", "4.06", "consultations"),
    # --- standards --------------------------------------------------------------------------------------
    _rfc(5280, "certificate validity period", "4.1.2.5"),
    _rfc(5280, "certification path validation", "6"),
    _rfc(5746, "TLS renegotiation indication"),
    _rfc(6176, "prohibiting SSL 2.0"),
    _rfc(6797, "HTTP Strict Transport Security (HSTS)"),
    _rfc(6797, "redirecting plain HTTP requests to HTTPS", "7.2"),
    _rfc(7034, "X-Frame-Options"),
    _rfc(7465, "prohibiting RC4 cipher suites"),
    _rfc(7568, "deprecating SSL 3.0"),
    _rfc(8446, "TLS 1.3"),
    _rfc(8996, "deprecating TLS 1.0 and TLS 1.1"),
    _rfc(9325, "recommendations for secure use of TLS (BCP 195)"),
    _rfc(9325, "no TLS compression", "3.3"),
    _rfc(9325, "cipher suites, with forward secrecy", "4.1"),
    _rfc(9525, "service identity in TLS (replaces RFC 6125)"),
    Reference(
        "rfc-6265bis",
        "RFC 6265bis (draft): the Secure, HttpOnly and SameSite cookie attributes",
        "https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/",
        STANDARD,
        "international",
    ),
    Reference("w3c-csp3", "W3C Content Security Policy Level 3", CSP3, STANDARD, "international"),
    Reference(
        "w3c-csp3-frame-ancestors",
        "W3C Content Security Policy Level 3: frame-ancestors",
        CSP3 + "#directive-frame-ancestors",
        STANDARD,
        "international",
    ),
    Reference(
        "w3c-mixed-content",
        "W3C Mixed Content",
        "https://www.w3.org/TR/mixed-content/",
        STANDARD,
        "international",
    ),
    Reference(
        "w3c-referrer-policy",
        "W3C Referrer Policy",
        "https://www.w3.org/TR/referrer-policy/",
        STANDARD,
        "international",
    ),
    Reference(
        "w3c-sri", "W3C Subresource Integrity", "https://www.w3.org/TR/SRI/", STANDARD, "international"
    ),
    Reference(
        "whatwg-fetch-nosniff",
        "WHATWG Fetch Standard: X-Content-Type-Options",
        "https://fetch.spec.whatwg.org/#x-content-type-options-header",
        STANDARD,
        "international",
    ),
    Reference(
        "cabf-br",
        "CA/Browser Forum Baseline Requirements for TLS server certificates",
        "https://cabforum.org/working-groups/server/baseline-requirements/documents/",
        STANDARD,
        "international",
    ),
    Reference(
        "cabf-br-6-1-5",
        "CA/Browser Forum Baseline Requirements 6.1.5: key sizes",
        "https://cabforum.org/working-groups/server/baseline-requirements/documents/",
        STANDARD,
        "international",
    ),
    Reference(
        "nist-sp-800-52r2",
        "NIST SP 800-52 Rev. 2: guidelines for TLS implementations",
        "https://csrc.nist.gov/pubs/sp/800/52/r2/final",
        STANDARD,
        "US",
    ),
    Reference(
        "nist-sp-800-57p1r5",
        "NIST SP 800-57 Part 1 Rev. 5: key management, key sizes",
        "https://csrc.nist.gov/pubs/sp/800/57/pt1/r5/final",
        STANDARD,
        "US",
    ),
    Reference(
        "pci-dss-v4",
        "PCI DSS v4.0: no early TLS",
        "https://www.pcisecuritystandards.org/document_library/",
        STANDARD,
        "international",
    ),
    # --- industry guidance ------------------------------------------------------------------------------
    Reference(
        "mozilla-server-side-tls",
        "Mozilla Server Side TLS guidelines",
        "https://wiki.mozilla.org/Security/Server_Side_TLS",
        INDUSTRY,
        "international",
        ("https://ssl-config.mozilla.org/",),
    ),
    Reference(
        "owasp-secure-headers",
        "OWASP Secure Headers Project",
        "https://owasp.org/www-project-secure-headers/",
        INDUSTRY,
        "international",
    ),
    _owasp("owasp-clickjacking", "Clickjacking Defense Cheat Sheet", "Clickjacking_Defense_Cheat_Sheet"),
    _owasp(
        "owasp-hsts",
        "HTTP Strict Transport Security Cheat Sheet",
        "HTTP_Strict_Transport_Security_Cheat_Sheet",
    ),
    _owasp("owasp-session-management", "Session Management Cheat Sheet", "Session_Management_Cheat_Sheet"),
    _owasp(
        "owasp-third-party-javascript",
        "Third Party JavaScript Management Cheat Sheet",
        "Third_Party_Javascript_Management_Cheat_Sheet",
    ),
    Reference(
        "letsencrypt-renewal",
        "Let's Encrypt: renew certificates 30 days before they expire",
        "https://letsencrypt.org/docs/faq/",
        INDUSTRY,
        "international",
    ),
    # --- advisories -------------------------------------------------------------------------------------
    _cve("CVE-2009-3555", "TLS renegotiation prefix injection"),
    _cve("CVE-2012-4929", "CRIME, secrets leaked through TLS compression"),
    _cve("CVE-2014-0160", "Heartbleed"),
    _cve("CVE-2014-0224", "OpenSSL ChangeCipherSpec injection"),
    Reference(
        "robot",
        "ROBOT: Return Of Bleichenbacher's Oracle Threat (CVE-2017-13099 and related)",
        "https://robotattack.org/",
        ADVISORY,
        "international",
        ("https://www.cve.org/CVERecord?id=CVE-2017-13099",),
    ),
)


def _index(entries: Iterable[Reference]) -> dict[str, Reference]:
    index: dict[str, Reference] = {}
    for ref in entries:
        if ref.id in index:
            raise ValueError(f"reference id {ref.id!r} is defined twice")
        index[ref.id] = ref
    return index


REFERENCES: dict[str, Reference] = _index(_ENTRIES)
BY_TITLE: dict[str, Reference] = {ref.title: ref for ref in REFERENCES.values()}


class UnknownReference(KeyError):
    """A rule cites an id the catalogue does not have."""

    def __str__(self) -> str:  # KeyError's own str() quotes the message
        return str(self.args[0]) if self.args else ""


def resolve(ref_ids: Iterable[str], rule_id: str = "") -> list[Reference]:
    """The entries for ``ref_ids``; an unknown id raises, naming the rule and the id."""
    refs = []
    for ref_id in ref_ids:
        try:
            refs.append(REFERENCES[ref_id])
        except KeyError:
            who = f"rule {rule_id} cites" if rule_id else "cited"
            raise UnknownReference(
                f"{who} unknown reference {ref_id!r} (see confaudit/knowledge/references.py)"
            ) from None
    return refs


def titles(ref_ids: Iterable[str], rule_id: str = "") -> list[str]:
    """The wording readers see for each id, in order."""
    return [ref.title for ref in resolve(ref_ids, rule_id)]


def lookup(text: str) -> Reference | None:
    """The entry an id or a title names: a rule holds ids, a saved finding holds titles."""
    return REFERENCES.get(text) or BY_TITLE.get(text)


def links(ref: Reference) -> list[str]:
    """Every official link of an entry, the main one first."""
    return [ref.url, *ref.also]


def cited_by(rules: Iterable[Rule]) -> dict[str, list[str]]:
    """Every entry's id -> the ids of the rules resting on it: which rules rest on which article."""
    index: dict[str, list[str]] = {ref_id: [] for ref_id in REFERENCES}
    for rule in rules:
        for ref in resolve(rule.references, rule.id):
            index[ref.id].append(rule.id)
    return index


def grouped() -> list[tuple[str, str, list[Reference]]]:
    """The catalogue as (jurisdiction, kind, entries) groups, in listing order; entries keep catalogue
    order inside a group (the articles of one law read in sequence)."""
    groups: dict[tuple[str, str], list[Reference]] = {}
    for ref in REFERENCES.values():
        groups.setdefault((ref.jurisdiction, ref.kind), []).append(ref)
    order = sorted(groups, key=lambda key: (JURISDICTIONS.index(key[0]), KINDS.index(key[1])))
    return [(jurisdiction, kind, groups[(jurisdiction, kind)]) for jurisdiction, kind in order]
