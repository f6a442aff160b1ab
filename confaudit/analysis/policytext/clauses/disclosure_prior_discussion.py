"""Clause 5 of 24, `disclosure_prior_discussion`: Discussion with the client before a disclosure.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

PRIOR_CTX = rx(
    r"disclos|confiden|break|\bshar|pass on|inform|alert|contact|authorit|safeguard|risk|referr|\bthis\b|"
    r"professional|consent|police|concern"
)
PRIOR_VETO = rx(
    r"polic(y|ies)|changes? to (this|our|the)|new (way|purpose|use)|before (we |you )?(use|using|collect|book|"
    r"start|begin|pay|submit|sign|register)|cookie|marketing|payment|cancel|appointment|booking|session fee|"
    r"before (your|the|a|this) (request|date)|years before|accounting of"
)
SPEC = ClauseSpec(
    triggers=(
        "first",
        "before",
        "prior",
        "advance",
        "aware",
        "knowledge",
        "tipping",
        "usually",
        "normally",
        "generally",
        "possible",
        "telling",
        "informing",
        "notifying",
        "offence",
        "offense",
        "always",
        "allowed",
        "permitted",
        "able",
    ),
    veto=PRIOR_VETO,
    rules=(
        Rule(
            P,
            rx(
                r"\b((discuss|talk|speak|consult|inform|tell|notify)(es|s|ed|ing)?|let you know|contact you)\b.{0,60}?"
                r"\b(first|beforehand|before|prior to|in advance)\b"
            ),
            ctx=PRIOR_CTX,
        ),
        Rule(
            P,
            rx(
                r"\b(before|prior to)\b.{0,60}?\b(disclos|break|shar|pass|taking action|contact|inform)\w*.{0,80}?"
                r"\b(discuss|talk|speak|consult|seek|ask|inform|tell)"
            ),
            ctx=PRIOR_CTX,
        ),
        Rule(
            P,
            rx(
                r"\b(seek|gain|obtain|ask for|get)\w*\b.{0,30}?\b(your|the client'?s?|their)\b.{0,20}?"
                r"\b(consent|permission|agreement)\b.{0,60}?\b(before|first|prior)"
            ),
            ctx=PRIOR_CTX,
        ),
        Rule(
            P,
            rx(
                r"with your (full )?(awareness|knowledge)|\b(always|first) (\w+ ){0,2}(discuss|talk|speak) (this |it )?with you"
            ),
        ),
        Rule(
            Q,
            rx(
                r"without your (prior |previous )?(knowledge|being told|being informed)|(without|not) (first )?(telling|"
                r"informing|notifying) you|(offence|illegal|unlawful|not (be )?(allowed|permitted|able)) (for me |for us )?"
                r"to (inform|tell|notify) you|tipping[- ]off"
            ),
        ),
        Rule(
            Q,
            rx(
                r"(usually|normally|generally|where possible|if possible|wherever possible) (be )?(with|after) (your )?"
                r"(agreement|consent|knowledge|discussion)"
            ),
            ctx=PRIOR_CTX,
        ),
    ),
)
