"""The trackers check: which third parties learn what, on which page, before the visitor consents.

Static analysis of the crawl always runs (script, image, frame, font and style hosts; inline pixel
snippets and their account ids; forms posting elsewhere; Set-Cookie). When the browser probe ran, its
request log, cookies, storage, API calls and the form-data canary show what actually left the page,
including what a tag manager injects at run time, which static analysis cannot see. Trackers on pages
that book, take in or assess a client are judged most severely, as the FTC did in BetterHelp, GoodRx,
Cerebral and Monument and as HHS OCR's tracking-technology guidance does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from confaudit.analysis.canary import needles_for, search
from confaudit.api.check import Check, Outcome, SkipCheck, Verdict
from confaudit.knowledge.domains import host_of, same_site
from confaudit.knowledge.trackers import (
    SIGNATURES,
    TRACKING_COOKIE_HINT,
    URL_IN_SCRIPT,
    Entity,
    TrackerTable,
    essential_cookie,
)
from confaudit.model import Evidence, EvidenceItem, FindingStatus, Page, PageKind, Rule, Severity
from confaudit.model.browser import BrowserEvidence, BrowserRequest, CanaryHit

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO

HHS = "HHS OCR: Use of Online Tracking Technologies by HIPAA Covered Entities and Business Associates (2024)"
PECR = "UK PECR reg. 6 / ePrivacy Directive Art. 5(3): consent before non-essential cookies and similar technologies"
GDPR9 = "UK GDPR / GDPR Art. 9 (special category data: health)"
FTC = "FTC Health Breach Notification Rule; FTC v. BetterHelp (2023), GoodRx (2023), Cerebral (2024), Monument (2024)"
BACP = "BACP Ethical Framework: Good Practice 55 (confidentiality of client information)"

RULES = [
    Rule(
        "trackers/ad-pixel",
        "Advertising trackers on the site",
        Severity.HIGH,
        "An advertising pixel tells an ad company who visited a therapy provider, which it can use to target "
        "ads; BetterHelp, GoodRx, Cerebral and Monument were fined for exactly this.",
        "Remove advertising pixels (Meta, Google Ads, TikTok, Snap, LinkedIn, X, Pinterest, Bing, Criteo) or load "
        "them only after explicit consent, and never on booking, intake or assessment pages.",
        [FTC, GDPR9, PECR, HHS],
    ),
    Rule(
        "trackers/ad-pixel-on-sensitive-page",
        "Advertising trackers on booking, intake or assessment pages",
        Severity.CRITICAL,
        "An ad pixel on a page that books therapy or asks about symptoms tells the ad company that this person "
        "is seeking mental-health care, often with the answers they gave.",
        "Remove every advertising tag from booking, intake, self-assessment and contact pages (in Google Tag "
        "Manager, add an exception trigger for those paths) and remove them site-wide unless the client consents.",
        [FTC, HHS, GDPR9, BACP],
    ),
    Rule(
        "trackers/analytics-on-sensitive-page",
        "Analytics or tag managers on booking, intake or assessment pages",
        Severity.HIGH,
        "Analytics and tag managers on sensitive pages send the page's address and events to another company; a "
        "tag manager can add any further tag without the site's code changing.",
        "Keep analytics off sensitive pages or use a self-hosted, cookieless tool that never receives form "
        "contents or query strings; remove tag managers from intake and booking pages.",
        [HHS, GDPR9, PECR],
    ),
    Rule(
        "trackers/session-replay",
        "Session-recording scripts",
        Severity.HIGH,
        "Session recorders (Hotjar, FullStory, Clarity ...) capture what a visitor sees and types, keystroke by "
        "keystroke, and send it to the vendor: on a therapy site that can include symptoms and contact details.",
        "Remove session recorders, or at least exclude every page with a form and mask all inputs "
        "(e.g. Hotjar's data-hj-suppress, Clarity's masking set to strict).",
        [GDPR9, HHS, PECR, "ICO guidance on cookies and similar technologies"],
    ),
    Rule(
        "trackers/cookie-before-consent",
        "Non-essential cookies or storage set before consent",
        Severity.HIGH,
        "Analytics and advertising cookies and identifiers in local storage need the visitor's consent first; "
        "setting them on arrival identifies a visitor to a therapy service before they have agreed.",
        "Load analytics and advertising tags only after the visitor opts in (a consent manager that blocks tags "
        "until consent), and keep only strictly necessary cookies before that.",
        [PECR, "GDPR Art. 6(1)(a) and Art. 7", "ICO guidance on cookies and similar technologies"],
    ),
    Rule(
        "trackers/form-data-to-third-party",
        "What a visitor types leaves the site before they submit it",
        Severity.CRITICAL,
        "Values typed into the site's forms (never submitted) were found in requests to third parties, as plain "
        "text or encoded or hashed; this is how intake answers and emails reached Meta in the FTC cases.",
        "Remove the scripts that read form fields (advertising pixels with automatic advanced matching, session "
        "recorders, chat and analytics autocapture) from pages with forms, and turn off automatic form capture.",
        [FTC, HHS, GDPR9, BACP],
    ),
    Rule(
        "trackers/sensitive-url-to-third-party",
        "Sensitive page addresses reach third parties",
        Severity.HIGH,
        "The address of a booking or assessment page ('/self-assessment/anxiety?score=18') tells a third party "
        "what the visitor is seeking help for.",
        "Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer), remove third-party tags from "
        "sensitive pages, and keep answers out of URLs (use POST).",
        [HHS, GDPR9, "W3C Referrer Policy"],
    ),
    Rule(
        "trackers/fingerprinting",
        "Device fingerprinting",
        Severity.HIGH,
        "Fingerprinting (reading canvas, WebGL or audio signatures) identifies a visitor without cookies, so "
        "clearing cookies or refusing consent does not stop the tracking.",
        "Remove fingerprinting scripts; where fraud or bot protection is needed, use it only on login and "
        "payment steps and say so in the privacy notice.",
        [PECR, "EDPB Guidelines 2/2023 on the technical scope of Art. 5(3) ePrivacy", "GDPR Art. 5(1)(a)"],
    ),
    Rule(
        "trackers/third-party-embed",
        "Third-party fonts, libraries and embeds",
        Severity.LOW,
        "Every font, script library, video or map loaded from another company hands it the visitor's IP address "
        "and the page they are on (a German court fined a site for Google Fonts in 2022).",
        "Self-host fonts and libraries; use privacy-enhanced embeds (youtube-nocookie.com, click-to-load "
        "placeholders) and keep embeds off sensitive pages.",
        ["GDPR Art. 44-49 (transfers)", "LG München I, 3 O 17493/20 (Google Fonts, 2022)", PECR],
    ),
    Rule(
        "trackers/form-posts-to-third-party",
        "Forms send their answers to another company",
        Severity.HIGH,
        "A form whose action is another company's server (a form processor, a CRM) gives that company everything "
        "the client writes; it must be a contracted processor that is disclosed in the privacy notice.",
        "Post forms to your own server, or use a processor under a data-processing agreement, name it in the "
        "privacy notice, and keep health details out of general-purpose form services.",
        ["UK GDPR / GDPR Art. 28 (processors)", GDPR9, "HIPAA 45 CFR 164.502(e) (business associates)", BACP],
    ),
]

AD = {"advertising"}
ANALYTICS = {"analytics", "tag-manager", "marketing", "social", "tracker"}
REPLAY = {"session-replay"}
EMBED_SKIP = AD | REPLAY | {"analytics", "tag-manager", "marketing", "tracker", "fingerprinting"}
FP_SURFACES = {"canvas-readout", "webgl-renderer", "audio", "font-probe"}
SKIP_RESOURCES = {"preconnect"}


@dataclass
class Sighting:
    """One third party seen on one page, by static analysis or in the browser."""

    page_url: str
    page_kind: PageKind
    host: str
    url: str
    entity: Entity | None
    category: str
    via: str
    source: str
    account: str | None = None
    list_rule: str | None = None

    @property
    def who(self) -> str:
        if self.entity:
            return self.entity.describe()
        if self.list_rule:
            return f"{self.host} (tracker, matched {self.list_rule})"
        return f"{self.host} (unlisted third party)"

    @property
    def key(self) -> str:
        return self.entity.name if self.entity else self.host

    def item(self, text: str | None = None) -> EvidenceItem:
        data: dict[str, Any] = {
            "page_kind": self.page_kind.value,
            "third_party": self.host,
            "request": self.url[:500],
            "via": self.via,
            "source": self.source,
            "category": self.category,
        }
        if self.entity:
            data |= {
                "entity": self.entity.name,
                "owner": self.entity.owner,
                "country": self.entity.country,
                "cases": list(self.entity.cases),
            }
        if self.account:
            data["account"] = self.account
        if self.list_rule:
            data["filter"] = self.list_rule
        account = f" id {self.account}" if self.account else ""
        return EvidenceItem(
            "tracker",
            text
            or f"{self.who}{account} via {self.via}"
            + ("" if self.url == self.via else f": {self.url[:160]}"),
            url=self.page_url,
            data=data,
        )


@dataclass
class Context:
    evidence: Evidence
    table: TrackerTable
    site_hosts: set[str]
    pages: list[Page]
    browser: BrowserEvidence | None
    kinds: dict[str, PageKind] = field(default_factory=dict)

    def third_party(self, url_or_host: str) -> bool:
        host = host_of(url_or_host) if "//" in url_or_host else url_or_host.lower()
        return bool(host) and not any(same_site(host, s) for s in self.site_hosts)

    def kind_of(self, page_url: str) -> PageKind:
        return self.kinds.get(_norm(page_url), PageKind.OTHER)

    @property
    def browser_ran(self) -> bool:
        return self.browser is not None and self.browser.ran


def _norm(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.netloc or '').lower()}{parts.path or '/'}{'?' + parts.query if parts.query else ''}"


def _classify(
    ctx: Context, url: str, page_url: str, resource_type: str
) -> tuple[Entity | None, str, str | None]:
    entity = ctx.table.lookup(url)
    if entity:
        return entity, entity.category, None
    match = ctx.table.lists.match(url, page_url, resource_type)
    if match:
        return None, "tracker", f"{match.list_name}: {match.rule}"
    return None, "third-party", None


# --- collecting sightings ------------------------------------------------------------------------------


def static_sightings(ctx: Context) -> list[Sighting]:
    out: list[Sighting] = []
    for page in ctx.pages:
        loads: list[tuple[str, str]] = [(s.src, "script") for s in page.scripts if s.src]
        loads += [(r.url, r.kind) for r in page.resources if r.kind not in SKIP_RESOURCES]
        for url, kind in loads:
            if not ctx.third_party(url):
                continue
            entity, category, rule = _classify(ctx, url, page.url, kind)
            account = _account_in(url, entity)
            out.append(
                Sighting(
                    page.url, page.kind, host_of(url), url, entity, category, kind, "static", account, rule
                )
            )
        for script in page.scripts:
            if not script.inline:
                continue
            for sig in SIGNATURES:
                for m in sig.pattern.finditer(script.inline):
                    entity = ctx.table.by_name.get(sig.entity)
                    if entity is None:
                        continue
                    out.append(
                        Sighting(
                            page.url,
                            page.kind,
                            entity.domains[0].split("/")[0],
                            f"inline {sig.label} snippet",
                            entity,
                            entity.category,
                            f"inline {sig.label} snippet",
                            "static",
                            m.group(1),
                        )
                    )
            for m in URL_IN_SCRIPT.finditer(script.inline[:100_000]):
                host = m.group(1).lower()
                url = f"https://{host}{m.group(2) or '/'}"
                if not ctx.third_party(host):
                    continue
                entity, category, rule = _classify(ctx, url, page.url, "script")
                if entity is None and rule is None:
                    continue  # an unknown host named in code may never be loaded
                out.append(
                    Sighting(
                        page.url,
                        page.kind,
                        host,
                        url,
                        entity,
                        category,
                        "inline script",
                        "static",
                        None,
                        rule,
                    )
                )
    return out


def _account_in(url: str, entity: Entity | None) -> str | None:
    if entity is None:
        return None
    for sig in SIGNATURES:
        if sig.entity == entity.name or entity.name.split()[0] in sig.entity:
            m = sig.pattern.search(unquote_plus(url))
            if m:
                return m.group(1)
    return None


def browser_sightings(ctx: Context) -> list[Sighting]:
    assert ctx.browser is not None
    out = []
    for req in ctx.browser.requests:
        if not req.url.startswith(("http://", "https://")) or not ctx.third_party(req.url):
            continue
        entity, category, rule = _classify(ctx, req.url, req.page_url, req.resource_type)
        out.append(
            Sighting(
                req.page_url,
                ctx.kind_of(req.page_url),
                host_of(req.url),
                req.url,
                entity,
                category,
                f"{req.method} {req.resource_type} request"
                + (" after typing" if req.phase == "canary" else ""),
                "browser",
                _account_in(req.url, entity),
                rule,
            )
        )
    return out


def _dedupe(sightings: list[Sighting]) -> list[Sighting]:
    """One sighting per (page, third party, category), preferring the browser's and ones with an account id."""
    best: dict[tuple[str, str, str], Sighting] = {}
    for s in sightings:
        key = (_norm(s.page_url), s.key, s.category)
        have = best.get(key)
        if have is None or (s.account and not have.account):
            best[key] = s
    return list(best.values())


