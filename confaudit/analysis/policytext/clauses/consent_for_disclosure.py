"""Clause 6 of 24, `consent_for_disclosure`: Other disclosures only with consent.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

DISCLOSE = rx(
    r"disclos|\bshar(e|ed|es|ing)\b|\bpass(ed|ing)? on\b|releas|\btell\b|\bsend\b|\bconfirm|\binform|\bupdat|"
    r"\bprovid|\bgiv(e|en|ing)\b|communicat|\bspeak|\btalk|\brefer|\bwrit(e|ing)\b|liais|\bcontact"
)
CONSENT_VETO = rx(
    r"cookie|marketing|newsletter|promotion|\bby (using|accessing|registering|continuing|submitting|signing|providing|"
    r"clicking|visiting)|you (hereby )?(consent|agree) to (the|our|these|this)|transfers?\b|(accept|agree to) (the|our) (terms|"
    r"privacy)|consent to (our|the) terms|to load|translations|social (network|media)|facebook|twitter|authori[sz]ation window|"
    r"sign[- ]in|log[- ]in|express authori[sz]ation by the user|parental consent|withdraw (your )?consent at any time|"
    r"\bsell|\bsale\b"
)
SPEC = ClauseSpec(
    triggers=("consent", "permission", "authori", "agreement", "approv", "agree"),
    veto=CONSENT_VETO,
    rules=(
        Rule(
            P,
            rx(
                r"\b(only|unless|except)\b.{0,60}?\b(with|have|has|give[sn]?|gave|obtain\w*|receiv\w*)\b.{0,20}?"
                r"\b(your|the client'?s?|their|my client'?s?)\b.{0,30}?\b(consent|permission|authori[sz]ation|agreement|"
                r"approval)"
            ),
            needs=DISCLOSE,
            unless=rx(
                r"\b(may|might|can|could|need to|have to|be required to|sometimes)\b.{0,60}?without your"
            ),
        ),
        Rule(
            P,
            rx(r"unless you\b.{0,40}?\b(consent|permission|authori[sz]e|approve|agree|request|ask)"),
            needs=DISCLOSE,
        ),
        Rule(
            P,
            rx(r"\b(with|without) your\b.{0,25}?\b(consent|permission|authori[sz]ation|agreement)\b"),
            needs=DISCLOSE,
            unless=rx(
                r"\b(may|might|can|could|need to|have to|be required to|sometimes|circumstances)\b.{0,80}?without your|"
                r"\b(usually|normally|generally|ideally|where possible|if possible) (be )?(with|after)\b|may require"
            ),
        ),
        Rule(
            P,
            rx(
                r"(give[sn]?|gave|provide[sd]?|sign\w*) (me |us )?(your )?(written|express|explicit|prior|signed|specific) "
                r"(consent|permission|authori[sz]ation)|(written|signed) (consent|authori[sz]ation)|revoke (your|this|the|such|an|any) "
                r"(consent|authori[sz]ation)|authori[sz]ation (form|to (disclose|release|share))|"
                r"withdraw (your )?consent (to|for) (the )?(disclos|shar)"
            ),
        ),
        Rule(
            Q,
            rx(
                r"\b(your|the client'?s?|their|express|explicit|written|prior|informed) (consent|permission|agreement|"
                r"authori[sz]ation)\b|\bwith (your )?consent\b"
            ),
            unless=rx(
                r"\b(may|might|can|could|need to|have to|be required to|sometimes|circumstances)\b.{0,80}?without"
            ),
        ),
    ),
)
