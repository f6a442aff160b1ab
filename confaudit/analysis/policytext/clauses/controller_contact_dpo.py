"""Clause 19 of 24, `controller_contact_dpo`: Controller identity and contact / DPO.

Only `extra` tables: detect._controller weighs a named controller above an ICO number or bare
contact details.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, rx

SPEC = ClauseSpec(
    triggers=(
        "controller",
        "dpo",
        "officer",
        "representative",
        "registered",
        "ico",
        "commissioner",
        "registration",
        "register",
        "postcode",
    ),
    extra={
        "controller": rx(
            r"\b(data )?controllers?\b|data protection officer|\bdpo\b|privacy officer|chief privacy|"
            r"data protection lead|\b(eu|uk|gdpr) representative|article 27 representative"
        ),
        "definition": rx(r"\bmeans\b|refers to|is defined|definition|\bgame\b"),
        "ico": rx(
            r"registered with the (information commissioner|ico)|\bico\b.{0,20}(registration|reg\.?|number|no\.?)|"
            r"registration numbers?.{0,30}\bz[a-z]?\d{6,7}|\bz[a-z]\d{6}\b|\bz\d{7}\b|data protection register"
        ),
        "contact": rx(
            r"[\w.+-]+@[\w-]+\.[\w.-]+|(\+44|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\(\d{3}\)\s?\d{3}-\d{4}|"
            r"\b\d{3}-\d{3}-\d{4}\b|\b[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}\b.{0,3}$"
        ),
    },
)
