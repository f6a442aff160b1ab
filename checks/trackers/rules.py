"""The trackers rules: one function each, judged in this order over one ``Reading`` of the evidence."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from confaudit_checks.trackers.check import CHECK, Reading
from confaudit_checks.trackers.cookies import before_consent
from confaudit_checks.trackers.leaks import canary_hits, canary_item, sensitive_addresses_sent, sensitive_path
from confaudit_checks.trackers.sightings import AD, ANALYTICS, EMBED_SKIP, REPLAY, by_party, case_items
from confaudit_checks.trackers.visit import norm

from confaudit.api.check import Outcome
from confaudit.knowledge.domains import host_of
from confaudit.model import EvidenceItem, FindingStatus, PageKind, Severity

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO

# reference ids (confaudit.knowledge.references) several rules cite
HHS = "hhs-ocr-tracking-2024"
PECR = ("pecr-reg-6", "eprivacy-art-5-3")
GDPR9 = "gdpr-art-9"
FTC = ("ftc-hbnr", "ftc-betterhelp-2023", "ftc-goodrx-2023", "ftc-cerebral-2024", "ftc-monument-2024")
BACP = "bacp-ef-gp-55"

FP_SURFACES = {"canvas-readout", "webgl-renderer", "audio", "font-probe"}  # what fingerprinting reads
PERSONAL_FIELD = {"email", "tel", "textarea", "text", "date", "number"}


@CHECK.rule(
    "trackers/ad-pixel",
    "Advertising trackers on the site",
    Severity.HIGH,
    rationale=(
        "An advertising pixel tells an ad company who visited a therapy provider, which it can use to target "
        "ads; BetterHelp, GoodRx, Cerebral and Monument were fined for exactly this."
    ),
    remediation=(
        "Remove advertising pixels (Meta, Google Ads, TikTok, Snap, LinkedIn, X, Pinterest, Bing, Criteo) or load "
        "them only after explicit consent, and never on booking, intake or assessment pages."
    ),
    references=[*FTC, GDPR9, *PECR, HHS],
)
def ad_pixel(reading: Reading) -> Outcome:
    ads = [s for s in reading.sightings if s.category in AD]
    if not ads:
        return Outcome(
            PASS, "No advertising tracker was found on the pages visited." + reading.visit.static_note()
        )
    pages = {norm(s.page_url) for s in ads}
    return Outcome(
        FAIL,
        f"Advertising trackers from {by_party(ads)} are on {len(pages)} page(s): each visit is reported to an "
        "ad company.",
        [s.item() for s in ads] + case_items(reading.visit, ads),
    )


@CHECK.rule(
    "trackers/ad-pixel-on-sensitive-page",
    "Advertising trackers on booking, intake or assessment pages",
    Severity.CRITICAL,
    rationale=(
        "An ad pixel on a page that books therapy or asks about symptoms tells the ad company that this person "
        "is seeking mental-health care, often with the answers they gave."
    ),
    remediation=(
        "Remove every advertising tag from booking, intake, self-assessment and contact pages (in Google Tag "
        "Manager, add an exception trigger for those paths) and remove them site-wide unless the client consents."
    ),
    references=[*FTC, HHS, GDPR9, BACP],
)
def ad_pixel_on_sensitive_page(reading: Reading) -> Outcome:
    visit = reading.visit
    ads = [s for s in reading.sightings if s.page_kind == PageKind.SENSITIVE and s.category in AD]
    n_pages = len({norm(p.url) for p in visit.pages if p.kind == PageKind.SENSITIVE})
    if ads:
        pages = sorted({urlsplit(s.page_url).path or "/" for s in ads})
        return Outcome(
            FAIL,
            f"Advertising trackers from {by_party(ads)} are on booking, intake or assessment pages "
            f"({', '.join(pages[:5])}): the ad companies learn who is seeking therapy.",
            [s.item() for s in ads] + case_items(visit, ads),
        )
    if not n_pages:
        return Outcome(PASS, "No booking, intake or assessment page was found to judge.")
    return Outcome(
        PASS, f"None of the {n_pages} sensitive page(s) loads an advertising tracker." + visit.static_note()
    )


@CHECK.rule(
    "trackers/analytics-on-sensitive-page",
    "Analytics or tag managers on booking, intake or assessment pages",
    Severity.HIGH,
    rationale=(
        "Analytics and tag managers on sensitive pages send the page's address and events to another company; a "
        "tag manager can add any further tag without the site's code changing."
    ),
    remediation=(
        "Keep analytics off sensitive pages or use a self-hosted, cookieless tool that never receives form "
        "contents or query strings; remove tag managers from intake and booking pages."
    ),
    references=[HHS, GDPR9, *PECR],
)
def analytics_on_sensitive_page(reading: Reading) -> Outcome:
    hits = [s for s in reading.sightings if s.page_kind == PageKind.SENSITIVE and s.category in ANALYTICS]
    if hits:
        tm = [s for s in hits if s.category == "tag-manager"]
        extra = " A tag manager there can add any other tag without the page changing." if tm else ""
        return Outcome(
            FAIL,
            f"Analytics, tag managers or marketing tools ({by_party(hits)}) run on sensitive pages and receive "
            "what the visitor looks at there." + extra,
            [s.item() for s in hits],
        )
    return Outcome(
        PASS, "No analytics or tag manager runs on the sensitive pages visited." + reading.visit.static_note()
    )


@CHECK.rule(
    "trackers/session-replay",
    "Session-recording scripts",
    Severity.HIGH,
    rationale=(
        "Session recorders (Hotjar, FullStory, Clarity ...) capture what a visitor sees and types, keystroke by "
        "keystroke, and send it to the vendor: on a therapy site that can include symptoms and contact details."
    ),
    remediation=(
        "Remove session recorders, or at least exclude every page with a form and mask all inputs "
        "(e.g. Hotjar's data-hj-suppress, Clarity's masking set to strict)."
    ),
    references=[GDPR9, HHS, *PECR, "ico-cookies"],
)
def session_replay(reading: Reading) -> Outcome:
    hits = [s for s in reading.sightings if s.category in REPLAY]
    if not hits:
        return Outcome(PASS, "No session-recording script was found." + reading.visit.static_note())
    form_pages = {norm(p.url) for p in reading.visit.pages if p.forms and p.kind == PageKind.SENSITIVE}
    on_forms = [s for s in hits if norm(s.page_url) in form_pages]
    severity = Severity.CRITICAL if on_forms else Severity.HIGH
    where = " including pages with intake or booking forms" if on_forms else ""
    return Outcome(
        FAIL,
        f"Session recorders ({by_party(hits)}) run on {len({norm(s.page_url) for s in hits})} page(s){where}: "
        "they can capture what a visitor types.",
        [s.item() for s in hits],
        severity,
    )


@CHECK.rule(
    "trackers/cookie-before-consent",
    "Non-essential cookies or storage set before consent",
    Severity.HIGH,
    rationale=(
        "Analytics and advertising cookies and identifiers in local storage need the visitor's consent first; "
        "setting them on arrival identifies a visitor to a therapy service before they have agreed."
    ),
    remediation=(
        "Load analytics and advertising tags only after the visitor opts in (a consent manager that blocks tags "
        "until consent), and keep only strictly necessary cookies before that."
    ),
    references=[*PECR, "gdpr-art-6-1-a", "gdpr-art-7", "ico-cookies"],
)
def cookie_before_consent(reading: Reading) -> Outcome:
    found = before_consent(reading.visit)
    suffix = (
        ""
        if reading.visit.browser_ran
        else " (Static analysis only sees cookies set by the server, not by scripts.)"
    )
    if found.tracking:
        return Outcome(
            FAIL,
            f"{len(found.tracking)} analytics or advertising cookie(s) or stored identifier(s) are set before the "
            "visitor has consented to anything." + suffix,
            found.tracking + found.unknown,
            found.worst,
        )
    if found.unknown:
        return Outcome(
            WARN,
            f"{len(found.unknown)} persistent cookie(s) of unknown purpose are set before consent." + suffix,
            found.unknown,
            Severity.LOW,
        )
    return Outcome(PASS, "No non-essential cookie or stored identifier is set before consent." + suffix)


@CHECK.rule(
    "trackers/form-data-to-third-party",
    "What a visitor types leaves the site before they submit it",
    Severity.CRITICAL,
    rationale=(
        "Values typed into the site's forms (never submitted) were found in requests to third parties, as plain "
        "text or encoded or hashed; this is how intake answers and emails reached Meta in the FTC cases."
    ),
    remediation=(
        "Remove the scripts that read form fields (advertising pixels with automatic advanced matching, session "
        "recorders, chat and analytics autocapture) from pages with forms, and turn off automatic form capture."
    ),
    references=[*FTC, HHS, GDPR9, BACP],
)
def form_data_to_third_party(reading: Reading) -> Outcome:
    visit = reading.visit
    browser = visit.ran_browser
    if browser is None:
        reason = (
            visit.browser.reason
            if visit.browser
            else visit.evidence.errors.get("browser", "the browser did not run")
        )
        return Outcome(INFO, f"Not tested: the form-data canary needs a browser ({reason}).")
    if not browser.canaries:
        return Outcome(
            PASS, "No form with text, email, phone or free-text fields was found on the sensitive pages."
        )
    hits = canary_hits(visit, browser)
    if not hits:
        return Outcome(
            PASS,
            f"Unique values typed into {len(browser.canaries)} form field(s) (never submitted) reached no third party.",
        )
    items = [canary_item(visit, h) for h in hits]
    parties = sorted({i.data["entity"] or i.data["third_party"] for i in items})
    encodings = sorted({h.encoding for h in hits})
    return Outcome(
        FAIL,
        f"What a visitor typed, before submitting, reached {', '.join(parties)} ({', '.join(encodings)}).",
        items,
    )


@CHECK.rule(
    "trackers/sensitive-url-to-third-party",
    "Sensitive page addresses reach third parties",
    Severity.HIGH,
    rationale=(
        "The address of a booking or assessment page ('/self-assessment/anxiety?score=18') tells a third party "
        "what the visitor is seeking help for."
    ),
    remediation=(
        "Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer), remove third-party tags from "
        "sensitive pages, and keep answers out of URLs (use POST)."
    ),
    references=[HHS, GDPR9, "w3c-referrer-policy"],
)
def sensitive_url_to_third_party(reading: Reading) -> Outcome:
    """In a browser run, judged on the requests seen; without one, inferred from the trackers present."""
    visit = reading.visit
    browser = visit.ran_browser
    if browser is not None:
        items = sensitive_addresses_sent(visit, browser)
        if items:
            parties = sorted({i.data["entity"] or i.data["third_party"] for i in items})
            return Outcome(
                FAIL,
                f"The addresses of sensitive pages reached {', '.join(parties[:8])}.",
                items,
            )
        return Outcome(PASS, "No third party received the address of a sensitive page.")
    suspects = [
        s
        for s in reading.sightings
        if s.page_kind == PageKind.SENSITIVE
        and s.category in AD | ANALYTICS | REPLAY
        and sensitive_path(s.page_url)
    ]
    if suspects:
        return Outcome(
            WARN,
            f"Trackers that report the page address by design ({by_party(suspects)}) are on sensitive pages, so "
            "those addresses very likely reach them (inferred; a browser run shows the requests).",
            [s.item() for s in suspects],
        )
    if not any(p.kind == PageKind.SENSITIVE for p in visit.pages):
        return Outcome(PASS, "No sensitive page was found to judge.")
    return Outcome(
        PASS, "No tracker that reports page addresses was found on sensitive pages." + visit.static_note()
    )


@CHECK.rule(
    "trackers/fingerprinting",
    "Device fingerprinting",
    Severity.HIGH,
    rationale=(
        "Fingerprinting (reading canvas, WebGL or audio signatures) identifies a visitor without cookies, so "
        "clearing cookies or refusing consent does not stop the tracking."
    ),
    remediation=(
        "Remove fingerprinting scripts; where fraud or bot protection is needed, use it only on login and "
        "payment steps and say so in the privacy notice."
    ),
    references=[*PECR, "edpb-guidelines-2-2023", "gdpr-art-5-1-a"],
)
def fingerprinting(reading: Reading) -> Outcome:
    """Two or more signatures read by one script is fingerprinting; a known vendor or one signature, a warning."""
    visit = reading.visit
    vendors = [s for s in reading.sightings if s.category == "fingerprinting"]
    observed: dict[str, set[str]] = {}
    browser = visit.ran_browser
    uses = browser.api_uses if browser is not None else []
    for use in uses:
        if use.api in FP_SURFACES:
            observed.setdefault(use.script_url or "(inline script)", set()).add(use.api)
    items = [
        EvidenceItem(
            "api",
            f"{script} read {', '.join(sorted(apis))}",
            next((u.page_url for u in uses if (u.script_url or "(inline script)") == script), None),
            {
                "script": script,
                "apis": sorted(apis),
                "third_party": visit.third_party(script) if "//" in script else False,
            },
        )
        for script, apis in observed.items()
    ]
    strong = [i for i in items if len(i.data["apis"]) >= 2]
    if strong:
        return Outcome(
            FAIL,
            f"{len(strong)} script(s) read several device signatures (canvas, WebGL, audio) to "
            "fingerprint visitors.",
            strong + [s.item() for s in vendors],
        )
    if vendors:
        return Outcome(
            WARN,
            f"Fingerprinting or bot-detection services ({by_party(vendors)}) are loaded; they identify devices "
            "without cookies.",
            [s.item() for s in vendors] + items,
            Severity.MEDIUM,
        )
    if items:
        return Outcome(
            WARN, "A script read a device signature that fingerprinting uses.", items, Severity.LOW
        )
    return Outcome(PASS, "No fingerprinting script or API use was found." + visit.static_note())


@CHECK.rule(
    "trackers/third-party-embed",
    "Third-party fonts, libraries and embeds",
    Severity.LOW,
    rationale=(
        "Every font, script library, video or map loaded from another company hands it the visitor's IP address "
        "and the page they are on (a German court fined a site for Google Fonts in 2022)."
    ),
    remediation=(
        "Self-host fonts and libraries; use privacy-enhanced embeds (youtube-nocookie.com, click-to-load "
        "placeholders) and keep embeds off sensitive pages."
    ),
    references=["gdpr-art-44-49", "lg-muenchen-3-o-17493-20", *PECR],
)
def third_party_embed(reading: Reading) -> Outcome:
    hits = [s for s in reading.sightings if s.category not in EMBED_SKIP]
    if not hits:
        return Outcome(PASS, "No third-party fonts, libraries or embeds are loaded.")
    on_sensitive = [s for s in hits if s.page_kind == PageKind.SENSITIVE]
    severity = Severity.MEDIUM if on_sensitive else Severity.LOW
    cats = sorted({s.category for s in hits})
    return Outcome(
        FAIL,
        f"{len({s.key for s in hits})} third part(y/ies) ({by_party(hits)}; {', '.join(cats)}) receive visitors' "
        f"IP addresses through fonts, libraries or embeds"
        + (", on sensitive pages too." if on_sensitive else "."),
        [s.item() for s in hits],
        severity,
    )


@CHECK.rule(
    "trackers/form-posts-to-third-party",
    "Forms send their answers to another company",
    Severity.HIGH,
    rationale=(
        "A form whose action is another company's server (a form processor, a CRM) gives that company everything "
        "the client writes; it must be a contracted processor that is disclosed in the privacy notice."
    ),
    remediation=(
        "Post forms to your own server, or use a processor under a data-processing agreement, name it in the "
        "privacy notice, and keep health details out of general-purpose form services."
    ),
    references=["gdpr-art-28", GDPR9, "hipaa-164-502-e", BACP],
)
def form_posts_to_third_party(reading: Reading) -> Outcome:
    """High when the form is on a sensitive page or asks for personal details; medium otherwise."""
    visit = reading.visit
    bad = []
    count = 0
    severity = Severity.MEDIUM
    for page in visit.pages:
        for form in page.forms:
            fields = [f for f in form.fields if f.type not in ("hidden", "search", "submit")]
            if not fields:
                continue
            count += 1
            if not visit.third_party(form.action):
                continue
            entity = visit.table.lookup(form.action)
            who = entity.describe() if entity else host_of(form.action)
            personal = any(f.type in PERSONAL_FIELD for f in fields)
            if page.kind == PageKind.SENSITIVE or personal:
                severity = Severity.HIGH
            names = ", ".join((f.label or f.name or f.type)[:30] for f in fields[:8])
            data: dict[str, Any] = {
                "action": form.action,
                "method": form.method,
                "fields": names,
                "third_party": host_of(form.action),
                "page_kind": page.kind.value,
            }
            if entity:
                data |= {
                    "entity": entity.name,
                    "owner": entity.owner,
                    "country": entity.country,
                    "category": entity.category,
                }
            bad.append(
                EvidenceItem(
                    "form", f"form posts to {who} at {form.action} (fields: {names})", page.url, data
                )
            )
    if bad:
        return Outcome(FAIL, f"{len(bad)} form(s) send what clients write to another company.", bad, severity)
    if count:
        return Outcome(PASS, f"All {count} form(s) post to the site itself.")
    return Outcome(PASS, "No forms were found.")
