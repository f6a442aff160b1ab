"""Clause 4 of 24, `limits_legal_obligation`: Limits of confidentiality: legal obligation.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

SPEC = ClauseSpec(
    triggers=(
        "court",
        "subpoena",
        "summons",
        "warrant",
        "law",
        "legal",
        "legally",
        "terror",
        "launder",
        "traffick",
        "crime",
        "criminal",
        "police",
        "enforcement",
        "statut",
        "illegal",
        "unlawful",
        "testif",
        "judge",
        "oblig",
        "compel",
        "proceeding",
        "permit",
        "cooperat",
        "mandat",
        "require",
        "lawful",
    ),
    rules=(
        Rule(
            P,
            rx(
                r"court order|order\w* (by|of) (a|the) court|court[- ]ordered|subpoena|witness summons|\bsummons\b|"
                r"\bwarrant\b|court proceedings|legal proceedings|(civil|criminal) (court )?proceedings|\bjudge\b|\btestify|"
                r"terroris|money[- ]launder|drug[- ]traffick|proceeds of crime|serious crime act|road traffic act"
            ),
        ),
        Rule(
            P,
            rx(
                r"(required|obliged|compelled|obligated|mandated|bound) (to (do so )?)?by (the )?law|\blaw requires|"
                r"legally (required|obliged|bound|compelled|obligated)|\bbound by (the )?law|legal (obligation|duty|"
                r"requirement)s?|comply with (the law|(a |any |our |applicable )?(legal|law)|applicable laws?)|"
                r"break the law|illegal (acts?|activit)|criminal (act|activit|offen)|law enforcement|\bpolice\b|"
                r"statutory (obligation|duty|requirement)|required to (disclose|report|share|inform|release)|"
                r"where (the )?law requires|obliged to (disclose|report|share)|under (a )?legal obligation"
            ),
            needs=rx(
                r"disclos|\bshar|releas|inform|report|provid|\bpass|break|confiden|testif|exchang|hand|reveal|\btell|"
                r"notif|respond|cooperat|\bgiv"
            ),
            unless=rx(
                r"legitimate interest|performance of|lawful basis|legal basis|keep (your )?(records|data)|"
                r"retain|retention|\btax\b|accounting|permitted by law|to notify you|breach|cooperat|you (may )?(be|are) "
                r"required to"
            ),
        ),
        Rule(
            Q,
            rx(
                r"permitted by law|as (the )?law (allows|permits)|cooperat\w* with (government|law|the police|authorities|"
                r"public authorities)|lawful (request|requests)|legal process|public authorit\w*|governmental request"
            ),
            needs=rx(r"disclos|\bshar|releas|inform|report|provid|\bpass|respond|cooperat|exchang|\bgiv"),
        ),
    ),
)