# --- rules ---------------------------------------------------------------------------------------------


def _by_party(sightings: list[Sighting]) -> str:
    names = sorted({s.entity.name if s.entity else s.host for s in sightings})
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def _case_items(ctx: Context, sightings: list[Sighting]) -> list[EvidenceItem]:
    seen: set[str] = set()
    items = []
    for s in sightings:
        for case in s.entity.cases if s.entity else ():
            if case not in seen:
                seen.add(case)
                items.append(EvidenceItem("note", ctx.table.cases.get(case, case), data={"case": case}))
    return items


def _static_note(ctx: Context) -> str:
    if ctx.browser_ran:
        return ""
    return " (Static analysis only: tags that scripts add at run time are not seen; run with a browser.)"


def check_ad_pixel(ctx: Context, sightings: list[Sighting]) -> Outcome:
    ads = [s for s in sightings if s.category in AD]
    if not ads:
        return Outcome(PASS, "No advertising tracker was found on the pages visited." + _static_note(ctx))
    pages = {_norm(s.page_url) for s in ads}
    return Outcome(
        FAIL,
        f"Advertising trackers from {_by_party(ads)} are on {len(pages)} page(s): each visit is reported to an "
        "ad company.",
        [s.item() for s in ads] + _case_items(ctx, ads),
    )


