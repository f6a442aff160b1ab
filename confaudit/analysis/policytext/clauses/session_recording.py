"""Clause 9 of 24, `session_recording`: Session recording and transcripts.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Rule, rx

SPEC = ClauseSpec(
    triggers=("record", "transcript", "tape", "taping"),
    veto=rx(
        r"session notes|notes? (recording|record)|in (my|our|your) (session |clinical |case )?notes|(record|recorded|recording) (within|in|on) "
        r"(my|our|the|your) (notes|records|file|case)|time recording|record (your|the|their) (name|contact|details|ip|"
        r"address|information|data|attendance)|record[- ]keeping|(medical|health|client|clinical|counselling|paper) "
        r"records?|record of (your|the) (appointments?|attendance|payments?)"
    ),
    rules=(
        Rule(
            P,
            rx(
                r"\b(sessions?|calls?|video|audio|conversations?|chats?|meetings?|therapy|counsell?ing|telehealth|zoom|"
                r"interactions?|consultations?)\b.{0,60}?\b(recorded|record|recording|recordings|tape|taped)\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(record|recording|recordings|tape|taping|taped)\b.{0,12}?\b(of |the |our |your |any |a |all )*(sessions?|"
                r"calls?|video|audio|conversations?|chats?|meetings?|therapy|counsell?ing)"
            ),
        ),
        Rule(P, rx(r"\btranscripts?\b")),
    ),
    extra={
        "neg": rx(
            r"\b(not|never|no|don't|do not|won't|will not|nor)\b (\w+ ){0,3}(be )?(recorded|record|recording|"
            r"recordings|tape)|\bnot recorded|\bno (audio |video )?recordings?\b|\bunrecorded\b"
        )
    },
)
