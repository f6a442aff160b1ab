"""Clause 12 of 24, `third_party_processors`: Recipients and processors.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

import re

from ..matcher import ClauseSpec, P, Q, Rule, rx

VENDORS = (
    r"zoom|microsoft teams|ms teams|skype|doxy\.me|doxy|vsee|google(?!\s*analytics|\s*ads|\s*tag|\s*chrome|\.com/analytics)|gmail|"
    r"g suite|wix(\.com)?|squarespace|wordpress|weebly|godaddy|stripe|paypal|mailchimp|sendgrid|twilio|amazon web services|"
    r"aws|azure|microsoft|onedrive|office 365|microsoft 365|dropbox|icloud|calendly|acuity|simplepractice|simple practice|"
    r"therapynotes|writeupp|cliniko|power ?diary|practice better|jane app|xero|quickbooks|salesforce|zendesk|intercom|"
    r"hubspot|cloudflare|heroku|vimeo|whatsapp|zapier|typeform|jotform|protonmail|proton mail|hushmail|tutanota|egress|"
    r"pabau|carepatron|theranest|mindbody|shopify|sessions health|halaxy|semble|bookwhen|setmore|youcanbook\.me|"
    r"nhs mail|nhsmail|docusign|mailerlite|convertkit|sumup|gocardless|square up|doctolib"
)
VENDOR_WORDS = {
    w
    for w in re.findall(r"[a-z0-9]+", VENDORS)
    if len(w) > 2
    and w
    not in (
        "analytics",
        "ads",
        "tag",
        "chrome",
        "com",
        "web",
        "services",
        "app",
        "teams",
        "mail",
        "suite",
        "health",
        "better",
        "up",
        "practice",
        "simple",
        "diary",
        "power",
        "office",
        "square",
        "jane",
        "sessions",
        "nhs",
        "you",
    )
}
VENDOR_WORDS |= {"g", "ms", "nhsmail", "aws"}
SPEC = ClauseSpec(
    triggers=(
        "zoom",
        "microsoft",
        "ms",
        "skype",
        "doxy",
        "vsee",
        "google",
        "gmail",
        "g",
        "wix",
        "squarespace",
        "wordpress",
        "weebly",
        "godaddy",
        "stripe",
        "paypal",
        "mailchimp",
        "sendgrid",
        "twilio",
        "amazon",
        "aws",
        "azure",
        "onedrive",
        "dropbox",
        "icloud",
        "calendly",
        "acuity",
        "simplepractice",
        "therapynotes",
        "writeupp",
        "cliniko",
        "powerdiary",
        "xero",
        "quickbooks",
        "salesforce",
        "zendesk",
        "intercom",
        "hubspot",
        "cloudflare",
        "heroku",
        "vimeo",
        "whatsapp",
        "zapier",
        "typeform",
        "jotform",
        "proton",
        "hushmail",
        "tutanota",
        "egress",
        "pabau",
        "carepatron",
        "theranest",
        "mindbody",
        "shopify",
        "halaxy",
        "semble",
        "bookwhen",
        "setmore",
        "youcanbook",
        "nhs",
        "nhsmail",
        "docusign",
        "mailerlite",
        "convertkit",
        "sumup",
        "gocardless",
        "doctolib",
        "provider",
        "processor",
        "sub",
        "vendor",
        "supplier",
        "contractor",
        "agent",
        "third",
        "3rd",
        "partner",
        "affiliate",
        "subsidiar",
        "companies",
        "recipient",
        "cloud",
        "encrypted",
        "external",
        "hosting",
        "outside",
        "organisations",
        "organizations",
    ),
    rules=(
        Rule(
            P,
            rx(rf"\b({VENDORS})\b"),
            gate=frozenset(VENDOR_WORDS),
            needs=rx(
                r"\b(use|uses|using|used|via|through|by|hosted|hosting|host|stor\w*|held|process\w*|powered|platform|"
                r"software|service|provider|conducted|carried out|delivered|app|tool|account|system)\b"
            ),
            unless=rx(
                r"trademark|is a registered|safe harbou?r|follow us|like us|\blink(s|ed)? to\b|google\.com/analytics"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(service providers?|third[- ]party (service providers?|companies|vendors|processors|suppliers|contractors|"
                r"providers|service suppliers)|(data )?processors|sub-?processors|vendors|suppliers|contractors|"
                r"(categories of )?recipients)\b"
            ),
            ctx=rx(
                r"employ|engage|\buse\b|\bshar|rely|work with|appoint|include|such as|e\.g\.|\beg\b|:|provid|perform|"
                r"\bhost|process|help"
            ),
            unless=rx(r"we do not (use|share|engage)|are not (processors|vendors)"),
        ),
        Rule(P, rx(r"\b(share|disclose|pass)\w* (\w+ ){0,3}(data|information|details) (with|to):")),
        Rule(
            Q,
            rx(
                r"\bthird[- ]part(y|ies)|\b3rd[- ]part(y|ies)|\baffiliates\b|\bsubsidiaries\b|group companies|\bpartners\b|"
                r"\b(online|cloud|web[- ]based|encrypted|external|hosting|it) (service|platform|storage|system|provider|"
                r"software)s?\b|outside (organisations|organizations|companies|agencies)"
            ),
            needs=rx(
                r"service|provider|process|\bhost|\bstor(e|ed|age)|platform|software|tools?\b|technolog|vendor|supplier|"
                r"to (help|assist|enable|translate|operate|facilitate|provide|deliver|perform|run)|on (our|my) behalf|"
                r"maintain"
            ),
            unless=rx(
                r"consent|permission|confirm|deny|\bcourt\b|\blaw\b|legally|\brisk\b|\bharm\b|subpoena|police|"
                r"safeguard|abuse|links? to|third[- ]party (websites?|sites?|links?)|not (responsible|covered)|(do not|don't|never|will not|won't|"
                r"\bnor\b|not) (\w+ ){0,2}(sell|share|disclose|pass|send)|we do not have (access|control)|cookies"
            ),
        ),
    ),
)
