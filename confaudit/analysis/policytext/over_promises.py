"""Over-promise patterns: absolute security or confidentiality claims (`policy/over-promise`).

Not one of the 24 clauses: detect._over_promises reports a sentence that promises more than any practice
can keep ("100% secure", "never without telling you first") unless a hedge or the next sentence's
exception qualifies it.
"""

from __future__ import annotations

from .matcher import rx

OVER_TRIGGERS = (
    "100",
    "complete",
    "total",
    "fully",
    "absolute",
    "perfect",
    "entire",
    "guarant",
    "unhackable",
    "hack",
    "breach",
    "always",
    "never",
    "without",
    "confidential",
    "everything",
    "anything",
    "circumstance",
)
OVER_SECURE = rx(
    r"100\s?% (secure|safe|confidential|private|protected|secure)|(completely|totally|fully|absolutely|perfectly|"
    r"entirely) (secure|safe|private|protected|unhackable)|guarantee[sd]? (\w+ ){0,3}(security|confidentiality|"
    r"privacy|secure|safe|safety)|unhackable|cannot be (hacked|breached|intercepted)|(never|not) be (hacked|"
    r"breached|intercepted)|(absolute|complete|total|100\s?%) (confidentiality|privacy|security)"
)
OVER_PRIOR = rx(
    r"\b(always|will) (tell|inform|notify|consult|talk to|speak to|discuss (it |this )?with) you (first|before|"
    r"beforehand|prior)|(never|not|no disclosure will) (\w+ ){0,4}(happen|be made|take place|occur|disclose \w+)"
    r" without (first )?(telling|informing|asking|consulting|discussing|talking|speaking|notifying)"
)
OVER_NEVER = rx(
    r"\b(will|shall) never (\w+ ){0,3}(disclose|share|reveal|release|pass on|give)\b.{0,80}?(anyone|anybody|any "
    r"third part|any other (person|party|organi[sz]ation)|under any circumstances)|under no circumstances (will|"
    r"would|shall) (we|i) (disclose|share|reveal|release|pass)"
)
OVER_EVERYTHING = rx(
    r"(everything|anything|all)( that)? (you (say|tell|share|discuss)|we (discuss|talk about)|discussed|said)"
    r".{0,60}?\b(is|are|will be|remains?|will remain|stays?)\s+(always\s+)?(kept\s+)?(completely\s+|totally\s+|"
    r"strictly\s+|100%\s+|entirely\s+|absolutely\s+)confidential"
)
OVER_HEDGE = rx(
    r"where possible|if possible|wherever possible|\busually|\bnormally|\bideally|\baim\b|\btry|\bseek|\battempt|"
    r"endeavou?r|\bunless|\bexcept|other than|without your (consent|permission|agreement)|subject to|apart from|"
    r"save (for|where)|limited ways|as (described|set out|outlined|detailed)|required by law|\blegal|\bcourt|"
    r"\bconsent|\bpermission|\bagree|where (it is )?(safe|appropriate|legally)|if (it is )?(safe|appropriate|"
    r"legally)|permitted|able to|\blimit|exception|polic(y|ies)|new (way|purpose)|\bcookie|\bsell"
)
OVER_NEG_BEFORE = rx(r"\b(cannot|can't|can not|not|no|never|impossible|unable|nothing)\b")
OVER_NEXT_EXCEPTION = rx(
    r"^(however|but|except|there are|the only|limits?|exceptions?|please note|this (does not|doesn't)|"
    r"in (some|certain|rare|exceptional)|confidentiality (may|might|will|can))"
)
