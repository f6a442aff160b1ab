"""Which pages matter: the privacy notice, and the pages where a client books, is taken in or assessed.

Trackers on a booking or self-assessment page are judged more severely than on the home page, as the
FTC and HHS did, so the crawl visits these first and labels them with the reasons it saw.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from confaudit.model import Form, PageKind

POLICY_WORDS = re.compile(
    r"privacy|confidentiality|data[\s_-]*protection|cookie[\s_-]*(policy|notice|statement)|\bcookies\b|gdpr|"
    r"hipaa|notice[\s_-]*of[\s_-]*privacy|fair[\s_-]*processing|\bterms\b",
    re.I,
)
POLICY_STRONG = re.compile(
    r"privacy|confidentiality|data[\s_-]*protection|cookie[\s_-]*(policy|notice)|gdpr|hipaa|fair[\s_-]*processing",
    re.I,
)
SENSITIVE_WORDS = re.compile(
    r"\bbook(ing|ings)?\b|appointment|schedul|intake|referr(al|als)|refer[\s_-]*(yourself|a)|self[\s_-]*refer|"
    r"self[\s_-]*assess|assessment|screening|questionnaire|phq[\s_-]*9|gad[\s_-]*7|symptom|\bcontact\b|"
    r"get[\s_-]*(started|in[\s_-]*touch|help)|sign[\s_-]*up|signup|register|enrol|new[\s_-]*client|consultation|"
    r"mood[\s_-]*(check|test|quiz)|depression[\s_-]*(test|quiz)|anxiety[\s_-]*(test|quiz)",
    re.I,
)
SENSITIVE_FIELDS = re.compile(
    r"symptom|diagnos|medicat|mood|feeling|suicid|self[\s_-]*harm|phq|gad|anxiety|depress|therap|concern|"
    r"reason|history|date[\s_-]*of[\s_-]*birth|\bdob\b|gender|phone|\btel\b|message|appointment|insurance",
    re.I,
)
USUAL_POLICY_PATHS = ("/privacy", "/privacy-policy", "/privacy-notice", "/legal/privacy", "/confidentiality")


def _url_words(url: str) -> str:
    parts = urlsplit(url)
    return unquote(f"{parts.path} {parts.query}").replace("/", " ")


def link_priority(url: str, text: str) -> int:
    """0 for policy links, 1 for sensitive pages, 2 for the rest: the crawl visits in this order."""
    words = f"{_url_words(url)} {text}"
    if POLICY_WORDS.search(words):
        return 0
    if SENSITIVE_WORDS.search(words):
        return 1
    return 2


def is_policy_link(url: str, text: str) -> bool:
    return bool(POLICY_STRONG.search(f"{_url_words(url)} {text}"))


def classify(
    url: str,
    *,
    is_home: bool,
    title: str | None,
    headings: list[str],
    forms: list[Form],
    link_texts: list[str],
    is_pdf: bool,
) -> tuple[PageKind, list[str]]:
    """The page's kind and the reasons for it (shown as evidence)."""
    reasons: list[str] = []
    url_text = _url_words(url)
    if is_home:
        return PageKind.HOME, ["the site's entry page"]
    policy_sources = [("URL", url_text), ("title", title or "")] + [("link text", t) for t in link_texts]
    for where, text in policy_sources:
        m = POLICY_STRONG.search(text)
        if m:
            reasons.append(f"{where} mentions '{m.group(0)}'")
            break
    if not reasons and is_pdf:
        for text in link_texts:
            if POLICY_WORDS.search(text):
                reasons.append(f"PDF linked as '{text[:60]}'")
                break
    if reasons:
        return PageKind.POLICY, reasons
    sensitive_sources = [("URL", url_text), ("title", title or "")] + [("heading", h) for h in headings[:10]]
    for where, text in sensitive_sources:
        m = SENSITIVE_WORDS.search(text)
        if m:
            reasons.append(f"{where} mentions '{m.group(0)}'")
            break
    personal = [f for form in forms for f in form.fields if f.type not in ("hidden", "search")]
    hits = [f for f in personal if SENSITIVE_FIELDS.search(f"{f.name} {f.label or ''}")]
    if len(personal) >= 2 and hits:
        names = ", ".join(sorted({(f.label or f.name)[:30] for f in hits})[:5])
        reasons.append(f"a form asks for {names}")
    if reasons:
        return PageKind.SENSITIVE, reasons
    return PageKind.OTHER, []
