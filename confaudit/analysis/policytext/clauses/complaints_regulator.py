"""Clause 20 of 24, `complaints_regulator`: Right to complain to the regulator.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx
from ..vocabulary import UK_BODIES

REGULATOR = (
    r"\bico\b|information commissioner|supervisory authorit\w*|data protection authorit\w*|data protection "
    r"commission|secretary of (the )?(u\.s\. )?(department of )?health|health and human services|\bhhs\b|"
    r"office for civil rights|\bocr\b|attorney general|\bcnil\b"
)
SPEC = ClauseSpec(
    triggers=(
        "complain",
        "complaint",
        "complaints",
        "ico",
        "commissioner",
        "supervisory",
        "authority",
        "hhs",
        "ocr",
        "regulator",
        "lodge",
        "retaliat",
        "concerns",
        "unhappy",
    ),
    veto=rx(
        r"respond to (any )?(questions, )?complaints|complaints or claims|registered with|registration number|"
        r"enforced by|regulated by"
    ),
    rules=(
        Rule(
            P,
            rx(
                rf"complain\w*.{{0,140}}?({REGULATOR})|({REGULATOR}).{{0,140}}?complain|ico\.org\.uk/(concerns|"
                rf"make-a-complaint)|retaliat\w* .{{0,60}}(complain|fil)|(contact|write to|report to) the ({REGULATOR})"
            ),
        ),
        Rule(
            Q,
            rx(
                r"(make|raise|lodge|file|have|submit) a complaint|complaints? (procedure|process|policy)|if you (are "
                r"unhappy|have (a|any) (concerns?|complaints?))|right to complain"
            ),
            unless=rx(rf"\b({UK_BODIES})\b"),
        ),
    ),
)
