"""Clause 23 of 24, `children_minors`: Children and minors.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

SPEC = ClauseSpec(
    triggers=(
        "child",
        "minor",
        "under",
        "age",
        "aged",
        "ages",
        "young",
        "parent",
        "guardian",
        "coppa",
        "gillick",
        "teen",
        "adolescen",
        "adult",
        "13",
        "16",
        "18",
        "eighteen",
        "sixteen",
        "thirteen",
        "school",
        "fraser",
        "birthday",
        "over",
        "least",
        "below",
        "younger",
        "minimum",
    ),
    veto=rx(r"\babuse|neglect|protection issues|safeguarding|children act|at risk of harm"),
    rules=(
        Rule(
            P,
            rx(
                r"(under|below|younger than|over|at least|aged?|ages of|minimum age|age of)\s+(the age of\s+)?(\d{1,2}|"
                r"thirteen|sixteen|eighteen)\b"
            ),
            needs=rx(
                r"child|minor|young|\bage|years|parent|guardian|user|client|use (the|our|this)|service|platform|site|"
                r"collect|counsel|therap"
            ),
            unless=rx(
                r"\b\d{1,2} years? (after|from|following)|(keep|kept|retain|stored|destroy|delet)\w* .{0,40}\d"
            ),
        ),
        Rule(
            P,
            rx(
                r"(child|children|young (person|people)|minor)'?s? .{0,40}(records?|notes|data).{0,60}(until|\bage\b|birthday)"
                r"|\b\d{2}(st|nd|rd|th) birthday"
            ),
        ),
        Rule(
            P,
            rx(
                r"coppa|children'?s online privacy protection|parental (consent|permission|authori[sz]ation)|(parent|guardian)"
                r"'?s? (consent|permission|authori)|(parent|legal guardian|parent or guardian)s? (must|can|may|will)|gillick|"
                r"fraser guidelines|children'?s code|age[- ]appropriate design|not (directed|intended) (at|to|for) "
                r"(children|minors|anyone under|individuals under|persons under)|(do not|don't|does not) (knowingly )?"
                r"(collect|solicit|offer|provide|work)\w* .{0,60}(children|minors|under)|(work|working) with (children|"
                r"young people|adolescents|teenagers|minors)"
            ),
        ),
        Rule(
            Q,
            rx(
                r"\b(adults|adult clients|over[- ]18s) only\b|only (work with|see|accept|offer \w+ to) adults|"
                r"\bover[- ]18s\b"
            ),
        ),
    ),
)
