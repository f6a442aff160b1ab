"""The promises check: the notice's promises held against what the site was seen to do.

Five promises clients rely on, each read from the notice by ``confaudit.analysis.policytext`` (the same clause
analysis as the policy check) and each contradicted, or not, by observations: "we never share your data
with advertisers" against advertising pixels; "end-to-end encrypted, secure sessions" against the TLS scan,
plain-HTTP forms and the video platform named; "only essential cookies" against the cookies and trackers
seen; the named processors against the third parties that receive data; and silence about international
transfers against data seen leaving the UK/EEA. Each finding quotes the promise and lists what was observed.
"""

from __future__ import annotations

import re
from typing import Any

from confaudit.analysis.claims import (
    TRACKING_CATEGORIES,
    Recipient,
    limits_note,
    missing_parts,
    page_path,
    recipients,
    site_hosting,
)
from confaudit.analysis.notice import Notice, read_notice
from confaudit.analysis.policytext import prepare as prepare_patterns
from confaudit.api.check import Check, Outcome, Verdict
from confaudit.knowledge.domains import host_of, site_of
from confaudit.knowledge.places import EEA, UK, area_of, country_name, in_uk_or_eea
from confaudit.knowledge.trackers import TRACKING_COOKIE_HINT, TrackerTable, essential_cookie
from confaudit.model import Evidence, EvidenceItem, FindingStatus, PageKind, Rule, Severity

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO

FTC = ("ftc-betterhelp-2023", "ftc-goodrx-2023", "ftc-cerebral-2024")
CPRA = ("ccpa-1798-140-ah", "ccpa-1798-135")
GDPR5 = "gdpr-art-5-1-a"
GDPR13 = ("gdpr-art-13-1-e", "gdpr-art-13-1-f")
GDPR32 = "gdpr-art-32-1-a"
PECR = ("pecr-reg-6", "eprivacy-art-5-3")
CMA = ("cpr-2008-reg-5", "dmcc-act-2024-s-226", "ftc-act-s-5")
HIPAA = "hipaa-164-312-e-1"

RULES = [
    Rule(
        "promises/ad-sharing-denial-contradicted",
        "The notice denies sharing with advertisers, yet advertising pixels are on the site",
        Severity.HIGH,
        "A pixel from Meta, Google Ads, TikTok and the like reports each visit (and often what was clicked or "
        "typed) to an advertising company: that is sharing with advertisers, whatever the notice says. The FTC "
        "fined BetterHelp, GoodRx and Cerebral for exactly this gap between promise and practice.",
        "Remove the advertising pixels (and the tag-manager tags that load them), or, if advertising really is "
        "used, say so plainly and only with explicit, prior consent; never on booking, intake or assessment "
        "pages.",
        [*FTC, *CPRA, GDPR5, *CMA],
    ),
    Rule(
        "promises/encryption-overstated",
        "The notice promises more encryption or security than the site delivers",
        Severity.HIGH,
        "The notice promises encryption, end-to-end encryption or secure sessions, but the connection accepts "
        "outdated protocols or weak ciphers, the certificate is not trusted, forms post over plain HTTP, or the "
        "named video platform does not encrypt end to end by default.",
        "Fix the transport first (TLS 1.2+ only, strong suites, a trusted certificate, HTTPS everywhere with "
        "redirects and HSTS); claim end-to-end encryption only for a platform that provides it and has it "
        "turned on, and otherwise describe the encryption accurately ('encrypted in transit').",
        [GDPR32, HIPAA, *CMA, "bacp-ef-gp-55"],
    ),
    Rule(
        "promises/cookies-undisclosed",
        "Cookies or trackers are used that the notice does not disclose",
        Severity.MEDIUM,
        "Non-essential cookies or tracking scripts were observed, but the notice has no cookies section or "
        "says only essential cookies are used. Clients cannot consent to what they are not told.",
        "List every cookie and tracker (name, provider, purpose, lifetime) in a cookie notice, load the "
        "non-essential ones only after consent, or remove them.",
        [*PECR, GDPR5, "ico-cookies"],
    ),
    Rule(
        "promises/processors-undisclosed",
        "Third parties receive data that the notice does not name",
        Severity.MEDIUM,
        "Services that receive visitors' data (analytics, advertising, form processors, chat, booking, video) "
        "are neither named in the notice nor covered by a category it describes.",
        "Name each recipient or category of recipient and what it receives (e.g. 'Formspree receives the "
        "contact form; Google Analytics receives page visits'), and remove the ones you cannot justify.",
        [*GDPR13, "gdpr-art-28", "hipaa-164-502-e"],
    ),
    Rule(
        "promises/transfers-undisclosed",
        "Data goes outside the UK/EEA, and the notice does not say so",
        Severity.MEDIUM,
        "Data was observed going to companies based outside the UK and EEA, but the notice has no "
        "international-transfer section naming destinations and safeguards.",
        "Say which data goes to which countries and under which safeguard (adequacy, the UK IDTA or Addendum, "
        "SCCs), or choose UK/EEA providers.",
        [*GDPR13, "gdpr-art-44-49", "ico-international-transfers"],
    ),
]

