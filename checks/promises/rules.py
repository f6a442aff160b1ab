"""The promises rules: one function each, judged in this order over one ``Reading`` of the evidence."""

from __future__ import annotations

import re

from confaudit_checks.promises.check import CHECK, Reading
from confaudit_checks.promises.disclosure import GENERIC_RECIPIENTS, covered
from confaudit_checks.promises.encryption import ENCRYPTION_WORDS, NOT_E2E, transport_problems
from confaudit_checks.promises.jurisdiction import uk_eea_law
from confaudit_checks.promises.tracking import ONLY_ESSENTIAL, observed_tracking

from confaudit.analysis.claims import page_path, site_hosting
from confaudit.analysis.notice import Notice
from confaudit.api.check import Outcome
from confaudit.knowledge.places import country_name, in_uk_or_eea
from confaudit.model import EvidenceItem, FindingStatus, PageKind, Severity

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO

# reference ids (confaudit.knowledge.references) several rules cite
FTC = ("ftc-betterhelp-2023", "ftc-goodrx-2023", "ftc-cerebral-2024")
CPRA = ("ccpa-1798-140-ah", "ccpa-1798-135")
GDPR5 = "gdpr-art-5-1-a"
GDPR13 = ("gdpr-art-13-1-e", "gdpr-art-13-1-f")
GDPR32 = "gdpr-art-32-1-a"
PECR = ("pecr-reg-6", "eprivacy-art-5-3")
CMA = ("cpr-2008-reg-5", "dmcc-act-2024-s-226", "ftc-act-s-5")
HIPAA = "hipaa-164-312-e-1"

AD = "advertising"
DENIALS = ("denies_all_sharing", "denies_marketing_sharing", "denies_sale", "conditional_no_sale")


def _quote_or_absent(notice: Notice, clause: str, absent: str) -> list[EvidenceItem]:
    quotes = notice.quotes(clause)
    if quotes:
        return quotes
    return [EvidenceItem("note", absent, notice.urls[0] if notice.urls else None, {"clause": clause})]


@CHECK.rule(
    "promises/ad-sharing-denial-contradicted",
    "The notice denies sharing with advertisers, yet advertising pixels are on the site",
    Severity.HIGH,
    rationale=(
        "A pixel from Meta, Google Ads, TikTok and the like reports each visit (and often what was clicked or "
        "typed) to an advertising company: that is sharing with advertisers, whatever the notice says. The FTC "
        "fined BetterHelp, GoodRx and Cerebral for exactly this gap between promise and practice."
    ),
    remediation=(
        "Remove the advertising pixels (and the tag-manager tags that load them), or, if advertising really is "
        "used, say so plainly and only with explicit, prior consent; never on booking, intake or assessment "
        "pages."
    ),
    references=[*FTC, *CPRA, GDPR5, *CMA],
)
def ad_sharing(reading: Reading) -> Outcome:
    notice = reading.notice
    sale = notice.clause("sale_or_ad_sharing")
    polarity = sale.attrs.get("polarity") if sale else None
    ads = [r for r in reading.recipients if r.category == AD]
    if polarity not in DENIALS:
        what = "discloses advertising use" if polarity == "discloses_ad_use" else "makes no such denial"
        return Outcome(INFO, f"Not applicable: the notice {what} (the policy check judges that).")
    quotes = notice.quotes("sale_or_ad_sharing")
    if not ads:
        return Outcome(
            PASS,
            "The notice denies selling or sharing data with advertisers, and no advertising tracker was seen."
            + reading.note,
            quotes,
        )
    names = ", ".join(sorted({r.describe() for r in ads}))
    sensitive = [r for r in ads if PageKind.SENSITIVE.value in r.page_kinds]
    items = quotes + [r.item() for r in ads]
    if polarity in ("denies_sale", "conditional_no_sale"):
        return Outcome(
            WARN,
            f"The notice only says data is not sold, yet advertising trackers ({names}) receive visitors' data: "
            "handing data to an ad company for targeting is 'sharing' even when nothing is sold.",
            items,
            Severity.MEDIUM,
        )
    paths = ", ".join(sorted({page_path(p) for r in sensitive for p in r.pages}))
    where = f", including on booking, intake or assessment pages ({paths})" if sensitive else ""
    return Outcome(
        FAIL,
        f"The notice says data is never shared with advertisers, yet {names} receive(s) visitors' data from the "
        f"site{where}.",
        items,
        Severity.CRITICAL if sensitive else Severity.HIGH,
    )


