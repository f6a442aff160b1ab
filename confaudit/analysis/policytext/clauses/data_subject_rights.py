"""Clause 18 of 24, `data_subject_rights`: Data subject rights.

`RIGHT_TYPES` names one pattern per right; detect._rights counts the distinct rights a notice
names (three or more: present).

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, Rx, rx

RIGHT_TYPES: dict[str, Rx] = {
    "access": rx(
        r"(ask|request) (me |us )?for a copy|right (of|to) access|subject access|access (to )?(your|the personal) (personal )?(data|information)|(a )?copy of "
        r"(your|the) (personal )?(data|information)|right to (know|request (a copy|access)|inspect|obtain (a copy|"
        r"confirmation))|(view|see|access)( and (edit|correct|update|amend))? (any |your )(personal )?"
        r"(data|information)\b|(ask|request) to (see|get|inspect|obtain|receive) (or (get|obtain|receive) )?"
        r"(an? |your )?(\w+ ){0,3}(copy|record|records|information)|copy of your (medical|health) (record|information)"
    ),
    "rectification": rx(
        r"(ask|request) (us |me )?to (correct|amend|update) |rectif|correct (any )?(inaccura|mistakes|errors|your)|(have|get) (it|them|your (personal )?"
        r"(data|information)) (corrected|amended|updated)|right to (amend|correct|update)|(edit|update|"
        r"amend)( any| your)? (personal )?(data|information)|view and edit"
    ),
    "erasure": rx(
        r"erasure|be forgotten|(ask|request) (us |me )?to (delete|erase) |(have|get) (it|them) (erased|deleted)|right to (delete|deletion|have .{0,30}deleted)|delete your (personal )?(data|"
        r"information)|request (the )?deletion|have your (personal )?(data|information) (deleted|erased)"
    ),
    "restriction": rx(
        r"(ask|request) (us |me )?to (limit|restrict) |restrict(ion)? (of )?(the )?processing|restrict (our |how we )?(use|process)|request restriction|"
        r"right to restrict|restrict processing"
    ),
    "portability": rx(r"portability|right to (data )?port|port your data"),
    "enum_delete": rx(r"rights? to [\w ,]{0,40}?\b(delete|erase)\b"),
    "enum_correct": rx(r"rights? to [\w ,]{0,40}?\b(correct|rectify|amend)\b"),
    "enum_know": rx(r"rights? to (know|access)\b"),
    "enum_opt_out": rx(r"\bopt[- ]out of (the )?(sale|sharing|selling)"),
    "objection": rx(
        r"right to object|object to (the |our |any )?(processing|use)|(object|objection) (at any time )?to (your|"
        r"the)"
    ),
    "withdraw_consent": rx(r"withdraw (your )?consent|revoke (your )?(consent|authori)"),
    "hipaa": rx(
        r"right to (an accounting|request (restrictions|confidential communications)|a paper copy|receive confidential)|"
        r"accounting of disclosures|list \(accounting\)|\(accounting\) of"
    ),
    "opt_out_sale": rx(r"right to opt[- ]out|do not sell (or share )?my"),
    "automated": rx(r"automated (individual )?decision"),
}
SPEC = ClauseSpec(
    triggers=(
        "right",
        "access",
        "rectif",
        "correct",
        "eras",
        "delet",
        "forgotten",
        "restrict",
        "portab",
        "object",
        "withdraw",
        "revoke",
        "amend",
        "copy",
        "opt",
        "know",
        "inspect",
        "accounting",
        "request",
        "view",
        "edit",
        "update",
        "automated",
        "subject",
        "sell",
        "ask",
        "limit",
        "list",
    ),
    veto=rx(r"cookie|browser settings"),
)
