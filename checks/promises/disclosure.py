"""Whether the notice names a recipient, or covers it by a category of recipients it describes."""

from __future__ import annotations

import re

from confaudit.analysis.claims import Recipient
from confaudit.knowledge.domains import site_of

NEGATION = re.compile(r"\b(never|not|no|none|without|nor)\b|n't\b")
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
# categories a general "our service providers" covers; advertising and analytics it does not
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


def mentions(pattern: str, text: str) -> bool:
    """Whether a sentence of the notice mentions the pattern other than in a denial ("we never share with ...")."""
    for line in text.splitlines():
        for m in re.finditer(pattern, line):
            if not NEGATION.search(line[max(0, m.start() - 80) : m.start()]):
                return True
    return False


def named(r: Recipient, text: str) -> bool:
    """Whether the notice names the recipient: its product, its owner or its domain."""
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


def covered(r: Recipient, text: str, generic: bool) -> bool:
    """Named, or covered by a category the notice mentions, or (a processor-like service) by a general
    mention of service providers."""
    by_category = mentions(CATEGORY_WORDS.get(r.category, r"(?!)"), text)
    by_generic = generic and r.category in PROCESSOR_LIKE
    return named(r, text) or by_category or by_generic
