"""Clause 17 of 24, `data_residency_claim`: Data residency claim.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Rule, rx
from ..vocabulary import PLACES

SPEC = ClauseSpec(
    triggers=(
        "stored",
        "store",
        "stores",
        "hosted",
        "host",
        "hosting",
        "held",
        "kept",
        "processed",
        "located",
        "server",
        "servers",
        "reside",
        "resides",
        "housed",
        "centre",
        "center",
        "centres",
        "centers",
        "based",
        "saved",
        "remain",
        "remains",
        "uk",
        "eu",
        "us",
        "european",
        "british",
    ),
    veto=rx(
        r"regardless of where|company (is )?based|we are (a )?(uk|us|eu|british)?[- ]?based|(practice|office|clinic|"
        r"business|i am|we are) (is |are )?(based|located) in|registered in|incorporated in"
    ),
    rules=(
        Rule(
            P,
            rx(
                rf"\b(stored|store[sd]?|storing|hosted|host|held|kept|processed|located|resides?|housed|remains?|saved|"
                rf"based|situated)\b.{{0,40}}?\b(in|within|on|inside)\b (the )?({PLACES}|the country where it was "
                rf"collected)\b"
            ),
            needs=rx(
                r"data|information|records|notes|servers?|files|databases?|recordings|backups|cloud|hosting|hosted|stored|"
                r"details"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(uk|eu|us|european|british|eea)[- ](based |hosted )?(servers?|data cent\w+|hosting|cloud|data storage)"
            ),
        ),
    ),
    extra={
        "place": rx(rf"\b(?<!outside )(?<!outside the )({PLACES}|the country where it was collected)\b"),
        "hedge": rx(
            r"\b(may|might|could|sometimes|some of|primarily|mainly|mostly|generally|usually|where possible|as well as|"
            r"and other|other countries|including)\b"
        ),
        "process": rx(r"\bprocess"),
    },
)