def check_ad_sensitive(ctx: Context, sightings: list[Sighting]) -> Outcome:
    sensitive = [s for s in sightings if s.page_kind == PageKind.SENSITIVE]
    ads = [s for s in sensitive if s.category in AD]
    n_pages = len({_norm(p.url) for p in ctx.pages if p.kind == PageKind.SENSITIVE})
    if ads:
        pages = sorted({urlsplit(s.page_url).path or "/" for s in ads})
        return Outcome(
            FAIL,
            f"Advertising trackers from {_by_party(ads)} are on booking, intake or assessment pages "
            f"({', '.join(pages[:5])}): the ad companies learn who is seeking therapy.",
            [s.item() for s in ads] + _case_items(ctx, ads),
        )
    if not n_pages:
        return Outcome(PASS, "No booking, intake or assessment page was found to judge.")
    return Outcome(
        PASS, f"None of the {n_pages} sensitive page(s) loads an advertising tracker." + _static_note(ctx)
    )


def check_analytics_sensitive(ctx: Context, sightings: list[Sighting]) -> Outcome:
    hits = [s for s in sightings if s.page_kind == PageKind.SENSITIVE and s.category in ANALYTICS]
    if hits:
        tm = [s for s in hits if s.category == "tag-manager"]
        extra = " A tag manager there can add any other tag without the page changing." if tm else ""
        return Outcome(
            FAIL,
            f"Analytics, tag managers or marketing tools ({_by_party(hits)}) run on sensitive pages and receive "
            "what the visitor looks at there." + extra,
            [s.item() for s in hits],
        )
    return Outcome(
        PASS, "No analytics or tag manager runs on the sensitive pages visited." + _static_note(ctx)
    )


