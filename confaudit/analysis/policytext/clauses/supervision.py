"""Clause 7 of 24, `supervision`: Clinical supervision.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

SPEC = ClauseSpec(
    triggers=("supervis", "consult", "advice", "peer", "guidance", "intervis"),
    rules=(
        Rule(
            P,
            rx(r"\b(supervision|supervisors?|intervision|peer supervision)\b"),
            unless=rx(
                r"supervise, administer|under the supervision of (a |the )?"
                r"(court|parent|adult)"
            ),
        ),
        Rule(
            Q,
            rx(
                r"(seek|take|get|obtain)\w* (\w+ ){0,2}(advice|guidance|consultation) (and \w+ )?(from|with) (other |a |"
                r"another |fellow )?(professional|colleague|peer|senior|expert)|consult\w* (with )?(other |a |another |"
                r"fellow )?(professional|colleague|peer)s?|peer (consultation|review|support group)|case (consultation|"
                r"discussion)"
            ),
        ),
    ),
    extra={
        "anon": rx(
            r"anonym|not (be )?identif|identifying (details|information)|identity .{0,40}not (be )?(revealed|"
            r"disclosed|shared)|without (revealing|identifying)|no identifying|de-identified|not use any identif|"
            r"(never|not|don't|won't) (use|share|give|disclose) your (full |real |sur)?name|identify you\b|without (using|giving|"
            r"sharing|mentioning|revealing) your (full |real |sur)?(name|identity)|pseudonymi[sz]|first names? only|"
            r"initials only"
        )
    },
)
