"""Clause 11 of 24, `retention_period`: Retention period.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

_NUM = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty[- ]five|thirty|fifty)"
RET_VERB = rx(
    r"\bkeep|\bkept\b|retain|retention|\bstor(e|ed|es|age)\b|\bhold\b|\bheld\b|delet|destroy|eras(e|ed|ure)|"
    r"dispos|shred|remov|purg|archiv|persist"
)
SPEC = ClauseSpec(
    triggers=(
        "keep",
        "kept",
        "retain",
        "retention",
        "store",
        "stored",
        "hold",
        "held",
        "delet",
        "destr",
        "eras",
        "dispos",
        "shred",
        "remov",
        "purg",
        "archiv",
        "year",
        "month",
        "duration",
        "long",
        "period",
        "birthday",
        "persist",
    ),
    rules=(
        Rule(
            P,
            rx(rf"\b{_NUM}\s*(\(\d+\)\s*)?(full |calendar )?(years?|months?|weeks?|days?)\b"),
            needs=RET_VERB,
            unless=rx(
                r"within (\d+|one|a|thirty) (calendar )?(month|days?|weeks?) of (receiv|your request|receipt|the request)|"
                r"\brespond|\breply|notice period|cancel|\bper (year|month)|in a year|years? old|\baged?\b|"
                r"under the age|once a (year|month)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(delet|destroy|eras|shred|dispos|remov|purg)\w*\b.{0,60}?\b(when|once|after|at the end of|on (completion|"
                r"termination)|as soon as|within|until)\b"
            ),
            unless=rx(
                r"when you delete|if you (ask|request|want|wish)|you (can|may) (ask|request)|right to|upon (your )?"
                r"request|at your request|on request|you (delete|close)|cookie"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(keep|kept|retain|retained|store|stored|hold|held)\b.{0,60}?\b(for the duration of|until (the end|your|we|"
                r"the child|they|you|my|our)|while we (are )?(working|work)|during (our|the) (work|therapy|counsell?ing|"
                r"sessions)|for as long as (your account|you (are|remain)|we (are )?provid))"
            ),
        ),
        Rule(P, rx(r"\b\d{2}(st|nd|rd|th) birthday")),
        Rule(
            Q,
            rx(
                r"as long as (is |it is )?(necessary|needed|required|reasonabl|appropriate)|no longer than (is )?"
                r"(necessary|needed|required)|longer than (is )?(necessary|needed|required)|reasonable (period|time)|"
                r"retention (period|schedule|polic)\w*|\bretain\w* (your |the |all |such )?(personal )?(records|data|"
                r"information|notes)"
            ),
        ),
    ),
)
