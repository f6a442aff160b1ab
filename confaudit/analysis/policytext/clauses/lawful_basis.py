"""Clause 24 of 24, `lawful_basis`: Lawful basis (Art. 6 and Art. 9).

Only `extra` tables: detect._lawful needs an Art. 6 basis and an Art. 9 condition for present.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, rx

SPEC = ClauseSpec(
    triggers=(
        "legitimate",
        "contract",
        "vital",
        "public",
        "article",
        "art",
        "proper",
        "basis",
        "bases",
        "based",
        "grounds",
        "special",
        "explicit",
        "social",
        "diagnosis",
        "occupational",
        "substantial",
        "schedule",
        "sch",
        "9",
        "6",
    ),
    extra={
        "art6": rx(
            r"lawful bas[ie]s|legal bas[ie]s|legal grounds?|lawful grounds?|legitimate interests?|performance of (a |the |"
            r"our )?contract|(necessary|needed) (for|to perform) (the |a |our )?contract|contract (we have|that we "
            r"(may )?have) with you|vital interests?|public (task|interest)|article 6|\bart\.? ?6\b|proper reason|"
            r"(process|processing|use)\w* .{0,40}(on the basis of|based on) (your )?consent|"
            r"\b(we have|there is|under|based on|because of|to fulfil|to perform) (a|our|the|your) contract\b"
        ),
        "art9": rx(
            r"special categor\w*|article 9|\bart\.? ?9\b|9\(2\)\(\w\)|health (or|and) social care|provision of (health|"
            r"social) care|medical diagnosis|preventive or occupational medicine|substantial public interest|"
            r"(schedule 1|sch\.? ?1).{0,40}(dpa|data protection act)|explicit consent"
        ),
        "art9_needs": rx(r"process|\buse|collect|handle|basis|condition|special|rely"),
        "definition": rx(
            r"\bmeans\b|revealing racial|refers to|is defined|includes? (data|information) (about|concerning)"
        ),
    },
)