@CHECK.rule(
    "promises/encryption-overstated",
    "The notice promises more encryption or security than the site delivers",
    Severity.HIGH,
    rationale=(
        "The notice promises encryption, end-to-end encryption or secure sessions, but the connection accepts "
        "outdated protocols or weak ciphers, the certificate is not trusted, forms post over plain HTTP, or the "
        "named video platform does not encrypt end to end by default."
    ),
    remediation=(
        "Fix the transport first (TLS 1.2+ only, strong suites, a trusted certificate, HTTPS everywhere with "
        "redirects and HSTS); claim end-to-end encryption only for a platform that provides it and has it "
        "turned on, and otherwise describe the encryption accurately ('encrypted in transit')."
    ),
    references=[GDPR32, HIPAA, *CMA, "bacp-ef-gp-55"],
)
def encryption(reading: Reading) -> Outcome:
    notice = reading.notice
    enc = notice.clause("encryption_security")
    if enc is None or enc.status == "absent":
        return Outcome(INFO, "Not applicable: the notice makes no promise about encryption or security.")
    e2e = bool(enc.attrs.get("e2e_claimed"))
    quotes = [q for q in notice.quotes("encryption_security") if ENCRYPTION_WORDS.search(q.text.lower())]
    if not (quotes or e2e or enc.attrs.get("in_transit") or enc.attrs.get("at_rest")):
        return Outcome(
            INFO,
            "Not applicable: the notice's security wording makes no promise about encryption or secure "
            "transmission.",
            notice.quotes("encryption_security"),
        )
    quotes = quotes or notice.quotes("encryption_security")
    problems, have_tls = transport_problems(reading.evidence)
    platform_items = []
    if e2e:
        named = [p for p in NOT_E2E if re.search(rf"\b{re.escape(p)}\b", notice.text)]
        seen = [
            r
            for r in reading.recipients
            if r.category == "video" and r.entity and r.entity.name.lower() in NOT_E2E
        ]
        for p in sorted(set(named) | {r.entity.name.lower() for r in seen if r.entity}):
            how = "named in the notice" if p in named else "embedded on the site"
            platform_items.append(
                EvidenceItem("note", f"{p.title()} ({how}): {NOT_E2E[p]}", data={"platform": p})
            )
    note = "" if have_tls else " (No TLS scan was available; judged from the crawl only.)"
    promise = "end-to-end encryption" if e2e else "encryption or secure handling"
    if problems:
        critical = any(i.kind == "form" for i in problems) or any("not available" in i.text for i in problems)
        return Outcome(
            FAIL,
            f"The notice promises {promise}, but the site's transport is weak: "
            + "; ".join(i.text for i in problems[:4])
            + "."
            + note,
            quotes + problems + platform_items,
            Severity.CRITICAL if critical else Severity.HIGH,
        )
    if platform_items:
        return Outcome(
            WARN,
            f"The notice promises end-to-end encryption, but the video platform it uses is not end-to-end "
            f"encrypted by default ({', '.join(i.data['platform'].title() for i in platform_items)}).",
            quotes + platform_items,
            Severity.MEDIUM,
        )
    e2e_note = (
        " End-to-end encryption itself cannot be observed from outside; only the transport was checked."
        if e2e
        else ""
    )
    return Outcome(
        PASS,
        f"The notice promises {promise}, and no weakness in the transport was found." + e2e_note + note,
        quotes,
    )


@CHECK.rule(
    "promises/cookies-undisclosed",
    "Cookies or trackers are used that the notice does not disclose",
    Severity.MEDIUM,
    rationale=(
        "Non-essential cookies or tracking scripts were observed, but the notice has no cookies section or "
        "says only essential cookies are used. Clients cannot consent to what they are not told."
    ),
    remediation=(
        "List every cookie and tracker (name, provider, purpose, lifetime) in a cookie notice, load the "
        "non-essential ones only after consent, or remove them."
    ),
    references=[*PECR, GDPR5, "ico-cookies"],
)
def cookies(reading: Reading) -> Outcome:
    notice = reading.notice
    observed = observed_tracking(reading.evidence, reading.table, reading.recipients)
    clause = notice.clause("cookies_tracking")
    if not observed:
        return Outcome(PASS, "No non-essential cookie or tracker was observed." + reading.note)
    ads = any(i.data.get("category") == AD for i in observed)
    severity = Severity.HIGH if ads else Severity.MEDIUM
    count = f"{len(observed)} non-essential cookie(s) or tracker(s)"
    if clause is None or clause.status == "absent":
        where = "has no section on cookies or tracking" if notice.analysis else "could not be found or read"
        return Outcome(
            FAIL,
            f"{count} were observed, but the notice {where}.",
            _quote_or_absent(notice, "cookies_tracking", "no cookies or tracking section in the notice")
            + observed,
            severity,
        )
    quotes = notice.quotes("cookies_tracking")
    essential_only = [q for q in quotes if ONLY_ESSENTIAL.search(q.text.lower())]
    if essential_only:
        return Outcome(
            FAIL,
            f"The notice says only essential cookies are used (or none), yet {count} were observed.",
            essential_only + observed,
            severity,
        )
    return Outcome(
        PASS, f"{count} were observed; the notice has a cookies and tracking section.", quotes + observed[:10]
    )