def check_replay(ctx: Context, sightings: list[Sighting]) -> Outcome:
    hits = [s for s in sightings if s.category in REPLAY]
    if not hits:
        return Outcome(PASS, "No session-recording script was found." + _static_note(ctx))
    form_pages = {_norm(p.url) for p in ctx.pages if p.forms and p.kind == PageKind.SENSITIVE}
    on_forms = [s for s in hits if _norm(s.page_url) in form_pages]
    severity = Severity.CRITICAL if on_forms else Severity.HIGH
    where = " including pages with intake or booking forms" if on_forms else ""
    return Outcome(
        FAIL,
        f"Session recorders ({_by_party(hits)}) run on {len({_norm(s.page_url) for s in hits})} page(s){where}: "
        "they can capture what a visitor types.",
        [s.item() for s in hits],
        severity,
    )


def _cookie_verdict(
    ctx: Context, name: str, domain: str | None, persistent: bool
) -> tuple[str, str, Entity | None]:
    """('tracking' | 'essential' | 'unknown', why, entity)."""
    third = bool(domain) and ctx.third_party(domain.lstrip("."))
    entity = ctx.table.lookup(domain.lstrip(".")) if (domain and third) else None
    by_name = ctx.table.cookie_entity(name)
    if third:
        if entity and (entity.tracking or entity.category == "social"):
            return "tracking", f"third-party cookie of {entity.describe()}", entity
        if by_name:
            return "tracking", f"named like {by_name.name}'s cookie", by_name
        if persistent and not (entity and entity.category in ("payments", "consent")):
            who = entity.describe() if entity else domain
            return "tracking", f"persistent third-party cookie of {who}", entity
        return "unknown", "third-party session cookie", entity
    if by_name:
        return "tracking", f"{by_name.name} cookie ({by_name.category})", by_name
    if essential_cookie(name):
        return "essential", "looks strictly necessary", None
    if persistent and TRACKING_COOKIE_HINT.search(name):
        return "tracking", "persistent cookie named like a visitor identifier", None
    return ("unknown" if persistent else "essential"), "purpose unknown", None