AD = "advertising"
# Platforms whose default is not end-to-end encryption (each vendor's own documentation).
NOT_E2E = {
    "zoom": "Zoom encrypts meetings end to end only when the host turns end-to-end encryption on (it is off by "
    "default and disables cloud recording)",
    "google meet": "Google Meet encrypts in transit; client-side (end-to-end) encryption exists only on some "
    "Workspace editions and must be turned on",
    "microsoft teams": "Microsoft Teams offers end-to-end encryption only for one-to-one calls and Premium "
    "meetings, when turned on",
    "skype": "Skype encrypts end to end only in 'private conversations'",
    "gotomeeting": "GoTo Meeting is not end-to-end encrypted by default",
    "webex": "Webex encrypts end to end only when the meeting is set up for it",
}
ONLY_ESSENTIAL = re.compile(
    r"only (use )?(strictly )?(necessary|essential)|(only|just) (strictly )?(necessary|essential) cookies|"
    r"(do not|don't|never) use (any )?(tracking |analytics |advertising |third[- ]party )?cookies|"
    r"no (tracking |analytics |advertising |third[- ]party )?cookies|(do not|don't|never) (use|allow) "
    r"(any )?(tracking|trackers|analytics)"
)
GENERIC_RECIPIENTS = re.compile(
    r"service providers?|suppliers?|processors?|sub-?processors?|third[- ]part(y|ies)|partners|vendors|"
    r"contractors|providers who|companies that help"
)
CATEGORY_WORDS = {
    "advertising": r"advertis|\bad (networks?|partners?)|\bads\b|remarketing|retargeting|marketing partners",
    "analytics": r"analytics|statistic|measur|audience|visits? to (our|the) (site|website)",
    "session-replay": r"session (record|replay)|heat ?maps?|screen record|record(s|ing)? (of )?(your )?visits?",
    "tag-manager": r"tag manage|analytics",
    "marketing": r"marketing|newsletter|mailing list|crm|customer relationship",
    "fingerprinting": r"fraud|bot (protection|detection)|fingerprint|captcha|security (service|check)",
    "social": r"social (media|network)|share buttons?|like buttons?",
    "forms": r"forms?( provider| service| processor| builder)|survey|questionnaire provider",
    "booking": r"booking|scheduling|appointment (system|software|service|platform)|calendar",
    "chat": r"\bchat\b|live chat|messaging",
    "payments": r"payment|card (details|processor)|billing",
    "video": r"video|zoom|teams|google meet|online sessions? (platform|provider|service)",
    "fonts-cdn": r"fonts?|content delivery|\bcdn\b|hosting provider|web host",
    "maps": r"\bmaps?\b",
    "reviews": r"reviews?|testimonials?",
    "consent": r"consent (management|platform|banner|tool)|cookie (banner|consent)",
}
PROCESSOR_LIKE = {"forms", "booking", "chat", "payments", "video", "fonts-cdn", "maps", "reviews", "consent"}
NAME_STOP = {
    "pixel",
    "analytics",
    "tag",
    "manager",
    "insight",
    "platforms",
    "advertising",
    "inc",
    "ltd",
    "llc",
    "forms",
    "fonts",
    "hosted",
    "libraries",
    "cdn",
    "microsoft",
    "google",
    "meta",
    "the",
}
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


