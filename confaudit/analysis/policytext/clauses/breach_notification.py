"""Clause 22 of 24, `breach_notification`: Data breach notification.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

BREACH_UNLESS = rx(
    r"breach\w* (of )?(your |my |client )?(confidentiality|contract|the terms|these terms|our terms|this agreement|"
    r"trust|duty)|break(ing)? (your )?confidentiality|confidentiality (is|was|will be|may be|would be) breached|"
    r"discuss (any |the )?breach"
)
SPEC = ClauseSpec(
    triggers=("breach", "breaches", "incident", "incidents", "compromise", "compromised"),
    veto=BREACH_UNLESS,
    rules=(
        Rule(
            P,
            rx(
                r"\b(notify|inform|tell|contact|alert|report)\w*\b.{0,80}?\b(breach|security incident|data incident|"
                r"compromise)|\b(breach|security incident|data incident)\w*.{0,80}?\b(notify|inform|tell|contact|alert|"
                r"report)\w*"
            ),
            needs=rx(r"data|security|personal|information|unauthori|incident|breach"),
        ),
        Rule(
            Q,
            rx(
                r"\b(data|security|personal data|privacy) (breach|incident)\w*|breach of (security|data|personal data)|"
                r"\bbreach\b"
            ),
        ),
    ),
)