STORAGE_TRACKING = re.compile(
    r"^(_hj|_ga|_gcl|_fbp|_ttp|_uet|_clck|_clsk|amp_|amplitude|mp_|ajs_|_pin|_scid|"
    r"_lr_|fs_|_dd_|ph_|__insp|_ym|lo_|mf_|intercom|hubspot)",
    re.I,
)


def check_cookies(ctx: Context) -> Outcome:
    tracking: list[EvidenceItem] = []
    unknown: list[EvidenceItem] = []
    seen: set[tuple[str, str]] = set()
    worst = Severity.MEDIUM

    def note(name: str, domain: str, persistent: bool, where: str | None, expires: str, source: str) -> None:
        nonlocal worst
        key = (name, domain)
        if key in seen:
            return
        seen.add(key)
        verdict, why, entity = _cookie_verdict(ctx, name, domain, persistent)
        data = {"name": name, "domain": domain, "expires": expires, "why": why, "source": source}
        if entity:
            data |= {"entity": entity.name, "country": entity.country, "category": entity.category}
            if entity.category in AD | REPLAY:
                worst = Severity.HIGH
        item = EvidenceItem("cookie", f"cookie {name} ({domain}, {expires}): {why}", where, data)
        if verdict == "tracking":
            tracking.append(item)
        elif verdict == "unknown":
            unknown.append(item)

    first_host = next(iter(sorted(ctx.site_hosts)))
    for page in ctx.pages:
        for c in page.cookies:
            expires = c.expires or (f"max-age {c.max_age}" if c.max_age else "session")
            note(
                c.name,
                c.domain or host_of(page.url) or first_host,
                c.persistent,
                page.url,
                expires,
                "Set-Cookie",
            )
    if ctx.browser_ran:
        assert ctx.browser is not None
        for bc in ctx.browser.cookies:
            expires = (
                datetime.fromtimestamp(bc.expires, UTC).strftime("%Y-%m-%d")
                if bc.expires is not None
                else "session"
            )
            note(bc.name, bc.domain.lstrip("."), bc.persistent, bc.first_seen_on, expires, "browser")
        for st in ctx.browser.storage:
            third = ctx.third_party(st.origin)
            entity = ctx.table.lookup(st.origin) if third else None
            if (
                STORAGE_TRACKING.search(st.key)
                or (entity and entity.tracking)
                or ctx.table.cookie_entity(st.key)
            ):
                who = entity.describe() if entity else st.origin
                tracking.append(
                    EvidenceItem(
                        "storage",
                        f"{st.area}Storage {st.key!r} set by {who}",
                        st.page_url,
                        {"origin": st.origin, "area": st.area, "key": st.key, "length": st.value_length},
                    )
                )
    suffix = (
        "" if ctx.browser_ran else " (Static analysis only sees cookies set by the server, not by scripts.)"
    )
    if tracking:
        return Outcome(
            FAIL,
            f"{len(tracking)} analytics or advertising cookie(s) or stored identifier(s) are set before the "
            "visitor has consented to anything." + suffix,
            tracking + unknown,
            worst,
        )
    if unknown:
        return Outcome(
            WARN,
            f"{len(unknown)} persistent cookie(s) of unknown purpose are set before consent." + suffix,
            unknown,
            Severity.LOW,
        )
    return Outcome(PASS, "No non-essential cookie or stored identifier is set before consent." + suffix)


