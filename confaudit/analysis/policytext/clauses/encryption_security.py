"""Clause 8 of 24, `encryption_security`: Encryption and security measures.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

ENC_PARTIAL_UNLESS = rx(
    r"social security|security number|secure (an |your )?(appointment|booking|place|slot|space)|cannot be guaranteed|"
    r"can't guarantee|cannot guarantee|not (be )?guaranteed|\bno (method|system|transmission)|insecure|non-secure|unsolicited|you (should|must|are responsible)|"
    r"responsible (for|to) keep|protected health information|legally protected|protected characteristic"
)
SPEC = ClauseSpec(
    triggers=(
        "encrypt",
        "tls",
        "ssl",
        "https",
        "aes",
        "bit",
        "end",
        "e2e",
        "rest",
        "transit",
        "transmi",
        "secur",
        "password",
        "passcode",
        "factor",
        "2fa",
        "mfa",
        "firewall",
        "access",
        "hipaa",
        "gdpr",
        "bank",
        "military",
        "safe",
        "protected",
        "industry",
        "measures",
        "cryptograph",
        "pseudonym",
        "locked",
        "unauthori",
        "best",
        "technical",
        "appropriate",
        "rsa",
        "sha",
    ),
    rules=(
        Rule(
            P,
            rx(
                r"\b(tls|ssl|https(?!:/)|aes(-?\d+)?|\d{3}-bit|end[- ]to[- ]end|e2ee|at[- ]rest|in[- ]transit|during transmission|"
                r"in transmission|transport layer security|secure sockets? layer|encrypted (connection|channel|storage|database|"
                r"server|online|service|platform|drive|disk|device|e-?mail|video|chat|messag|form|backup|cloud|files?|notes|"
                r"records|data|communicat|system|software|app)\w*|(is|are|be|been|remain|stay|kept|stored|held|saved|"
                r"transmitted|sent)\s+(\w+\s+){0,2}?encrypted|encrypt(s|ed|ing)? (all |your |the |any |our |client |personal "
                r"|health |sensitive )+\w+|password[- ]protected|passcode[- ]protected|two[- ]factor|2fa|multi[- ]factor|\bmfa|"
                r"role[- ]based access|access controls?|firewalls?|pseudonymi[sz]\w*|encryption (at|in|of|for|keys?)|"
                r"(using|uses|use|with) (strong |industry[- ]standard )?encryption)\b"
            ),
            unless=rx(r"(bank|military)[- ](grade|level)|not (be )?encrypted|isn't encrypted|unencrypted"),
        ),
        Rule(
            Q,
            rx(
                r"\b(secure(ly)?|security (measures?|controls?|procedures?|systems?|safeguards?|practices?|standards?|"
                r"technolog\w*)|safe and secure|protected|safeguards?|hipaa[- ]compliant|gdpr[- ]compliant|(bank|military)[- ]"
                r"(grade|level)|industry[- ]standard|best practices|encryption|encrypted|locked (filing )?cabinet|"
                r"technical and organi[sz]ational measures|appropriate (technical|security) (and organi[sz]ational )?measures)\b"
            ),
            unless=ENC_PARTIAL_UNLESS,
        ),
    ),
    extra={
        "transit": rx(
            r"\b(tls|ssl|https(?!:/)|in[- ]transit|during transmission|in transmission|transport layer|secure sockets?)\b|"
            r"encrypted (connection|channel)|transmi\w* .{0,30}encrypt|encrypt\w* .{0,40}transmi"
        ),
        "rest": rx(
            r"at[- ]rest|encrypted (storage|database|server|drive|disk|device|backup|files?|notes|records|online|"
            r"service|cloud|system)|(stored|kept|held|saved) (\w+ ){0,3}encrypt|encrypt\w* (\w+ ){0,4}(stored|storage|"
            r"database)|\baes"
        ),
        "e2e": rx(r"end[- ]to[- ]end|\be2ee\b"),
    },
)
