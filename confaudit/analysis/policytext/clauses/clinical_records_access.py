"""Clause 10 of 24, `clinical_records_access`: Clinical notes and access to them.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

RECORDS_UNLESS = rx(
    r"\bcourt\b|subpoena|\bjudge\b|\bpolice\b|(gp|doctor)'?s? (records|notes)|we (may )?(request|obtain) (your|the)"
)
SPEC = ClauseSpec(
    triggers=(
        "notes",
        "note",
        "record",
        "file",
        "access",
        "copy",
        "copies",
        "inspect",
        "view",
        "see",
        "subject",
    ),
    rules=(
        Rule(
            P,
            rx(
                r"\b(see|access|view|read|inspect|copy|copies|request|obtain|receive|download|export|ask (to see|for))\w*\b.{0,50}?\b(your|"
                r"the|my|any|these|those|their) (\w+ )?(notes|records|files?|clinical information|health information|"
                r"medical information|record)\b"
            ),
            needs=rx(r"\bright|\bcan\b|\bmay\b|\bable\b|entitled|\brequest|\bask\b|\byou\b"),
            unless=RECORDS_UNLESS,
        ),
        Rule(
            P,
            rx(
                r"right to (inspect|access|see|obtain|receive|get|request|a copy)\b.{0,60}?(records?|notes|health information|"
                r"medical|clinical|file)"
            ),
        ),
        Rule(
            Q,
            rx(
                r"\b(session|clinical|case|counsell?ing|therapy|therapeutic|client|medical|health|treatment|psychotherapy|"
                r"progress|process|brief|written|handwritten|paper|anonymous|anonymi[sz]ed|contemporaneous) (notes|records)\b|"
                r"\b(keep|kept|make|made|write|written|take|taken|store|stored|hold|held)\b.{0,20}?\bnotes\b|"
                r"\byour (notes|records|file)\b|\bmy (session |clinical |case )?notes\b|notes (on|of|about|from) (our |your "
                r"|the )?(sessions?|counsell?ing|therapy|work)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(ask|request|welcome|entitled|able|free) to (see|read|view|access|have a copy of|get a copy of) (them|these|those|it)\b"
            ),
            ctx=rx(r"\bnotes\b|\brecords?\b|\bfile\b"),
        ),
        Rule(
            Q,
            rx(
                r"right (of|to) (access|be provided with a copy)|subject access|(a )?copy of (all )?(the |your )?(personal )?"
                r"(data|information)\b|right to (obtain|request) (a copy|access)"
            ),
        ),
    ),
)