def canary_hits(ctx: Context) -> list[CanaryHit]:
    assert ctx.browser is not None
    needles = [needles_for(f) for f in ctx.browser.canaries]
    hits: list[CanaryHit] = []
    if not needles:
        return hits
    for req in ctx.browser.requests:
        if ctx.third_party(req.url):
            hits += search(req, needles)
    return hits


def check_form_data(ctx: Context) -> Outcome:
    if not ctx.browser_ran:
        reason = (
            ctx.browser.reason
            if ctx.browser
            else ctx.evidence.errors.get("browser", "the browser did not run")
        )
        return Outcome(INFO, f"Not tested: the form-data canary needs a browser ({reason}).")
    assert ctx.browser is not None
    if not ctx.browser.canaries:
        return Outcome(
            PASS, "No form with text, email, phone or free-text fields was found on the sensitive pages."
        )
    hits = canary_hits(ctx)
    if not hits:
        fields = len(ctx.browser.canaries)
        return Outcome(
            PASS, f"Unique values typed into {fields} form field(s) (never submitted) reached no third party."
        )
    items = []
    for h in hits:
        entity = ctx.table.lookup(h.request_url)
        who = entity.describe() if entity else host_of(h.request_url)
        items.append(
            EvidenceItem(
                "canary",
                f"field {h.field_name or h.field_type} ({h.field_type}) sent {h.encoding} in the {h.where} of "
                f"{h.method} {h.request_url[:150]} to {who}",
                h.page_url,
                {
                    "field": h.field_name,
                    "field_type": h.field_type,
                    "encoding": h.encoding,
                    "where": h.where,
                    "request": h.request_url[:500],
                    "method": h.method,
                    "resource_type": h.resource_type,
                    "third_party": host_of(h.request_url),
                    "entity": entity.name if entity else None,
                    "country": entity.country if entity else None,
                    "excerpt": h.excerpt,
                },
            )
        )
    parties = sorted({i.data["entity"] or i.data["third_party"] for i in items})
    encodings = sorted({h.encoding for h in hits})
    return Outcome(
        FAIL,
        f"What a visitor typed, before submitting, reached {', '.join(parties)} ({', '.join(encodings)}).",
        items,
    )


def _sensitive_path(url: str) -> str | None:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return path if path else None


