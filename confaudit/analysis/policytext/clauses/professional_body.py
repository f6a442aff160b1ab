"""Clause 21 of 24, `professional_body`: Professional body.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx
from ..vocabulary import UK_BODIES

BODIES = (
    r"bacp|ukcp|babcp|ncps|hcpc|\bbps\b|cosrt|fdap|acto|iacp|pacfa|aamft|nasw|nbcc|british association for "
    r"(counselling|behavioural)|uk council for psychotherapy|national counselling (and psychotherapy )?society|health "
    r"and care professions council|british psychological society|association of christian counsellors|accredited "
    r"register|professional standards authority|american (psychological|counseling) association|state (licens\w*|board)|"
    r"licensed (in|by) (the |your |their )?state|board of (behavioral|psychology|counsel\w*)|\bapa\b|\baca\b|"
    r"\bhcpc\b|ukcp|\bacc\b"
)
SPEC = ClauseSpec(
    triggers=(
        "bacp",
        "ukcp",
        "babcp",
        "ncps",
        "hcpc",
        "bps",
        "cosrt",
        "fdap",
        "acto",
        "iacp",
        "pacfa",
        "aamft",
        "nasw",
        "nbcc",
        "association",
        "council",
        "society",
        "accredited",
        "professional",
        "licens",
        "board",
        "apa",
        "aca",
        "acc",
        "register",
    ),
    rules=(
        Rule(
            P,
            rx(rf"({BODIES})"),
            needs=rx(
                r"member|registered|registrant|accredited (member|by|with|counsel|psycho|therap)|adhere|follow|bound by|"
                r"abide|work(s|ing)? (within|to|under|in accordance)|ethical|ethics|framework|\bcode\b|standards of|"
                r"professional standards|(its|their|the|bacp|ukcp|babcp|ncps)('s)? standards|"
                r"guidelines|governed|licensed|requir|professional (membership )?body|regulated|licens|state board"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(registered|licensed|listed|enrolled|members?) (in|with|on|of|by) (the )?([\w'-]+ ){0,4}?(register|"
                r"association|society|college|chamber|council|federation) (of|for) (\w+ )?(psycholog|counsel|psychotherap|"
                r"therap|mental health|social work|health)\w*|\b(registered|listed|enrolled) (in|on) (the )?([\w'-]+ ){0,3}?"
                r"register\b|association of (\w+ )?(psycholog|counsel|psychotherap|therap|social work)\w*"
            ),
        ),
        Rule(
            Q,
            rx(
                rf"({BODIES})|(my|our|their|his|her) professional (body|association|membership body|organi[sz]ation|"
                rf"regulator)|professional (body|bodies|association)\b|licensed (therapist|counsel|psycholog|clinical|"
                rf"mental health|professional|marriage|social worker)"
            ),
        ),
    ),
    extra={
        "names": rx(rf"\b({UK_BODIES}|cosrt|fdap|acto|iacp|pacfa|aamft|nasw|nbcc|apa|aca|acc)\b"),
        "regulated": rx(r"regulated by (the )?(bacp|ukcp|ncps|babcp|acc|cosrt)"),
    },
)
