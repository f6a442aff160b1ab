"""The headers check: the browser-side protections a confidential service's pages should carry.

Like Mozilla's HTTP Observatory, but judged for confidentiality: a missing Referrer-Policy matters
because a self-assessment page's full URL would reach every third party it loads, and a form that posts
over plain HTTP is critical because what a client types is readable on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from confaudit.api.check import Check, Outcome, SkipCheck
from confaudit.knowledge.domains import is_third_party
from confaudit.model import (
    Evidence,
    EvidenceItem,
    FindingStatus,
    Page,
    PageKind,
    Severity,
)

FAIL, WARN, PASS = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS


SESSION_COOKIE = re.compile(r"sess|sid$|^sid|auth|token|login|jwt|remember|csrf|xsrf", re.I)
UNSAFE_REFERRER = {"unsafe-url", "no-referrer-when-downgrade"}
KNOWN_REFERRER = UNSAFE_REFERRER | {
    "no-referrer",
    "same-origin",
    "origin",
    "strict-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
}
ACTIVE = {"script", "iframe", "stylesheet", "embed", "object", "font"}


CHECK = Check(
    id="headers",
    title="Security headers and forms",
    category="transport",
    weight=1.0,
    needs=("crawl",),
    version="1.0",
    description="Browser-side protections: CSP, Referrer-Policy, framing, cookies, mixed content, SRI, forms.",
)


@dataclass
class Site:
    """What every headers rule reads: the site's HTML pages and its own host (third parties are the rest)."""

    pages: list[Page]
    host: str


@CHECK.context
def read(evidence: Evidence, knowledge: object) -> Site:
    crawl = evidence.crawl
    pages = [p for p in crawl.pages if not p.is_pdf] if crawl else []
    if not pages:
        raise SkipCheck("no HTML page was fetched")
    return Site(pages, evidence.target.host)


@CHECK.summary
def summary(site: Site, outcomes: dict[str, Outcome]) -> dict[str, int]:
    return {"pages_judged": len(site.pages)}


def _page_item(page: Page, text: str, **data: object) -> EvidenceItem:
    return EvidenceItem("page", text, url=page.url, data={"page_kind": page.kind.value, **data})


def _csp(page: Page) -> str | None:
    header = page.exchange.header_all("content-security-policy")
    meta = page.meta.get("content-security-policy")
    parts = [*header, meta] if meta else header
    return "; ".join(parts) if parts else None


def _directive(csp: str, name: str) -> str | None:
    for piece in csp.split(";"):
        tokens = piece.strip().split()
        if tokens and tokens[0].lower() == name:
            return " ".join(tokens[1:])
    return None


@CHECK.rule(
    "headers/csp-missing",
    "No Content-Security-Policy",
    Severity.MEDIUM,
    rationale=(
        "A Content-Security-Policy limits which scripts may run and where a page may send data, the main "
        "defence against injected scripts reading what clients type."
    ),
    remediation=(
        "Send a Content-Security-Policy header on every page, e.g. in nginx: add_header "
        "Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'; form-action 'self'\" always; "
        "then allow only the third parties you need. A hosted site: ask your provider to enable it."
    ),
    references=["w3c-csp3", "owasp-secure-headers", "gdpr-art-32"],
)
def check_csp(site: Site) -> Outcome:
    pages = site.pages
    missing = [p for p in pages if _csp(p) is None]
    if missing:
        return Outcome(
            FAIL,
            f"{len(missing)} of {len(pages)} pages send no Content-Security-Policy.",
            [_page_item(p, "no Content-Security-Policy header or meta tag") for p in missing],
        )
    weak = []
    for p in pages:
        csp = _csp(p) or ""
        scripts = _directive(csp, "script-src") or _directive(csp, "default-src") or ""
        lowered = scripts.lower()
        if ("'unsafe-inline'" in lowered and "'nonce-" not in lowered and "'sha" not in lowered) or re.search(
            r"(^|\s)(\*|https?:|data:)(\s|$)", lowered
        ):
            weak.append(_page_item(p, f"script sources allow injection: {scripts[:200]}", header=csp[:500]))
    if weak:
        return Outcome(
            WARN,
            "A Content-Security-Policy is sent, but it still lets injected scripts run.",
            weak,
            Severity.LOW,
        )
    return Outcome(PASS, f"All {len(pages)} pages send a Content-Security-Policy that restricts scripts.", [])


