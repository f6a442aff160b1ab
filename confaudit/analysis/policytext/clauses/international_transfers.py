"""Clause 16 of 24, `international_transfers`: International transfers.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx
from ..vocabulary import PLACES

SPEC = ClauseSpec(
    triggers=(
        "transfer",
        "outside",
        "overseas",
        "abroad",
        "international",
        "countr",
        "eea",
        "adequacy",
        "contractual",
        "scc",
        "sccs",
        "idta",
        "shield",
        "framework",
        "harbor",
        "harbour",
        "binding",
        "united",
        "jurisdiction",
    ),
    veto=rx(r"regardless of where"),
    rules=(
        Rule(
            P,
            rx(
                r"\b(transfer\w*|stor(e|ed|es|ing)|process\w*|held|hold|host\w*|maintain\w*|located|based|sent|send|moved|"
                r"access\w*)\b.{0,80}?\b(outside (of )?(the |your )?(uk|united kingdom|eea|european economic area|eu|"
                r"european union|europe|country|state|jurisdiction|us|united states)|other countries|another country|"
                r"overseas|abroad|internationally|third countr\w*|countries (other than|outside)|(including|such as|e\.g\.,?)"
                r" the united states)"
            ),
        ),
        Rule(
            P,
            rx(
                r"standard contractual clauses|\bsccs?\b|\bidta\b|international data transfer (agreement|addendum)|adequacy "
                r"(decision|regulations?)|binding corporate rules|data privacy framework|privacy shield|"
                r"(transfer\w*|transferring) (your |the )?(personal )?(data|information) (out of|outside|overseas|"
                r"internationally|abroad|to other countries)|transfer risk assessment"
            ),
        ),
        Rule(Q, rx(r"international (data )?transfers?|safe harbou?r")),
    ),
    extra={
        "place": rx(
            rf"\b(outside (of )?(the |your )?)?({PLACES}|country|state|jurisdiction)\b(?! international data|"
            rf" gdpr| addendum| data protection)"
        ),
        "scc": rx(r"standard contractual clauses|\bsccs?\b|model clauses"),
        "idta": rx(r"\bidta\b|international data transfer (agreement|addendum)"),
        "adequacy": rx(r"adequacy"),
        "bcr": rx(r"binding corporate rules"),
        "dpf": rx(r"data privacy framework|privacy shield|safe harbou?r"),
        "consent": rx(
            r"(consent|agreement) to (such |these |the )?transfers?|represents your agreement|you (consent|agree) to "
            r"(the |this |such )?transfer|by (using|submitting|providing).{0,80}(consent|agree)"
        ),
        "generic": rx(
            r"appropriate safeguards|adequate (safeguards|protection|level of protection)|protected (to|in) the same"
        ),
    },
)