def check_sensitive_url(ctx: Context, sightings: list[Sighting]) -> Outcome:
    sensitive = [p for p in ctx.pages if p.kind == PageKind.SENSITIVE]
    if ctx.browser_ran:
        assert ctx.browser is not None
        items = []
        for page in ctx.browser.pages:
            if page.kind != PageKind.SENSITIVE:
                continue
            path = _sensitive_path(page.final_url or page.url)
            if not path:
                continue
            host = host_of(page.final_url or page.url)
            needle = f"{host}{path}".lower()
            for req in ctx.browser.requests:
                if _norm(req.page_url) != _norm(page.url) or not ctx.third_party(req.url):
                    continue
                where = _url_carried(req, needle)
                if where:
                    entity = ctx.table.lookup(req.url)
                    who = entity.describe() if entity else host_of(req.url)
                    items.append(
                        EvidenceItem(
                            "request",
                            f"{req.method} {req.url[:150]} to {who} carried {path} in its {where}",
                            page.url,
                            {
                                "request": req.url[:500],
                                "where": where,
                                "third_party": host_of(req.url),
                                "entity": entity.name if entity else None,
                                "country": entity.country if entity else None,
                            },
                        )
                    )
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
        for s in sightings
        if s.page_kind == PageKind.SENSITIVE
        and s.category in AD | ANALYTICS | REPLAY
        and _sensitive_path(s.page_url)
    ]
    if suspects:
        return Outcome(
            WARN,
            f"Trackers that report the page address by design ({_by_party(suspects)}) are on sensitive pages, so "
            "those addresses very likely reach them (inferred; a browser run shows the requests).",
            [s.item() for s in suspects],
        )
    if not sensitive:
        return Outcome(PASS, "No sensitive page was found to judge.")
    return Outcome(
        PASS, "No tracker that reports page addresses was found on sensitive pages." + _static_note(ctx)
    )


def _url_carried(req: BrowserRequest, needle: str) -> str | None:
    if needle in unquote_plus(req.url).lower():
        return "URL"
    for key, value in req.headers:
        if key.lower() == "referer" and needle in value.lower():
            return "Referer header"
    if req.post_body and needle in unquote_plus(req.post_body).lower():
        return "body"
    return None


def check_fingerprinting(ctx: Context, sightings: list[Sighting]) -> Outcome:
    vendors = [s for s in sightings if s.category == "fingerprinting"]
    observed: dict[str, set[str]] = {}
    uses = ctx.browser.api_uses if ctx.browser_ran and ctx.browser else []
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
                "third_party": ctx.third_party(script) if "//" in script else False,
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
            f"Fingerprinting or bot-detection services ({_by_party(vendors)}) are loaded; they identify devices "
            "without cookies.",
            [s.item() for s in vendors] + items,
            Severity.MEDIUM,
        )
    if items:
        return Outcome(
            WARN, "A script read a device signature that fingerprinting uses.", items, Severity.LOW
        )
    return Outcome(PASS, "No fingerprinting script or API use was found." + _static_note(ctx))


def check_embeds(ctx: Context, sightings: list[Sighting]) -> Outcome:
    hits = [s for s in sightings if s.category not in EMBED_SKIP]
    if not hits:
        return Outcome(PASS, "No third-party fonts, libraries or embeds are loaded.")
    on_sensitive = [s for s in hits if s.page_kind == PageKind.SENSITIVE]
    severity = Severity.MEDIUM if on_sensitive else Severity.LOW
    cats = sorted({s.category for s in hits})
    return Outcome(
        FAIL,
        f"{len({s.key for s in hits})} third part(y/ies) ({_by_party(hits)}; {', '.join(cats)}) receive visitors' "
        f"IP addresses through fonts, libraries or embeds"
        + (", on sensitive pages too." if on_sensitive else "."),
        [s.item() for s in hits],
        severity,
    )


PERSONAL_FIELD = {"email", "tel", "textarea", "text", "date", "number"}


def check_form_posts(ctx: Context) -> Outcome:
    bad = []
    count = 0
    severity = Severity.MEDIUM
    for page in ctx.pages:
        for form in page.forms:
            fields = [f for f in form.fields if f.type not in ("hidden", "search", "submit")]
            if not fields:
                continue
            count += 1
            if not ctx.third_party(form.action):
                continue
            entity = ctx.table.lookup(form.action)
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


# --- the judge -------------------------------------------------------------------------------------------