def _referrer_policy(page: Page) -> str | None:
    values = [*page.exchange.header_all("referrer-policy")]
    if "referrer" in page.meta:
        values.append(page.meta["referrer"])
    policy = None
    for value in values:
        for token in value.split(","):
            token = token.strip().lower()
            if token in KNOWN_REFERRER:
                policy = token  # the last recognised token wins, as browsers read it
    return policy


def _loads_third_party(page: Page, site_host: str) -> bool:
    urls = [s.src for s in page.scripts if s.src] + [r.url for r in page.resources]
    return any(is_third_party(u, site_host) for u in urls)


@CHECK.rule(
    "headers/referrer-policy-unsafe",
    "Page addresses can leak to third parties",
    Severity.MEDIUM,
    rationale=(
        "Without a strict Referrer-Policy the full address of a page, which can name a condition or an "
        "appointment ('/book/anxiety-assessment?step=2'), is sent to every third party the page loads."
    ),
    remediation=(
        "Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer on booking and intake pages), "
        'e.g. in nginx: add_header Referrer-Policy "strict-origin-when-cross-origin" always;'
    ),
    references=["w3c-referrer-policy", "hhs-ocr-tracking-2024", "gdpr-art-5-1-f"],
)
def check_referrer(site: Site) -> Outcome:
    pages, host = site.pages, site.host
    unsafe, missing = [], []
    severity = Severity.MEDIUM
    for p in pages:
        policy = _referrer_policy(p)
        exposed = p.kind == PageKind.SENSITIVE and _loads_third_party(p, host)
        if policy in UNSAFE_REFERRER:
            unsafe.append(
                _page_item(
                    p, f"Referrer-Policy: {policy} sends the full address to third parties", header=policy
                )
            )
            severity = Severity.HIGH if exposed else severity
        elif policy is None:
            missing.append(_page_item(p, "no Referrer-Policy (browsers fall back to their own default)"))
    if unsafe:
        return Outcome(
            FAIL,
            (
                f"{len(unsafe)} page(s) tell the browser to send their full address, query included, to every "
                "third party they load."
            ),
            unsafe + missing,
            severity,
        )
    if missing:
        return Outcome(
            WARN,
            (
                f"{len(missing)} page(s) set no Referrer-Policy; current browsers then send only the site's name, "
                "but older ones and some embedded browsers send the full address."
            ),
            missing,
            Severity.MEDIUM,
        )
    return Outcome(
        PASS, "Every page sets a Referrer-Policy that keeps page addresses from third parties.", [], severity
    )


@CHECK.rule(
    "headers/nosniff-missing",
    "No X-Content-Type-Options: nosniff",
    Severity.LOW,
    rationale="Without nosniff a browser may run an uploaded or mislabelled file as a script.",
    remediation="Send X-Content-Type-Options: nosniff, e.g. in nginx: add_header X-Content-Type-Options nosniff always;",
    references=["whatwg-fetch-nosniff", "owasp-secure-headers"],
)
def check_nosniff(site: Site) -> Outcome:
    pages = site.pages
    missing = [
        p for p in pages if (p.exchange.header("x-content-type-options") or "").strip().lower() != "nosniff"
    ]
    if missing:
        return Outcome(
            FAIL,
            f"{len(missing)} of {len(pages)} pages lack X-Content-Type-Options: nosniff.",
            [
                _page_item(
                    p, f"X-Content-Type-Options: {p.exchange.header('x-content-type-options') or '(absent)'}"
                )
                for p in missing
            ],
        )
    return Outcome(PASS, "Every page sends X-Content-Type-Options: nosniff.", [])


def _frame_protected(page: Page) -> bool:
    xfo = (page.exchange.header("x-frame-options") or "").strip().lower()
    if xfo in ("deny", "sameorigin"):
        return True
    csp = "; ".join(
        page.exchange.header_all("content-security-policy")
    )  # meta CSP cannot set frame-ancestors
    ancestors = _directive(csp, "frame-ancestors") if csp else None
    return (
        ancestors is not None
        and "*" not in ancestors
        and "http:" not in ancestors
        and "https:" not in ancestors.split()
    )


