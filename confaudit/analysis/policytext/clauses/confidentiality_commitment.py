"""Clause 1 of 24, `confidentiality_commitment`: Confidentiality commitment.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

CONF_EXCL = rx(
    r"confidentiality (agreement|obligation|undertaking|clause)s?|commercially sensitive|confidentially (shred|destroy|dispos)|"
    r"break(ing|s)? (your |the |client )?confiden|breach(es|ing)? (of )?(your )?confiden|limit(s|ations)? (of|to|on) (the |your |this )?confiden|"
    r"confidentiality (may|might|will|would|can) (need to |have to )?be (broken|breached)|"
    r"\b(gdpr|regulation|legislation|law|act) (ensures|guarantees|makes sure|requires that (your|personal))"
)
SPEC = ClauseSpec(
    triggers=(
        "confiden",
        "eyes",
        "confirm",
        "between",
        "tell",
        "disclos",
        "divulg",
        "reveal",
        "share",
        "pass",
        "releas",
        "duty",
        "owe",
        "maintain",
        "stay",
        "room",
        "secrecy",
        "nothing",
        "further",
        "bound",
    ),
    veto=CONF_EXCL,
    rules=(
        Rule(
            P,
            rx(
                r"\b(remains?|remain|be kept|kept|keeps?|keeping|be treated|treated|treat|be held|held|hold|holds|stays?|"
                r"treats)\s+(\w+\s+){0,5}?(strict(est|ly)?\s+|complete(ly)?\s+|total\s+|absolute\s+)?confiden(tial|ce)\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(maintain|maintains|maintaining|preserve|preserves|preserving|keep|honou?r|respect|protect|"
                r"safeguard)s?\s+(the\s+|your\s+|clients?'?\s+|my clients'?\s+)(\w+\s+)?(confidentiality|confidence)\b"
            ),
            unless=rx(r"committed to|strive|aim to|try to|our best|endeavou?r"),
        ),
        Rule(P, rx(r"\bmaintain\w* the privacy (and security )?of (your|the|client)")),
        Rule(
            P,
            rx(
                r"duty of (confidentiality|confidence)|\bowe[sd]? (you )?a duty|confidentiality is (a |an )?"
                r"(legal |professional |ethical )?(duty|obligation)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(stays?|remains?|kept|is|are) (strictly )?between (us|you and (me|your|the|us)|the two of (us|you))\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(stays?|remains?|kept|staying) (with)?in (the|this|our|the therapy|the counselling) (room|sessions?)\b|"
                r"goes no further|(professional|medical|patient|therapist|doctor)[- ](secrecy|confidentiality)|"
                r"(duty|obligation|oath) of (professional )?secrecy|bound by (\w+ )?(secrecy|confidentiality)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\bnothing (that )?(you|we) (say|said|discuss|share|tell|talk about|bring)\b.{0,80}?\b(passed on|shared|"
                r"disclosed|repeated|told|revealed|released)\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"neither confirm nor deny|\b(not|never)\b (\w+ ){0,3}confirm (to (anyone|anybody|others|third parties) )?(that "
                r"|whether )?(you|someone|a person|anyone)"
                r"( is| are| were| was| have been)? (a |my |our )?(client|patient)|confirm or deny"
            ),
        ),
        Rule(
            P,
            rx(
                r"for (my|our) eyes only|only (be )?(seen|read|accessed|viewed) by (me|your (counsel|therap|psycho)\w*)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(will not|won't|never|do not|don't|shall not|cannot|nor)\s+(\w+\s+){0,3}?(tell|disclose|share|pass on|reveal|"
                r"divulge|release|discuss)\b.{0,80}?\b(anyone|anybody|any third part|third part|others|other people|"
                r"what we (talk|discuss)|what you (say|tell|share)|personal things|(your|any|client) (personal |health |"
                r"clinical )?(information|details|data|records|notes))"
            ),
            unless=rx(r"\bsell|\bsold\b|\brent|advertis|marketing|credit card|payment|login|password|cookie"),
        ),
        Rule(
            P,
            rx(
                r"(what you (say|tell|share|discuss)|what we (talk about|discuss)|(everything|anything)( that)? (you|we|is)|"
                r"your (sessions?|conversations?|communications?|details|disclosures)|(our|the|all) (sessions?|conversations?|"
                r"work together|counsell?ing|therapy)).{0,80}?\b(is|are|will be|remains?|will remain|stays?|will stay|be)\s+"
                r"(\w+\s+){0,2}?(strictly\s+|kept\s+|treated\s+as\s+|completely\s+)?confidential\b"
            ),
        ),
        Rule(
            Q,
            rx(
                r"committed to (\w+\s+){0,4}?confiden|confiden\w* (and privacy )?(is|are) (very |extremely |really |so |of )?"
                r"(important|essential|central|fundamental|paramount|key|vital|crucial|utmost|at the heart|the foundation|"
                r"the cornerstone|the basis)|privacy and confidentiality (is|are)|importance of confidentiality|"
                r"confidentiality (is|remains) (a |our )?(priority|commitment)|confidential (service|environment|space|setting)"
            ),
        ),
    ),
)