def judge(evidence: Evidence, knowledge: Any) -> Verdict:
    crawl = evidence.crawl
    pages = [p for p in crawl.pages if not p.is_pdf] if crawl else []
    if not pages:
        raise SkipCheck("no HTML page was fetched")
    browser = evidence.get("browser")
    if not isinstance(browser, BrowserEvidence):
        browser = None
    browser_error = evidence.errors.get("browser")
    if browser_error and "--browser always" in browser_error:
        raise RuntimeError(browser_error)
    table: TrackerTable = knowledge.trackers
    site_hosts = {evidence.target.host} | {host_of(pages[0].url)}
    ctx = Context(evidence, table, {h for h in site_hosts if h}, pages, browser)
    ctx.kinds = {_norm(p.url): p.kind for p in pages}
    if browser:
        for bp in browser.pages:
            ctx.kinds.setdefault(_norm(bp.url), bp.kind)
            if bp.final_url:
                ctx.kinds.setdefault(_norm(bp.final_url), bp.kind)
    sightings = static_sightings(ctx)
    if ctx.browser_ran:
        sightings += browser_sightings(ctx)
    sightings = _dedupe(sightings)
    outcomes = {
        "trackers/ad-pixel": check_ad_pixel(ctx, sightings),
        "trackers/ad-pixel-on-sensitive-page": check_ad_sensitive(ctx, sightings),
        "trackers/analytics-on-sensitive-page": check_analytics_sensitive(ctx, sightings),
        "trackers/session-replay": check_replay(ctx, sightings),
        "trackers/cookie-before-consent": check_cookies(ctx),
        "trackers/form-data-to-third-party": check_form_data(ctx),
        "trackers/sensitive-url-to-third-party": check_sensitive_url(ctx, sightings),
        "trackers/fingerprinting": check_fingerprinting(ctx, sightings),
        "trackers/third-party-embed": check_embeds(ctx, sightings),
        "trackers/form-posts-to-third-party": check_form_posts(ctx),
    }
    findings = [CHECK.judged(rule, outcome) for rule, outcome in outcomes.items()]
    parties: dict[str, dict[str, Any]] = {}
    for s in sightings:
        entry = parties.setdefault(
            s.key,
            {
                "entity": s.entity.name if s.entity else None,
                "owner": s.entity.owner if s.entity else None,
                "country": s.entity.country if s.entity else None,
                "category": s.category,
                "hosts": [],
                "pages": [],
                "seen_by": [],
            },
        )
        for key, value in (("hosts", s.host), ("pages", s.page_url), ("seen_by", s.source)):
            if value not in entry[key]:
                entry[key].append(value)
    data: dict[str, Any] = {
        "mode": "browser" if ctx.browser_ran else "static",
        "third_parties": parties,
        "tracker_table": {"updated": table.updated, "entities": len(table.entities)},
        "filter_lists": [source.name for source in table.lists.sources],
    }
    if table.lists.error:
        data["filter_list_error"] = table.lists.error
    if not ctx.browser_ran:
        data["static_only_reason"] = (
            browser.reason if browser and browser.reason else browser_error or "the browser probe did not run"
        )
    else:
        assert browser is not None
        data["browser"] = {
            "browser": browser.browser,
            "pages": len(browser.pages),
            "requests": len(browser.requests),
            "cookies": len(browser.cookies),
            "canary_fields": len(browser.canaries),
            "screenshots": [s.page_url for s in browser.screenshots],
        }
    return Verdict(findings, data)


def prepare(knowledge: Any) -> None:
    """The filter engines and the Public Suffix List, built while the probes fetch."""
    knowledge.trackers.lists.prepare()
    same_site("prepare.invalid", "www.prepare.invalid")


CHECK = Check(
    id="trackers",
    title="Trackers and third parties",
    category="confidentiality",
    weight=2.0,
    needs=("crawl",),
    wants=("browser",),
    rules=RULES,
    judge=judge,
    version="1.0",
    description="Which third parties learn what on which page, before consent: pixels, analytics, session "
    "recorders, cookies, form data (canary), page addresses, fingerprinting, embeds, form actions.",
    prepare=prepare,
)
