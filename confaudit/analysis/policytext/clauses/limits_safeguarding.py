"""Clause 3 of 24, `limits_safeguarding`: Limits of confidentiality: safeguarding children and vulnerable adults.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

SAFE_VETO = rx(
    r"online privacy protection|coppa|safeguard(ing|s)? (of )?(your|personal|the|our|client|this) "
    r"(data|information|privacy|records|personal)|appropriate safeguards"
)
SPEC = ClauseSpec(
    triggers=(
        "child",
        "minor",
        "vulnerable",
        "elder",
        "abus",
        "neglect",
        "safeguard",
        "protect",
        "mandat",
        "exploit",
        "welfare",
        "care",
        "young",
        "maltreat",
    ),
    veto=SAFE_VETO,
    rules=(
        Rule(
            P,
            rx(
                r"\b(child|children|minor|minors|young (person|people)|vulnerable (adult|person|people|individual)s?|elder(ly)?|"
                r"adults? at risk)\b.{0,80}?\b(abuse|abused|neglect|neglected|maltreat\w*|exploit\w*|being (harmed|hurt)|"
                r"at risk of (significant )?harm|in need of protection|welfare concern|protection (issue|concern)s?)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(abuse|neglect|maltreatment|exploitation)\b.{0,80}?\b(child|children|minor|vulnerable|elder|adult)"
            ),
        ),
        Rule(
            P,
            rx(
                r"child protection|safeguarding (issue|concern|duty|duties|obligation|polic|procedure|children|adults|vulnerable|"
                r"matter|referral|responsibilit|risk|lead|reason)\w*|safeguarding$|mandat(ed|ory) report\w*|"
                r"duty to report"
            ),
        ),
        Rule(
            Q,
            rx(
                r"children act|care act|children and social work act|children \(scotland\) act|\bsafeguarding\b|"
                r"\b(report\w*|suspected|suspicion of) (suspected )?(abuse|neglect|domestic violence)"
            ),
        ),
    ),
)