@CHECK.rule(
    "headers/framing-allowed",
    "Pages can be framed by other sites",
    Severity.MEDIUM,
    rationale="A page that any site can frame can be overlaid to trick a client into typing into it (clickjacking).",
    remediation=(
        "Send Content-Security-Policy: frame-ancestors 'self' (and X-Frame-Options: SAMEORIGIN for old "
        "browsers)."
    ),
    references=["rfc-7034", "w3c-csp3-frame-ancestors", "owasp-clickjacking"],
)
def check_framing(site: Site) -> Outcome:
    pages = site.pages
    open_pages = [p for p in pages if not _frame_protected(p)]
    if not open_pages:
        return Outcome(PASS, "Every page refuses to be framed by other sites.", [], Severity.MEDIUM)
    with_forms = [p for p in open_pages if p.forms]
    severity = Severity.MEDIUM if with_forms else Severity.LOW
    items = [
        _page_item(
            p, "neither X-Frame-Options nor CSP frame-ancestors" + (" (page has a form)" if p.forms else "")
        )
        for p in open_pages
    ]
    return Outcome(
        FAIL,
        f"{len(open_pages)} page(s) can be framed by any site, {len(with_forms)} of them with forms.",
        items,
        severity,
    )


@CHECK.rule(
    "headers/cookie-insecure",
    "Cookies without Secure, HttpOnly or SameSite",
    Severity.MEDIUM,
    rationale=(
        "A cookie without Secure can travel over plain HTTP; a session cookie without HttpOnly can be read by "
        "any script on the page; without SameSite it is sent on requests other sites start."
    ),
    remediation=(
        "Set cookies with Secure; HttpOnly (for session and login cookies); SameSite=Lax or Strict, e.g. in "
        "PHP session.cookie_secure=1, session.cookie_httponly=1, session.cookie_samesite=Lax."
    ),
    references=["rfc-6265bis", "owasp-session-management", "gdpr-art-32"],
)
def check_cookies(site: Site) -> Outcome:
    pages = site.pages
    problems_fail, problems_warn = [], []
    seen = set()
    count = 0
    for p in pages:
        https = urlsplit(p.url).scheme == "https"
        for c in p.cookies:
            key = (c.name, c.domain, c.path)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            lacks = []
            if https and not c.secure:
                lacks.append("Secure")
            if SESSION_COOKIE.search(c.name) and not c.http_only:
                lacks.append("HttpOnly")
            data = {
                "name": c.name,
                "domain": c.domain,
                "secure": c.secure,
                "http_only": c.http_only,
                "same_site": c.same_site,
                "set_by": c.set_by,
            }
            if lacks:
                problems_fail.append(
                    EvidenceItem("cookie", f"cookie {c.name} lacks {', '.join(lacks)}", p.url, data)
                )
            elif c.same_site is None or (c.same_site == "none" and not c.secure):
                problems_warn.append(
                    EvidenceItem("cookie", f"cookie {c.name} sets no usable SameSite", p.url, data)
                )
    if problems_fail:
        return Outcome(
            FAIL,
            f"{len(problems_fail)} of {count} cookies lack protections they need.",
            problems_fail + problems_warn,
        )
    if problems_warn:
        return Outcome(
            WARN, f"{len(problems_warn)} of {count} cookies set no SameSite attribute.", problems_warn
        )
    if count == 0:
        return Outcome(PASS, "The server set no cookies on the pages visited.", [])
    return Outcome(
        PASS, f"All {count} cookies the server set carry Secure, HttpOnly where needed, and SameSite.", []
    )