@CHECK.rule(
    "promises/processors-undisclosed",
    "Third parties receive data that the notice does not name",
    Severity.MEDIUM,
    rationale=(
        "Services that receive visitors' data (analytics, advertising, form processors, chat, booking, video) "
        "are neither named in the notice nor covered by a category it describes."
    ),
    remediation=(
        "Name each recipient or category of recipient and what it receives (e.g. 'Formspree receives the "
        "contact form; Google Analytics receives page visits'), and remove the ones you cannot justify."
    ),
    references=[*GDPR13, "gdpr-art-28", "hipaa-164-502-e"],
)
def processors(reading: Reading) -> Outcome:
    notice, note = reading.notice, reading.note
    receiving = [r for r in reading.recipients if r.receives_data]
    if not receiving:
        return Outcome(PASS, "No third party was seen receiving data from the site." + note)
    if notice.analysis is None:
        return Outcome(
            FAIL,
            f"{len(receiving)} third part(y/ies) receive data, and there is no readable notice naming any "
            f"({notice.reason}).",
            [r.item() for r in receiving],
            Severity.HIGH if any(r.tracking for r in receiving) else Severity.MEDIUM,
        )
    text = notice.text
    generic = bool(GENERIC_RECIPIENTS.search(text))
    disclosed, undisclosed = [], []
    for r in receiving:
        (disclosed if covered(r, text, generic) else undisclosed).append(r)
    quotes = notice.quotes("third_party_processors")
    if undisclosed:
        tracking = any(r.tracking for r in undisclosed)
        return Outcome(
            FAIL,
            f"{len(undisclosed)} of {len(receiving)} third part(y/ies) that receive data are neither named nor "
            f"covered by a category in the notice: {', '.join(r.name for r in undisclosed[:8])}."
            + (
                " A general mention of 'service providers' does not tell clients about advertising or analytics."
                if generic and tracking
                else ""
            )
            + note,
            quotes + [r.item() for r in undisclosed] + [r.item("disclosed: ") for r in disclosed[:5]],
            Severity.HIGH if tracking else Severity.MEDIUM,
        )
    return Outcome(
        PASS,
        f"Each of the {len(receiving)} third part(y/ies) that receive data is named or covered by a category in "
        "the notice." + note,
        quotes + [r.item("disclosed: ") for r in disclosed[:10]],
    )


@CHECK.rule(
    "promises/transfers-undisclosed",
    "Data goes outside the UK/EEA, and the notice does not say so",
    Severity.MEDIUM,
    rationale=(
        "Data was observed going to companies based outside the UK and EEA, but the notice has no "
        "international-transfer section naming destinations and safeguards."
    ),
    remediation=(
        "Say which data goes to which countries and under which safeguard (adequacy, the UK IDTA or Addendum, "
        "SCCs), or choose UK/EEA providers."
    ),
    references=[*GDPR13, "gdpr-art-44-49", "ico-international-transfers"],
)
def transfers(reading: Reading) -> Outcome:
    evidence, notice = reading.evidence, reading.notice
    why = uk_eea_law(evidence, notice)
    if why is None:
        return Outcome(
            INFO,
            "Not applicable: nothing suggests UK or EU transfer rules apply (no UK/EEA domain, claim or law named).",
        )
    outside = [r for r in reading.recipients if r.receives_data and r.country and not in_uk_or_eea(r.country)]
    hosting = site_hosting(evidence)
    far_hosts = [
        a
        for a in hosting.addresses
        if a.country and not a.edge and not hosting.edge and not in_uk_or_eea(a.country)
    ]
    items = [r.item() for r in outside]
    items += [
        EvidenceItem(
            "address",
            f"the site's server {a.address} is located in {country_name(a.country)} per {a.dated_source}",
            None,
            {"address": a.address, "country": a.country},
        )
        for a in far_hosts
    ]
    if not items:
        return Outcome(PASS, f"No data was seen going outside the UK/EEA ({why})." + reading.note)
    countries = sorted(
        {r.country for r in outside if r.country} | {a.country for a in far_hosts if a.country}
    )
    clause = notice.clause("international_transfers")
    if clause is None or clause.status == "absent":
        return Outcome(
            FAIL,
            f"Data goes to {', '.join(country_name(c) for c in countries)} ("
            f"{', '.join(r.name for r in outside[:6]) or 'the site server'}), but the notice says nothing about "
            f"international transfers ({why}).",
            _quote_or_absent(
                notice, "international_transfers", "no international-transfer section in the notice"
            )
            + items,
            Severity.MEDIUM,
        )
    return Outcome(
        PASS,
        f"Data goes to {', '.join(country_name(c) for c in countries)}, and the notice has an international-transfer "
        f"section (destinations: {', '.join(clause.attrs.get('destinations') or ['unspecified'])}; safeguard: "
        f"{clause.attrs.get('safeguard') or 'none named'}).",
        notice.quotes("international_transfers") + items,
    )
