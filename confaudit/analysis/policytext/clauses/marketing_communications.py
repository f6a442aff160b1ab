"""Clause 14 of 24, `marketing_communications`: Marketing communications.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

SPEC = ClauseSpec(
    triggers=(
        "newsletter",
        "mailing",
        "unsubscrib",
        "marketing",
        "promotion",
        "offers",
        "news",
        "opt",
        "direct",
        "market",
        "sign",
        "subscribe",
    ),
    veto=rx(
        r"right to object|object to|(share|sharing|sell|disclose|pass)\w* .{0,60}for (marketing|advertising)|"
        r"marketing agenc"
    ),
    rules=(
        Rule(
            P,
            rx(
                r"newsletters?|mailing list|unsubscribe|marketing (e-?mails?|communications?|messages?|materials?|"
                r"information|preferences)|promotional (communications?|e-?mails?|messages?|offers|materials?|"
                r"purposes)|direct marketing|(send|receive|email|contact)\w* (you )?.{0,60}?\b(news|offers|promotions|"
                r"special offers|updates about (our|new) (services|products))\b|opt[- ]out of (receiving )?(marketing|"
                r"promotional|e-?mails|communications|newsletters?)|marketing our services|market (our|my) services|"
                r"(sign|subscribe)\w* up to receive"
            ),
        ),
        Rule(
            Q, rx(r"\bmarketing\b"), needs=rx(r"send|e-?mail|contact you|messages|communications|consent|opt")
        ),
    ),
)