@CHECK.rule(
    "headers/mixed-content",
    "HTTPS pages load content over plain HTTP",
    Severity.HIGH,
    rationale=(
        "An HTTPS page that loads scripts, frames or styles over plain HTTP can be rewritten by anyone on the "
        "network, which undoes the encryption the page promises."
    ),
    remediation="Load every resource over https:// (or send Content-Security-Policy: upgrade-insecure-requests).",
    references=["w3c-mixed-content", "gdpr-art-32-1-a"],
)
def check_mixed(site: Site) -> Outcome:
    pages = site.pages
    active, passive = [], []
    for p in pages:
        if urlsplit(p.url).scheme != "https":
            continue
        for s in p.scripts:
            if s.src and s.src.startswith("http://"):
                active.append(
                    EvidenceItem("resource", f"script {s.src}", p.url, {"kind": "script", "src": s.src})
                )
        for r in p.resources:
            if r.url.startswith("http://") and r.kind not in ("preconnect",):
                item = EvidenceItem("resource", f"{r.kind} {r.url}", p.url, {"kind": r.kind, "src": r.url})
                (active if r.kind in ACTIVE else passive).append(item)
    if active:
        return Outcome(
            FAIL,
            f"HTTPS pages load {len(active)} script(s), frame(s) or style(s) over plain HTTP.",
            active + passive,
        )
    if passive:
        return Outcome(WARN, f"HTTPS pages load {len(passive)} image(s) or media over plain HTTP.", passive)
    return Outcome(PASS, "HTTPS pages load everything over HTTPS.", [])


@CHECK.rule(
    "headers/sri-missing",
    "Third-party scripts without integrity checks",
    Severity.MEDIUM,
    rationale=(
        "A script loaded from another company's server runs with full access to the page; if that server is "
        "compromised, so is every form on the page. Subresource Integrity pins the exact file."
    ),
    remediation=(
        'Add integrity="sha384-..." crossorigin="anonymous" to third-party <script> tags, or host the '
        "scripts yourself."
    ),
    references=["w3c-sri", "owasp-third-party-javascript"],
)
def check_sri(site: Site) -> Outcome:
    pages, host = site.pages, site.host
    missing: dict[str, EvidenceItem] = {}
    total = set()
    for p in pages:
        for s in p.scripts:
            if s.src and is_third_party(s.src, host):
                total.add(s.src)
                if not s.integrity and s.src not in missing:
                    missing[s.src] = EvidenceItem(
                        "script", f"<script src={s.src}> without integrity", p.url, {"src": s.src}
                    )
    if missing:
        return Outcome(
            FAIL,
            f"{len(missing)} of {len(total)} third-party scripts load without an integrity check.",
            list(missing.values()),
        )
    if total:
        return Outcome(PASS, f"All {len(total)} third-party scripts carry an integrity check.", [])
    return Outcome(PASS, "No third-party scripts are loaded from the pages visited.", [])


@CHECK.rule(
    "headers/form-insecure-action",
    "A form sends what clients type over plain HTTP",
    Severity.CRITICAL,
    rationale=(
        "A form that posts over plain HTTP, or sits on a page served over plain HTTP, sends names, contact "
        "details and whatever a client writes about their health readable by anyone on the network."
    ),
    remediation="Serve every page over HTTPS, redirect HTTP to HTTPS, and make every form action an https:// URL.",
    references=["gdpr-art-32-1-a", "hipaa-164-312-e-1", "bacp-ef-gp-55"],
)
def check_forms(site: Site) -> Outcome:
    pages = site.pages
    bad = []
    count = 0
    for p in pages:
        for f in p.forms:
            fields = [x for x in f.fields if x.type not in ("hidden", "search")]
            if not fields:
                continue
            count += 1
            names = ", ".join((x.label or x.name or x.type)[:30] for x in fields[:6])
            data = {"action": f.action, "method": f.method, "fields": names}
            if f.action.startswith("http://"):
                bad.append(EvidenceItem("form", f"form posts to {f.action} (fields: {names})", p.url, data))
            elif p.url.startswith("http://"):
                bad.append(EvidenceItem("form", f"form on a plain-HTTP page (fields: {names})", p.url, data))
    if bad:
        return Outcome(FAIL, f"{len(bad)} form(s) send what clients type over plain HTTP.", bad)
    if count:
        return Outcome(PASS, f"All {count} forms found are on HTTPS pages and post over HTTPS.", [])
    return Outcome(PASS, "No forms that take personal details were found.", [])