def _quote_or_absent(notice: Notice, clause: str, absent: str) -> list[EvidenceItem]:
    quotes = notice.quotes(clause)
    if quotes:
        return quotes
    return [EvidenceItem("note", absent, notice.urls[0] if notice.urls else None, {"clause": clause})]


# --- ad sharing -----------------------------------------------------------------------------------------


def check_ad_sharing(notice: Notice, recips: list[Recipient], note: str) -> Outcome:
    sale = notice.clause("sale_or_ad_sharing")
    polarity = sale.attrs.get("polarity") if sale else None
    ads = [r for r in recips if r.category == AD]
    if polarity not in (
        "denies_all_sharing",
        "denies_marketing_sharing",
        "denies_sale",
        "conditional_no_sale",
    ):
        what = "discloses advertising use" if polarity == "discloses_ad_use" else "makes no such denial"
        return Outcome(INFO, f"Not applicable: the notice {what} (the policy check judges that).")
    quotes = notice.quotes("sale_or_ad_sharing")
    if not ads:
        return Outcome(
            PASS,
            "The notice denies selling or sharing data with advertisers, and no advertising tracker was seen."
            + note,
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
    where = (
        f", including on booking, intake or assessment pages ({', '.join(sorted({page_path(p) for r in sensitive for p in r.pages}))})"
        if sensitive
        else ""
    )
    return Outcome(
        FAIL,
        f"The notice says data is never shared with advertisers, yet {names} receive(s) visitors' data from the "
        f"site{where}.",
        items,
        Severity.CRITICAL if sensitive else Severity.HIGH,
    )


# --- encryption -----------------------------------------------------------------------------------------


ENCRYPTION_WORDS = re.compile(r"encrypt|secur|\bssl\b|\btls\b|https|protected|end[- ]to[- ]end")
WEAK_SUITE = re.compile(r"_NULL_|_anon_|_EXPORT|_RC4_|_3DES_|_DES_|_IDEA_|_RC2_", re.I)


def transport_problems(evidence: Evidence) -> tuple[list[EvidenceItem], bool]:
    """What is weak about the transport (TLS evidence and the crawl); and whether the TLS scan was there."""
    items: list[EvidenceItem] = []
    tls = evidence.get("tls")
    have_tls = tls is not None and hasattr(tls, "available")
    if have_tls:
        if not tls.available:
            items.append(
                EvidenceItem("tls", f"HTTPS is not available: {tls.unavailable_reason or 'no TLS handshake'}")
            )
        else:
            old = [v for v in ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1") if tls.accepts(v)]
            if old:
                items.append(
                    EvidenceItem("tls", f"the server accepts {', '.join(old)}", data={"protocols": old})
                )
            weak = sorted(
                {s.name for _, s in tls.suites() if WEAK_SUITE.search(s.name) or 0 < s.key_size < 128}
            )
            if weak:
                items.append(
                    EvidenceItem(
                        "tls",
                        f"weak cipher suites accepted: {', '.join(weak[:6])}",
                        data={"suites": weak[:20]},
                    )
                )
            for dep in tls.certificates[:1]:
                if dep.expired:
                    items.append(EvidenceItem("tls", "the certificate has expired"))
                if not dep.hostname_matches:
                    items.append(EvidenceItem("tls", "the certificate does not name the site"))
                if not dep.issuer_trusted:
                    items.append(EvidenceItem("tls", "the certificate is not issued by a trusted authority"))
                if dep.leaf.key_type == "RSA" and dep.leaf.key_size < 2048:
                    items.append(EvidenceItem("tls", f"the certificate key is RSA-{dep.leaf.key_size}"))
    crawl = evidence.crawl
    if crawl is not None:
        http = crawl.http
        if http is not None and http.status == 200 and not (http.final_url or "").startswith("https://"):
            items.append(
                EvidenceItem("url", "plain HTTP serves the site instead of redirecting to HTTPS", http.url)
            )
        for page in crawl.pages:
            for form in page.forms:
                insecure = form.action.startswith("http://") or (
                    page.url.startswith("http://") and not form.action.startswith("https://")
                )
                if insecure and form.fields:
                    items.append(
                        EvidenceItem(
                            "form",
                            f"a form on {page_path(page.url)} sends its fields over plain HTTP to {form.action}",
                            page.url,
                            {"action": form.action, "method": form.method},
                        )
                    )
    return items, have_tls


def check_encryption(evidence: Evidence, notice: Notice, recips: list[Recipient]) -> Outcome:
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
    problems, have_tls = transport_problems(evidence)
    platform_items = []
    if e2e:
        named = [p for p in NOT_E2E if re.search(rf"\b{re.escape(p)}\b", notice.text)]
        seen = [r for r in recips if r.category == "video" and r.entity and r.entity.name.lower() in NOT_E2E]
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


# --- cookies --------------------------------------------------------------------------------------------


def observed_tracking(evidence: Evidence, table: TrackerTable, recips: list[Recipient]) -> list[EvidenceItem]:
    items = [r.item() for r in recips if r.category in TRACKING_CATEGORIES]
    site = site_of(evidence.target.host)
    seen: set[str] = set()
    cookies: list[tuple[str, str, bool, str | None]] = []
    crawl = evidence.crawl
    if crawl is not None:
        for page in crawl.pages:
            for c in page.cookies:
                cookies.append((c.name, c.domain or host_of(page.url), c.persistent, page.url))
    browser = evidence.get("browser")
    if browser is not None and getattr(browser, "ran", False):
        for bc in browser.cookies:
            cookies.append((bc.name, bc.domain.lstrip("."), bc.persistent, bc.first_seen_on))
    for name, domain, persistent, where in cookies:
        if name in seen:
            continue
        third = bool(domain) and site_of(domain.lstrip(".")) != site
        entity = table.cookie_entity(name) or (table.lookup(domain) if third else None)
        if entity is not None and (entity.tracking or entity.category == "social"):
            why = f"{entity.name}'s cookie"
        elif essential_cookie(name):
            continue
        elif persistent and (third or TRACKING_COOKIE_HINT.search(name)):
            why = "persistent cookie named like a visitor identifier" if not third else "third-party cookie"
        else:
            continue
        seen.add(name)
        items.append(
            EvidenceItem(
                "cookie", f"cookie {name} ({domain}): {why}", where, {"name": name, "domain": domain}
            )
        )
    return items


def check_cookies(
    evidence: Evidence, notice: Notice, table: TrackerTable, recips: list[Recipient], note: str
) -> Outcome:
    observed = observed_tracking(evidence, table, recips)
    clause = notice.clause("cookies_tracking")
    if not observed:
        return Outcome(PASS, "No non-essential cookie or tracker was observed." + note)
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


# --- processors -----------------------------------------------------------------------------------------


NEGATION = re.compile(r"\b(never|not|no|none|without|nor)\b|n't\b")


def mentions(pattern: str, text: str) -> bool:
    """Whether a sentence of the notice mentions the pattern other than in a denial ("we never share with ...")."""
    for line in text.splitlines():
        for m in re.finditer(pattern, line):
            if not NEGATION.search(line[max(0, m.start() - 80) : m.start()]):
                return True
    return False


def _named(r: Recipient, text: str) -> bool:
    words: set[str] = set()
    if r.entity:
        for part in (r.entity.name, r.entity.owner):
            words |= {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9.]+", part)}
        words |= {d.split("/")[0].split(".")[0] for d in r.entity.domains}
    words.add(site_of(r.host).split(".")[0])
    words = {w for w in words if len(w) >= 4 and w not in NAME_STOP}
    # "Google" alone names Google's services; the stop list keeps it from naming every product, so try it last
    if r.entity and r.entity.owner.lower() in ("google", "meta platforms", "microsoft"):
        words.add(r.entity.owner.split()[0].lower())
    return any(mentions(rf"\b{re.escape(w)}\b", text) for w in words)


def check_processors(notice: Notice, recips: list[Recipient], note: str) -> Outcome:
    receiving = [r for r in recips if r.receives_data]
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
    undisclosed, covered = [], []
    for r in receiving:
        by_category = mentions(CATEGORY_WORDS.get(r.category, r"(?!)"), text)
        by_generic = generic and r.category in PROCESSOR_LIKE
        (covered if _named(r, text) or by_category or by_generic else undisclosed).append(r)
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
            quotes + [r.item() for r in undisclosed] + [r.item("disclosed: ") for r in covered[:5]],
            Severity.HIGH if tracking else Severity.MEDIUM,
        )
    return Outcome(
        PASS,
        f"Each of the {len(receiving)} third part(y/ies) that receive data is named or covered by a category in "
        "the notice." + note,
        quotes + [r.item("disclosed: ") for r in covered[:10]],
    )


# --- transfers ------------------------------------------------------------------------------------------


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


def check_transfers(evidence: Evidence, notice: Notice, recips: list[Recipient], note: str) -> Outcome:
    why = uk_eea_law(evidence, notice)
    if why is None:
        return Outcome(
            INFO,
            "Not applicable: nothing suggests UK or EU transfer rules apply (no UK/EEA domain, claim or law named).",
        )
    outside = [r for r in recips if r.receives_data and r.country and not in_uk_or_eea(r.country)]
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
        return Outcome(PASS, f"No data was seen going outside the UK/EEA ({why})." + note)
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


# --- the judge ------------------------------------------------------------------------------------------


def judge(evidence: Evidence, knowledge: Any) -> Verdict:
    notice = read_notice(evidence)
    table: TrackerTable = knowledge.trackers
    recips = recipients(evidence, table)
    missing = missing_parts(evidence, ("browser",))
    note = limits_note(missing)
    outcomes = {
        "promises/ad-sharing-denial-contradicted": check_ad_sharing(notice, recips, note),
        "promises/encryption-overstated": check_encryption(evidence, notice, recips),
        "promises/cookies-undisclosed": check_cookies(evidence, notice, table, recips, note),
        "promises/processors-undisclosed": check_processors(notice, recips, note),
        "promises/transfers-undisclosed": check_transfers(evidence, notice, recips, note),
    }
    findings = []
    for rule, outcome in outcomes.items():
        f = CHECK.judged(rule, outcome)
        f.url = notice.urls[0] if notice.urls else None
        findings.append(f)
    data = {
        "notice": notice.urls,
        "notice_reason": notice.reason,
        "recipients": [
            {"name": r.name, "host": r.host, "category": r.category, "country": r.country} for r in recips
        ],
        "judged_without": missing + ([] if evidence.get("tls") is not None else ["tls: did not run"]),
        "trackers_updated": table.updated,
    }
    return Verdict(findings, data)


def prepare(knowledge: Any) -> None:
    """The notice's patterns and the vendor table, built while the probes fetch."""
    prepare_patterns()
    _ = knowledge.trackers


CHECK = Check(
    id="promises",
    title="Promises in the notice against the site's behaviour",
    category="disclosure",
    weight=1.5,
    needs=("crawl",),
    wants=("tls", "browser"),
    rules=RULES,
    judge=judge,
    version="1.0",
    description="Holds the notice's promises (no sharing with advertisers, encryption, essential cookies only, "
    "the processors named, transfers) against the trackers, cookies, TLS scan, forms and third parties observed.",
    prepare=prepare,
)
