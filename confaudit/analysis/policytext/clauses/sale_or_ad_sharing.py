"""Clause 13 of 24, `sale_or_ad_sharing`: Sale of data or sharing for advertising.

Only `extra` tables: detect._sale sorts each sentence into denial, conditional, disclosure or
advertising-use kinds and derives the `polarity` attribute from them.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, rx

SPEC = ClauseSpec(
    triggers=(
        "sell",
        "sold",
        "sale",
        "rent",
        "trade",
        "advertis",
        "ads",
        "ad",
        "retarget",
        "remarketing",
        "share",
        "shar",
        "marketing",
        "behalf",
        "pixel",
        "monetis",
        "monetiz",
        "broker",
        "lease",
        "insight",
        "cross",
        "interest",
        "behaviour",
        "behavior",
        "personalis",
        "personaliz",
        "targeted",
    ),
    extra={
        "sale_neg": rx(
            r"\b(not|never|no|n't|nor)\b[^;]{0,30}?\b(sell|sold|rent|rented|trade|traded|lease|leased|monetis|"
            r"monetiz)|\b(sell|rent|trade)\b[^;]{0,20}\b(never|not)\b|\bno sale of"
        ),
        "conditional": rx(
            r"without (your |first obtaining your |the |obtaining )?(prior |express |explicit |written |"
            r"affirmative )?(consent|authori[sz]ation|permission|opt[- ]in)|unless (you|we have your|"
            r"authori[sz]ed)|except (with|as)"
        ),
        "sale_pos": rx(
            r"\b(we|i) (may |might |will |can |do |could )?(sell|rent|trade)\b|\bsell\w* (your |personal )"
        ),
        "business_sale": rx(r"business|assets|merger|acqui|reorgani|bankrupt|restructur|sold to"),
        "share_all_neg": rx(
            r"\b(not|never|nor|n't|no)\b.{0,40}?\b(share|sharing|shared|pass|give)\b.{0,60}?\b(any|"
            r"third[- ]part|3rd[- ]part|anyone|anybody|other (organisations|organizations|companies))"
        ),
        "share_all_unless": rx(
            r"\bother third|any other|other than|\bexcept|\bunless|without your|marketing|advertis|apart from|"
            r"outside|save (for|where)|\byou (can|may|could)\b|\bdecide"
        ),
        "mkt_neg": rx(
            r"\b(not|never|n't|no|nor)\b.{0,60}?\b(share|sharing|shared|sell|disclose|use|pass|provide|rent|used)\b"
            r".{0,80}?\b(marketing|advertis\w*|ads)\b|\bsell or share\b|\bsale or shar|\bselling or sharing\b"
        ),
        "ad_share": rx(
            r"\b(share|disclose|provide|sell|transfer|pass)\w* .{0,80}?\b(advertis\w*|ad networks?|marketing partners)"
            r"|advertising partners?"
        ),
        "ad_use": rx(
            r"advertising (networks?|companies|providers|platforms|purposes|cookies|technolog\w*)|targeted (ads|advertis)|"
            r"interest[- ]based (ads|advertis)|behaviou?ral (ads|advertis)|personali[sz]ed (ads|advertis)|"
            r"cross[- ]context|retarget|remarketing|re-marketing|(show|serve|deliver|display)\w* (you )?(relevant |"
            r"targeted |personali[sz]ed )?(ads|advertisements|advertising)\b|on behalf of third parties|"
            r"(facebook|meta|tiktok|snapchat|pinterest|linkedin|twitter) (pixel|insight tag|conversions api)|"
            r"advertis\w* .{0,40}(facebook|meta|snapchat|tiktok)"
        ),
        "deid": rx(r"aggregat|de-?identified|anonymi[sz]ed|non-personal|hashed"),
    },
)
