"""Clause 2 of 24, `limits_risk_of_harm`: Limits of confidentiality: serious risk of harm.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

RISK_VETO = rx(
    r"breach|rights and freedoms|hack|cyber|fraud|(financial|reputational) (risk|harm|loss)|risk assessment|"
    r"(our|the) (systems?|platform|network|website|service)s? (from|against)|security risk"
)
SPEC = ClauseSpec(
    triggers=(
        "suicid",
        "self",
        "harm",
        "danger",
        "risk",
        "threat",
        "safety",
        "emergenc",
        "kill",
        "violen",
        "hurt",
        "injur",
        "life",
    ),
    veto=RISK_VETO,
    rules=(
        Rule(
            P,
            rx(
                r"suicid|self[- ]?harm|self[- ]injur|harm(ing)? (to )?(yourself|themselves|himself|herself|oneself|themself)|"
                r"(harm|hurt|injure|kill|endanger)(ing)? (yourself|themselves|others|another|someone|other people|any other person|"
                r"a third party)|(risk|danger|threat)s? (of (serious )?harm )?to (yourself|themselves|your life|your own life|"
                r"your safety|your own safety|others|another (person|individual)|someone|other people|the public|life|any "
                r"(other )?person|a third party|the safety)|threat(ened|s)? (of )?(violence|harm|to life)|"
                r"serious threat to (the |anyone's |someone's |your |a person's |the public's )?(health or safety|health and safety|"
                r"safety)|(protect|ensure|prevent\w* (a |any )?threat to) the "
                r"(health (and|or) )?safety of (the public|any person|others|you|yourself|another|an individual|a person)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(serious|imminent|significant|immediate|substantial|grave) (and imminent )?(risk|danger|threat|harm)\b|"
                r"\b(risk|danger) of (serious |significant )?harm\b|\b(in|into) (serious |immediate |grave )?danger\b|"
                r"\bat risk\b"
            ),
            unless=rx(
                r"child|children|vulnerable adult|elder|abuse|neglect|data|information security|personal data|"
                r"(your|the) rights"
            ),
        ),
        Rule(
            P,
            rx(
                r"emergency services|\b(in|during) (an|the event of an?|case of an?) emergenc(y|ies)\b|crisis (team|service|line)|"
                r"\b(999|911)\b"
            ),
            needs=rx(
                r"contact|call|inform|alert|disclos|break|share|notify|gp|doctor|authorit|police|ambulance"
            ),
            unless=rx(
                r"emergency contact (details|information|person|name|number)|not an emergency service|"
                r"not (suitable|appropriate|designed) for (an )?emergenc|if you are in (crisis|an emergency)|please (call|contact|dial)"
            ),
        ),
        Rule(
            Q,
            rx(r"\b(in|during) (an|the event of an?|case of an?) emergenc(y|ies)\b"),
            unless=rx(
                r"emergency contact (details|information|person|name|number)|not an emergency service|if you are in"
            ),
        ),
    ),
)
