"""Sentence-level rules for the 24 clauses.

Each clause has trigger word prefixes (a cheap per-word prefilter, so only sentences that
could matter are run through the regular expressions), an optional veto, and ordered rules.
A rule fires when its pattern matches the lower-cased sentence, its `needs` pattern (if any)
matches the sentence, its `ctx` pattern (if any) matches heading + previous sentence +
sentence, and its `unless` pattern does not match. Rules are written against how notices
actually phrase things, including the traps listed in clauses.md (a definition, a generic
reassurance or a data-security "safeguard" is not a commitment).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from .literals import necessary_literals


class _BoundaryFirst:
    """`\\b(...)` searched as `(...)` plus a boundary check on the hit.

    A leading `\\b` stops the `re` engine from skipping ahead by first character; dropping it and
    checking the boundary by hand makes a non-matching search (the common case) much cheaper.
    """

    __slots__ = ("_fast", "_full", "pattern")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._full = re.compile(pattern)
        self._fast = re.compile(pattern[2:])

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        while True:
            m = self._fast.search(text, pos, end)
            if m is None:
                return None
            st = m.start()
            if st == 0 or not (text[st - 1].isalnum() or text[st - 1] == "_"):
                return self._full.search(text, st, end) or m
            pos = st + 1

    def finditer(self, text: str):
        return self._full.finditer(text)


class Rx:
    """A compiled pattern with a necessary-literal prefilter (see literals.py); same `search` API.

    A pattern with top-level alternatives (`a...|b...|c...`) is also kept as one compiled branch per
    alternative, each with its own literals: `re` tries every alternative at every position, which on
    a long sentence costs up to ~100 us, while most alternatives' literals are not in the sentence at
    all. The earliest start over the branches that can match is where the whole pattern matches (at
    equal starts the first alternative wins, as in `re`), and the whole pattern is then run from there
    so the match object and its groups are exactly what `re` would return.
    """

    __slots__ = ("_always", "_branches", "_litmask", "_lits", "_ready", "_rx", "pattern")

    def __init__(self, pattern: str):
        # compiled on first use: importing the detector stays cheap, and a batch's start-up is not spent
        # compiling ~200 patterns before any network request can start
        self.pattern = pattern
        self._ready = False
        _ALL.append(self)

    def _build(self) -> None:
        pattern = self.pattern
        if (
            pattern.startswith("\\b")
            and not pattern.startswith("\\b\\")
            and _balanced_alternation(pattern[2:])
        ):
            self._rx: re.Pattern[str] | _BoundaryFirst = _BoundaryFirst(pattern)
        else:
            self._rx = re.compile(pattern)
        self._lits = tuple(sorted(necessary_literals(pattern) or ()))
        split = _split_branches(pattern)
        self._branches = tuple(b for _, b in split) if split else None
        # literal -> bit mask of the branches it enables; branches without literals are always tried
        masks: dict[str, int] = {}
        always = 0
        for i, (lits, _) in enumerate(split or ()):
            if not lits:
                always |= 1 << i
            for lit in lits:
                masks[lit] = masks.get(lit, 0) | (1 << i)
        self._litmask = tuple(masks.items())
        self._always = always
        self._ready = True

    def search(self, text: str) -> re.Match[str] | None:
        if not self._ready:
            self._build()
        if self._branches is None:
            if self._lits and not any(map(text.__contains__, self._lits)):
                return None
            return self._rx.search(text)
        if self._lits and not any(map(text.__contains__, self._lits)):
            return None  # the usual case, decided in C before the per-branch bookkeeping
        mask = self._always
        for lit, bits in self._litmask:
            if lit in text:
                mask |= bits
        best = -1
        branches = self._branches
        while mask:
            low = mask & -mask
            mask ^= low
            m = branches[low.bit_length() - 1].search(text)
            if m is not None and (best < 0 or m.start() < best):
                best = m.start()
                if best == 0:
                    break
        if best < 0:
            return None
        return self._rx.search(text, best)

    def finditer(self, text: str):
        if not self._ready:
            self._build()
        return self._rx.finditer(text)


def _split_branches(pattern: str) -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] | None:
    """Top-level alternatives of `pattern`, each compiled with its literals; None if not worth it."""
    parts: list[str] = []
    depth, esc, in_class, start = 0, False, False, 0
    for i, ch in enumerate(pattern):
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    if len(parts) < 3 or re.search(r"\\\d|\(\?P=|\(\?\(", pattern):
        return None  # few alternatives, or backreferences a branch could not resolve alone
    try:
        return tuple((tuple(sorted(necessary_literals(b) or ())), re.compile(b)) for b in parts)
    except re.error:  # pragma: no cover - a branch that only makes sense with its siblings
        return None


def rx(p: str) -> Rx:
    return Rx(p)


_ALL: list[Rx] = []
_PREPARE = threading.Lock()


def prepare() -> None:
    """Build every pattern now (about 0.2 s), so the first notice analysed does not pay for it.

    Threads that call this together wait for one build; a search racing it builds a pattern twice at worst.
    """
    with _PREPARE:
        for pattern in _ALL:
            if not pattern._ready:
                pattern._build()


def _balanced_alternation(rest: str) -> bool:
    """True when the leading `\\b` applies to the whole pattern (no top-level `|`)."""
    depth = 0
    esc = False
    in_class = False
    for ch in rest:
        if esc:
            esc = False
            continue
        if ch == "\\":
            esc = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True


@dataclass(frozen=True)
class Rule:
    level: str  # "present" | "partial"
    pattern: Rx
    needs: Rx | None = None
    ctx: Rx | None = None
    unless: Rx | None = None
    tag: str = ""
    gate: frozenset[str] | None = None  # skip the rule unless the sentence has one of these exact words


@dataclass(frozen=True)
class ClauseSpec:
    triggers: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    veto: Rx | None = None
    extra: dict[str, Rx] = field(default_factory=dict)


P, Q = "present", "partial"
NEG_BEFORE = rx(
    r"\b(not|never|no|nor|neither|cannot|without|don't|doesn't|won't|isn't|aren't|wasn't)\b|n't\b"
)
DISCLOSE = rx(
    r"disclos|\bshar(e|ed|es|ing)\b|\bpass(ed|ing)? on\b|releas|\btell\b|\bsend\b|\bconfirm|\binform|\bupdat|"
    r"\bprovid|\bgiv(e|en|ing)\b|communicat|\bspeak|\btalk|\brefer|\bwrit(e|ing)\b|liais|\bcontact"
)

# ---------------------------------------------------------------------------------------------- 1
CONF_EXCL = rx(
    r"confidentiality (agreement|obligation|undertaking|clause)s?|commercially sensitive|confidentially (shred|destroy|dispos)|"
    r"break(ing|s)? (your |the |client )?confiden|breach(es|ing)? (of )?(your )?confiden|limit(s|ations)? (of|to|on) (the |your |this )?confiden|"
    r"confidentiality (may|might|will|would|can) (need to |have to )?be (broken|breached)|"
    r"\b(gdpr|regulation|legislation|law|act) (ensures|guarantees|makes sure|requires that (your|personal))"
)
CONFIDENTIALITY = ClauseSpec(
    triggers=(
        "confiden",
        "eyes",
        "confirm",
        "between",
        "tell",
        "disclos",
        "divulg",
        "reveal",
        "share",
        "pass",
        "releas",
        "duty",
        "owe",
        "maintain",
        "stay",
        "room",
        "secrecy",
        "nothing",
        "further",
        "bound",
    ),
    veto=CONF_EXCL,
    rules=(
        Rule(
            P,
            rx(
                r"\b(remains?|remain|be kept|kept|keeps?|keeping|be treated|treated|treat|be held|held|hold|holds|stays?|"
                r"treats)\s+(\w+\s+){0,5}?(strict(est|ly)?\s+|complete(ly)?\s+|total\s+|absolute\s+)?confiden(tial|ce)\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(maintain|maintains|maintaining|preserve|preserves|preserving|keep|honou?r|respect|protect|"
                r"safeguard)s?\s+(the\s+|your\s+|clients?'?\s+|my clients'?\s+)(\w+\s+)?(confidentiality|confidence)\b"
            ),
            unless=rx(r"committed to|strive|aim to|try to|our best|endeavou?r"),
        ),
        Rule(P, rx(r"\bmaintain\w* the privacy (and security )?of (your|the|client)")),
        Rule(
            P,
            rx(
                r"duty of (confidentiality|confidence)|\bowe[sd]? (you )?a duty|confidentiality is (a |an )?"
                r"(legal |professional |ethical )?(duty|obligation)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(stays?|remains?|kept|is|are) (strictly )?between (us|you and (me|your|the|us)|the two of (us|you))\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(stays?|remains?|kept|staying) (with)?in (the|this|our|the therapy|the counselling) (room|sessions?)\b|"
                r"goes no further|(professional|medical|patient|therapist|doctor)[- ](secrecy|confidentiality)|"
                r"(duty|obligation|oath) of (professional )?secrecy|bound by (\w+ )?(secrecy|confidentiality)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\bnothing (that )?(you|we) (say|said|discuss|share|tell|talk about|bring)\b.{0,80}?\b(passed on|shared|"
                r"disclosed|repeated|told|revealed|released)\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"neither confirm nor deny|\b(not|never)\b (\w+ ){0,3}confirm (to (anyone|anybody|others|third parties) )?(that "
                r"|whether )?(you|someone|a person|anyone)"
                r"( is| are| were| was| have been)? (a |my |our )?(client|patient)|confirm or deny"
            ),
        ),
        Rule(
            P,
            rx(
                r"for (my|our) eyes only|only (be )?(seen|read|accessed|viewed) by (me|your (counsel|therap|psycho)\w*)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(will not|won't|never|do not|don't|shall not|cannot|nor)\s+(\w+\s+){0,3}?(tell|disclose|share|pass on|reveal|"
                r"divulge|release|discuss)\b.{0,80}?\b(anyone|anybody|any third part|third part|others|other people|"
                r"what we (talk|discuss)|what you (say|tell|share)|personal things|(your|any|client) (personal |health |"
                r"clinical )?(information|details|data|records|notes))"
            ),
            unless=rx(r"\bsell|\bsold\b|\brent|advertis|marketing|credit card|payment|login|password|cookie"),
        ),
        Rule(
            P,
            rx(
                r"(what you (say|tell|share|discuss)|what we (talk about|discuss)|(everything|anything)( that)? (you|we|is)|"
                r"your (sessions?|conversations?|communications?|details|disclosures)|(our|the|all) (sessions?|conversations?|"
                r"work together|counsell?ing|therapy)).{0,80}?\b(is|are|will be|remains?|will remain|stays?|will stay|be)\s+"
                r"(\w+\s+){0,2}?(strictly\s+|kept\s+|treated\s+as\s+|completely\s+)?confidential\b"
            ),
        ),
        Rule(
            Q,
            rx(
                r"committed to (\w+\s+){0,4}?confiden|confiden\w* (and privacy )?(is|are) (very |extremely |really |so |of )?"
                r"(important|essential|central|fundamental|paramount|key|vital|crucial|utmost|at the heart|the foundation|"
                r"the cornerstone|the basis)|privacy and confidentiality (is|are)|importance of confidentiality|"
                r"confidentiality (is|remains) (a |our )?(priority|commitment)|confidential (service|environment|space|setting)"
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 2
RISK_VETO = rx(
    r"breach|rights and freedoms|hack|cyber|fraud|(financial|reputational) (risk|harm|loss)|risk assessment|"
    r"(our|the) (systems?|platform|network|website|service)s? (from|against)|security risk"
)
RISK = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 3
SAFE_VETO = rx(
    r"online privacy protection|coppa|safeguard(ing|s)? (of )?(your|personal|the|our|client|this) "
    r"(data|information|privacy|records|personal)|appropriate safeguards"
)
SAFEGUARDING = ClauseSpec(
    triggers=(
        "child",
        "minor",
        "vulnerable",
        "elder",
        "abus",
        "neglect",
        "safeguard",
        "protect",
        "mandat",
        "exploit",
        "welfare",
        "care",
        "young",
        "maltreat",
    ),
    veto=SAFE_VETO,
    rules=(
        Rule(
            P,
            rx(
                r"\b(child|children|minor|minors|young (person|people)|vulnerable (adult|person|people|individual)s?|elder(ly)?|"
                r"adults? at risk)\b.{0,80}?\b(abuse|abused|neglect|neglected|maltreat\w*|exploit\w*|being (harmed|hurt)|"
                r"at risk of (significant )?harm|in need of protection|welfare concern|protection (issue|concern)s?)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(abuse|neglect|maltreatment|exploitation)\b.{0,80}?\b(child|children|minor|vulnerable|elder|adult)"
            ),
        ),
        Rule(
            P,
            rx(
                r"child protection|safeguarding (issue|concern|duty|duties|obligation|polic|procedure|children|adults|vulnerable|"
                r"matter|referral|responsibilit|risk|lead|reason)\w*|safeguarding$|mandat(ed|ory) report\w*|"
                r"duty to report"
            ),
        ),
        Rule(
            Q,
            rx(
                r"children act|care act|children and social work act|children \(scotland\) act|\bsafeguarding\b|"
                r"\b(report\w*|suspected|suspicion of) (suspected )?(abuse|neglect|domestic violence)"
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 4
LEGAL = ClauseSpec(
    triggers=(
        "court",
        "subpoena",
        "summons",
        "warrant",
        "law",
        "legal",
        "legally",
        "terror",
        "launder",
        "traffick",
        "crime",
        "criminal",
        "police",
        "enforcement",
        "statut",
        "illegal",
        "unlawful",
        "testif",
        "judge",
        "oblig",
        "compel",
        "proceeding",
        "permit",
        "cooperat",
        "mandat",
        "require",
        "lawful",
    ),
    rules=(
        Rule(
            P,
            rx(
                r"court order|order\w* (by|of) (a|the) court|court[- ]ordered|subpoena|witness summons|\bsummons\b|"
                r"\bwarrant\b|court proceedings|legal proceedings|(civil|criminal) (court )?proceedings|\bjudge\b|\btestify|"
                r"terroris|money[- ]launder|drug[- ]traffick|proceeds of crime|serious crime act|road traffic act"
            ),
        ),
        Rule(
            P,
            rx(
                r"(required|obliged|compelled|obligated|mandated|bound) (to (do so )?)?by (the )?law|\blaw requires|"
                r"legally (required|obliged|bound|compelled|obligated)|\bbound by (the )?law|legal (obligation|duty|"
                r"requirement)s?|comply with (the law|(a |any |our |applicable )?(legal|law)|applicable laws?)|"
                r"break the law|illegal (acts?|activit)|criminal (act|activit|offen)|law enforcement|\bpolice\b|"
                r"statutory (obligation|duty|requirement)|required to (disclose|report|share|inform|release)|"
                r"where (the )?law requires|obliged to (disclose|report|share)|under (a )?legal obligation"
            ),
            needs=rx(
                r"disclos|\bshar|releas|inform|report|provid|\bpass|break|confiden|testif|exchang|hand|reveal|\btell|"
                r"notif|respond|cooperat|\bgiv"
            ),
            unless=rx(
                r"legitimate interest|performance of|lawful basis|legal basis|keep (your )?(records|data)|"
                r"retain|retention|\btax\b|accounting|permitted by law|to notify you|breach|cooperat|you (may )?(be|are) "
                r"required to"
            ),
        ),
        Rule(
            Q,
            rx(
                r"permitted by law|as (the )?law (allows|permits)|cooperat\w* with (government|law|the police|authorities|"
                r"public authorities)|lawful (request|requests)|legal process|public authorit\w*|governmental request"
            ),
            needs=rx(r"disclos|\bshar|releas|inform|report|provid|\bpass|respond|cooperat|exchang|\bgiv"),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 5
PRIOR_CTX = rx(
    r"disclos|confiden|break|\bshar|pass on|inform|alert|contact|authorit|safeguard|risk|referr|\bthis\b|"
    r"professional|consent|police|concern"
)
PRIOR_VETO = rx(
    r"polic(y|ies)|changes? to (this|our|the)|new (way|purpose|use)|before (we |you )?(use|using|collect|book|"
    r"start|begin|pay|submit|sign|register)|cookie|marketing|payment|cancel|appointment|booking|session fee|"
    r"before (your|the|a|this) (request|date)|years before|accounting of"
)
PRIOR = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 6
CONSENT_VETO = rx(
    r"cookie|marketing|newsletter|promotion|\bby (using|accessing|registering|continuing|submitting|signing|providing|"
    r"clicking|visiting)|you (hereby )?(consent|agree) to (the|our|these|this)|transfers?\b|(accept|agree to) (the|our) (terms|"
    r"privacy)|consent to (our|the) terms|to load|translations|social (network|media)|facebook|twitter|authori[sz]ation window|"
    r"sign[- ]in|log[- ]in|express authori[sz]ation by the user|parental consent|withdraw (your )?consent at any time|"
    r"\bsell|\bsale\b"
)
CONSENT = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 7
SUPERVISION = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 8
ENC_PARTIAL_UNLESS = rx(
    r"social security|security number|secure (an |your )?(appointment|booking|place|slot|space)|cannot be guaranteed|"
    r"can't guarantee|cannot guarantee|not (be )?guaranteed|\bno (method|system|transmission)|insecure|non-secure|unsolicited|you (should|must|are responsible)|"
    r"responsible (for|to) keep|protected health information|legally protected|protected characteristic"
)
ENCRYPTION = ClauseSpec(
    triggers=(
        "encrypt",
        "tls",
        "ssl",
        "https",
        "aes",
        "bit",
        "end",
        "e2e",
        "rest",
        "transit",
        "transmi",
        "secur",
        "password",
        "passcode",
        "factor",
        "2fa",
        "mfa",
        "firewall",
        "access",
        "hipaa",
        "gdpr",
        "bank",
        "military",
        "safe",
        "protected",
        "industry",
        "measures",
        "cryptograph",
        "pseudonym",
        "locked",
        "unauthori",
        "best",
        "technical",
        "appropriate",
        "rsa",
        "sha",
    ),
    rules=(
        Rule(
            P,
            rx(
                r"\b(tls|ssl|https(?!:/)|aes(-?\d+)?|\d{3}-bit|end[- ]to[- ]end|e2ee|at[- ]rest|in[- ]transit|during transmission|"
                r"in transmission|transport layer security|secure sockets? layer|encrypted (connection|channel|storage|database|"
                r"server|online|service|platform|drive|disk|device|e-?mail|video|chat|messag|form|backup|cloud|files?|notes|"
                r"records|data|communicat|system|software|app)\w*|(is|are|be|been|remain|stay|kept|stored|held|saved|"
                r"transmitted|sent)\s+(\w+\s+){0,2}?encrypted|encrypt(s|ed|ing)? (all |your |the |any |our |client |personal "
                r"|health |sensitive )+\w+|password[- ]protected|passcode[- ]protected|two[- ]factor|2fa|multi[- ]factor|\bmfa|"
                r"role[- ]based access|access controls?|firewalls?|pseudonymi[sz]\w*|encryption (at|in|of|for|keys?)|"
                r"(using|uses|use|with) (strong |industry[- ]standard )?encryption)\b"
            ),
            unless=rx(r"(bank|military)[- ](grade|level)|not (be )?encrypted|isn't encrypted|unencrypted"),
        ),
        Rule(
            Q,
            rx(
                r"\b(secure(ly)?|security (measures?|controls?|procedures?|systems?|safeguards?|practices?|standards?|"
                r"technolog\w*)|safe and secure|protected|safeguards?|hipaa[- ]compliant|gdpr[- ]compliant|(bank|military)[- ]"
                r"(grade|level)|industry[- ]standard|best practices|encryption|encrypted|locked (filing )?cabinet|"
                r"technical and organi[sz]ational measures|appropriate (technical|security) (and organi[sz]ational )?measures)\b"
            ),
            unless=ENC_PARTIAL_UNLESS,
        ),
    ),
    extra={
        "transit": rx(
            r"\b(tls|ssl|https(?!:/)|in[- ]transit|during transmission|in transmission|transport layer|secure sockets?)\b|"
            r"encrypted (connection|channel)|transmi\w* .{0,30}encrypt|encrypt\w* .{0,40}transmi"
        ),
        "rest": rx(
            r"at[- ]rest|encrypted (storage|database|server|drive|disk|device|backup|files?|notes|records|online|"
            r"service|cloud|system)|(stored|kept|held|saved) (\w+ ){0,3}encrypt|encrypt\w* (\w+ ){0,4}(stored|storage|"
            r"database)|\baes"
        ),
        "e2e": rx(r"end[- ]to[- ]end|\be2ee\b"),
    },
)

# ---------------------------------------------------------------------------------------------- 9
RECORDING = ClauseSpec(
    triggers=("record", "transcript", "tape", "taping"),
    veto=rx(
        r"session notes|notes? (recording|record)|in (my|our|your) (session |clinical |case )?notes|(record|recorded|recording) (within|in|on) "
        r"(my|our|the|your) (notes|records|file|case)|time recording|record (your|the|their) (name|contact|details|ip|"
        r"address|information|data|attendance)|record[- ]keeping|(medical|health|client|clinical|counselling|paper) "
        r"records?|record of (your|the) (appointments?|attendance|payments?)"
    ),
    rules=(
        Rule(
            P,
            rx(
                r"\b(sessions?|calls?|video|audio|conversations?|chats?|meetings?|therapy|counsell?ing|telehealth|zoom|"
                r"interactions?|consultations?)\b.{0,60}?\b(recorded|record|recording|recordings|tape|taped)\b"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(record|recording|recordings|tape|taping|taped)\b.{0,12}?\b(of |the |our |your |any |a |all )*(sessions?|"
                r"calls?|video|audio|conversations?|chats?|meetings?|therapy|counsell?ing)"
            ),
        ),
        Rule(P, rx(r"\btranscripts?\b")),
    ),
    extra={
        "neg": rx(
            r"\b(not|never|no|don't|do not|won't|will not|nor)\b (\w+ ){0,3}(be )?(recorded|record|recording|"
            r"recordings|tape)|\bnot recorded|\bno (audio |video )?recordings?\b|\bunrecorded\b"
        )
    },
)

# ---------------------------------------------------------------------------------------------- 10
RECORDS_UNLESS = rx(
    r"\bcourt\b|subpoena|\bjudge\b|\bpolice\b|(gp|doctor)'?s? (records|notes)|we (may )?(request|obtain) (your|the)"
)
RECORDS = ClauseSpec(
    triggers=(
        "notes",
        "note",
        "record",
        "file",
        "access",
        "copy",
        "copies",
        "inspect",
        "view",
        "see",
        "subject",
    ),
    rules=(
        Rule(
            P,
            rx(
                r"\b(see|access|view|read|inspect|copy|copies|request|obtain|receive|download|export|ask (to see|for))\w*\b.{0,50}?\b(your|"
                r"the|my|any|these|those|their) (\w+ )?(notes|records|files?|clinical information|health information|"
                r"medical information|record)\b"
            ),
            needs=rx(r"\bright|\bcan\b|\bmay\b|\bable\b|entitled|\brequest|\bask\b|\byou\b"),
            unless=RECORDS_UNLESS,
        ),
        Rule(
            P,
            rx(
                r"right to (inspect|access|see|obtain|receive|get|request|a copy)\b.{0,60}?(records?|notes|health information|"
                r"medical|clinical|file)"
            ),
        ),
        Rule(
            Q,
            rx(
                r"\b(session|clinical|case|counsell?ing|therapy|therapeutic|client|medical|health|treatment|psychotherapy|"
                r"progress|process|brief|written|handwritten|paper|anonymous|anonymi[sz]ed|contemporaneous) (notes|records)\b|"
                r"\b(keep|kept|make|made|write|written|take|taken|store|stored|hold|held)\b.{0,20}?\bnotes\b|"
                r"\byour (notes|records|file)\b|\bmy (session |clinical |case )?notes\b|notes (on|of|about|from) (our |your "
                r"|the )?(sessions?|counsell?ing|therapy|work)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(ask|request|welcome|entitled|able|free) to (see|read|view|access|have a copy of|get a copy of) (them|these|those|it)\b"
            ),
            ctx=rx(r"\bnotes\b|\brecords?\b|\bfile\b"),
        ),
        Rule(
            Q,
            rx(
                r"right (of|to) (access|be provided with a copy)|subject access|(a )?copy of (all )?(the |your )?(personal )?"
                r"(data|information)\b|right to (obtain|request) (a copy|access)"
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 11
_NUM = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty[- ]five|thirty|fifty)"
RET_VERB = rx(
    r"\bkeep|\bkept\b|retain|retention|\bstor(e|ed|es|age)\b|\bhold\b|\bheld\b|delet|destroy|eras(e|ed|ure)|"
    r"dispos|shred|remov|purg|archiv|persist"
)
RETENTION = ClauseSpec(
    triggers=(
        "keep",
        "kept",
        "retain",
        "retention",
        "store",
        "stored",
        "hold",
        "held",
        "delet",
        "destr",
        "eras",
        "dispos",
        "shred",
        "remov",
        "purg",
        "archiv",
        "year",
        "month",
        "duration",
        "long",
        "period",
        "birthday",
        "persist",
    ),
    rules=(
        Rule(
            P,
            rx(rf"\b{_NUM}\s*(\(\d+\)\s*)?(full |calendar )?(years?|months?|weeks?|days?)\b"),
            needs=RET_VERB,
            unless=rx(
                r"within (\d+|one|a|thirty) (calendar )?(month|days?|weeks?) of (receiv|your request|receipt|the request)|"
                r"\brespond|\breply|notice period|cancel|\bper (year|month)|in a year|years? old|\baged?\b|"
                r"under the age|once a (year|month)"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(delet|destroy|eras|shred|dispos|remov|purg)\w*\b.{0,60}?\b(when|once|after|at the end of|on (completion|"
                r"termination)|as soon as|within|until)\b"
            ),
            unless=rx(
                r"when you delete|if you (ask|request|want|wish)|you (can|may) (ask|request)|right to|upon (your )?"
                r"request|at your request|on request|you (delete|close)|cookie"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(keep|kept|retain|retained|store|stored|hold|held)\b.{0,60}?\b(for the duration of|until (the end|your|we|"
                r"the child|they|you|my|our)|while we (are )?(working|work)|during (our|the) (work|therapy|counsell?ing|"
                r"sessions)|for as long as (your account|you (are|remain)|we (are )?provid))"
            ),
        ),
        Rule(P, rx(r"\b\d{2}(st|nd|rd|th) birthday")),
        Rule(
            Q,
            rx(
                r"as long as (is |it is )?(necessary|needed|required|reasonabl|appropriate)|no longer than (is )?"
                r"(necessary|needed|required)|longer than (is )?(necessary|needed|required)|reasonable (period|time)|"
                r"retention (period|schedule|polic)\w*|\bretain\w* (your |the |all |such )?(personal )?(records|data|"
                r"information|notes)"
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 12
VENDORS = (
    r"zoom|microsoft teams|ms teams|skype|doxy\.me|doxy|vsee|google(?!\s*analytics|\s*ads|\s*tag|\s*chrome|\.com/analytics)|gmail|"
    r"g suite|wix(\.com)?|squarespace|wordpress|weebly|godaddy|stripe|paypal|mailchimp|sendgrid|twilio|amazon web services|"
    r"aws|azure|microsoft|onedrive|office 365|microsoft 365|dropbox|icloud|calendly|acuity|simplepractice|simple practice|"
    r"therapynotes|writeupp|cliniko|power ?diary|practice better|jane app|xero|quickbooks|salesforce|zendesk|intercom|"
    r"hubspot|cloudflare|heroku|vimeo|whatsapp|zapier|typeform|jotform|protonmail|proton mail|hushmail|tutanota|egress|"
    r"pabau|carepatron|theranest|mindbody|shopify|sessions health|halaxy|semble|bookwhen|setmore|youcanbook\.me|"
    r"nhs mail|nhsmail|docusign|mailerlite|convertkit|sumup|gocardless|square up|doctolib"
)
VENDOR_WORDS = {
    w
    for w in re.findall(r"[a-z0-9]+", VENDORS)
    if len(w) > 2
    and w
    not in (
        "analytics",
        "ads",
        "tag",
        "chrome",
        "com",
        "web",
        "services",
        "app",
        "teams",
        "mail",
        "suite",
        "health",
        "better",
        "up",
        "practice",
        "simple",
        "diary",
        "power",
        "office",
        "square",
        "jane",
        "sessions",
        "nhs",
        "you",
    )
}
VENDOR_WORDS |= {"g", "ms", "nhsmail", "aws"}
PROCESSORS = ClauseSpec(
    triggers=(
        "zoom",
        "microsoft",
        "ms",
        "skype",
        "doxy",
        "vsee",
        "google",
        "gmail",
        "g",
        "wix",
        "squarespace",
        "wordpress",
        "weebly",
        "godaddy",
        "stripe",
        "paypal",
        "mailchimp",
        "sendgrid",
        "twilio",
        "amazon",
        "aws",
        "azure",
        "onedrive",
        "dropbox",
        "icloud",
        "calendly",
        "acuity",
        "simplepractice",
        "therapynotes",
        "writeupp",
        "cliniko",
        "powerdiary",
        "xero",
        "quickbooks",
        "salesforce",
        "zendesk",
        "intercom",
        "hubspot",
        "cloudflare",
        "heroku",
        "vimeo",
        "whatsapp",
        "zapier",
        "typeform",
        "jotform",
        "proton",
        "hushmail",
        "tutanota",
        "egress",
        "pabau",
        "carepatron",
        "theranest",
        "mindbody",
        "shopify",
        "halaxy",
        "semble",
        "bookwhen",
        "setmore",
        "youcanbook",
        "nhs",
        "nhsmail",
        "docusign",
        "mailerlite",
        "convertkit",
        "sumup",
        "gocardless",
        "doctolib",
        "provider",
        "processor",
        "sub",
        "vendor",
        "supplier",
        "contractor",
        "agent",
        "third",
        "3rd",
        "partner",
        "affiliate",
        "subsidiar",
        "companies",
        "recipient",
        "cloud",
        "encrypted",
        "external",
        "hosting",
        "outside",
        "organisations",
        "organizations",
    ),
    rules=(
        Rule(
            P,
            rx(rf"\b({VENDORS})\b"),
            gate=frozenset(VENDOR_WORDS),
            needs=rx(
                r"\b(use|uses|using|used|via|through|by|hosted|hosting|host|stor\w*|held|process\w*|powered|platform|"
                r"software|service|provider|conducted|carried out|delivered|app|tool|account|system)\b"
            ),
            unless=rx(
                r"trademark|is a registered|safe harbou?r|follow us|like us|\blink(s|ed)? to\b|google\.com/analytics"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(service providers?|third[- ]party (service providers?|companies|vendors|processors|suppliers|contractors|"
                r"providers|service suppliers)|(data )?processors|sub-?processors|vendors|suppliers|contractors|"
                r"(categories of )?recipients)\b"
            ),
            ctx=rx(
                r"employ|engage|\buse\b|\bshar|rely|work with|appoint|include|such as|e\.g\.|\beg\b|:|provid|perform|"
                r"\bhost|process|help"
            ),
            unless=rx(r"we do not (use|share|engage)|are not (processors|vendors)"),
        ),
        Rule(P, rx(r"\b(share|disclose|pass)\w* (\w+ ){0,3}(data|information|details) (with|to):")),
        Rule(
            Q,
            rx(
                r"\bthird[- ]part(y|ies)|\b3rd[- ]part(y|ies)|\baffiliates\b|\bsubsidiaries\b|group companies|\bpartners\b|"
                r"\b(online|cloud|web[- ]based|encrypted|external|hosting|it) (service|platform|storage|system|provider|"
                r"software)s?\b|outside (organisations|organizations|companies|agencies)"
            ),
            needs=rx(
                r"service|provider|process|\bhost|\bstor(e|ed|age)|platform|software|tools?\b|technolog|vendor|supplier|"
                r"to (help|assist|enable|translate|operate|facilitate|provide|deliver|perform|run)|on (our|my) behalf|"
                r"maintain"
            ),
            unless=rx(
                r"consent|permission|confirm|deny|\bcourt\b|\blaw\b|legally|\brisk\b|\bharm\b|subpoena|police|"
                r"safeguard|abuse|links? to|third[- ]party (websites?|sites?|links?)|not (responsible|covered)|(do not|don't|never|will not|won't|"
                r"\bnor\b|not) (\w+ ){0,2}(sell|share|disclose|pass|send)|we do not have (access|control)|cookies"
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 13 (custom logic in detect)
SALE = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 14
MARKETING = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 15
TRACKERS = (
    r"google analytics|google tag manager|gtag|facebook pixel|meta pixel|hotjar|matomo|piwik|plausible|mixpanel|"
    r"segment\.(com|io)|microsoft clarity|linkedin insight|tiktok pixel|snap pixel|fullstory|crazy ?egg|amplitude|"
    r"heap analytics|adobe analytics|quantcast|doubleclick|google ads|wix analytics|jetpack stats|fathom analytics|"
    r"cloudflare web analytics|google signals|hubspot tracking"
)
COOKIES = ClauseSpec(
    triggers=(
        "cookie",
        "analytics",
        "pixel",
        "beacon",
        "tracking",
        "tracker",
        "tag",
        "google",
        "gtag",
        "facebook",
        "meta",
        "hotjar",
        "matomo",
        "piwik",
        "plausible",
        "mixpanel",
        "segment",
        "microsoft",
        "linkedin",
        "tiktok",
        "snap",
        "fullstory",
        "crazy",
        "crazyegg",
        "amplitude",
        "heap",
        "adobe",
        "quantcast",
        "doubleclick",
        "wix",
        "jetpack",
        "fathom",
        "cloudflare",
        "hubspot",
        "activity",
        "browsing",
        "log",
        "fingerprint",
        "local",
    ),
    rules=(
        Rule(P, rx(rf"\b({TRACKERS})\b")),
        Rule(
            P,
            rx(r"\b(cookies|web beacons?|pixel tags?|pixels|tracking technolog\w*|analytics)\b"),
            needs=rx(
                r"\b(to|for)\b.{0,40}?\b(analy|measur|understand|improv|remember|enabl|administer|determine|track|deliver|"
                r"personali|advertis|market|attribut|operat|function|statistic|record-keeping|\blog|secur|optimi|"
                r"diagnos|keep\w* (the |our |my |this )?(site|website|app) (working|running)|count\w* (visits|visitors)|"
                r"work properly)|strictly necessary|essential|functional|performance|preference|session cookies|"
                r"persistent cookies|consent|\baccept|\breject|decline|banner|settings|disable|opt[- ]out|"
                r"third[- ]party cookies|cookie policy"
            ),
            unless=rx(
                r"^[\"']?(a |an )?[\"']?(cookie|web beacon|pixel tag)s?[\"']? (is|are)\b|\b(is|are) (small|tiny|pieces)"
            ),
        ),
        Rule(
            Q,
            rx(
                r"\bcookies?\b|web beacons?|pixel tags?|tracking technolog|collect\w* (data|information) about your "
                r"(activity|browsing|use)|\blog (data|files)\b|local storage"
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 16
_PLACE = (
    r"united states|usa|u\.s\.a?\.?|us|united kingdom|uk|britain|great britain|england|scotland|wales|eea|"
    r"european economic area|eu|european union|europe|canada|india|australia|israel|switzerland|philippines|ireland|"
    r"germany|france|netherlands|japan|singapore|new zealand|south africa|frankfurt|london|dublin|virginia|"
    r"california|oregon"
)
TRANSFERS = ClauseSpec(
    triggers=(
        "transfer",
        "outside",
        "overseas",
        "abroad",
        "international",
        "countr",
        "eea",
        "adequacy",
        "contractual",
        "scc",
        "sccs",
        "idta",
        "shield",
        "framework",
        "harbor",
        "harbour",
        "binding",
        "united",
        "jurisdiction",
    ),
    veto=rx(r"regardless of where"),
    rules=(
        Rule(
            P,
            rx(
                r"\b(transfer\w*|stor(e|ed|es|ing)|process\w*|held|hold|host\w*|maintain\w*|located|based|sent|send|moved|"
                r"access\w*)\b.{0,80}?\b(outside (of )?(the |your )?(uk|united kingdom|eea|european economic area|eu|"
                r"european union|europe|country|state|jurisdiction|us|united states)|other countries|another country|"
                r"overseas|abroad|internationally|third countr\w*|countries (other than|outside)|(including|such as|e\.g\.,?)"
                r" the united states)"
            ),
        ),
        Rule(
            P,
            rx(
                r"standard contractual clauses|\bsccs?\b|\bidta\b|international data transfer (agreement|addendum)|adequacy "
                r"(decision|regulations?)|binding corporate rules|data privacy framework|privacy shield|"
                r"(transfer\w*|transferring) (your |the )?(personal )?(data|information) (out of|outside|overseas|"
                r"internationally|abroad|to other countries)|transfer risk assessment"
            ),
        ),
        Rule(Q, rx(r"international (data )?transfers?|safe harbou?r")),
    ),
    extra={
        "place": rx(
            rf"\b(outside (of )?(the |your )?)?({_PLACE}|country|state|jurisdiction)\b(?! international data|"
            rf" gdpr| addendum| data protection)"
        ),
        "scc": rx(r"standard contractual clauses|\bsccs?\b|model clauses"),
        "idta": rx(r"\bidta\b|international data transfer (agreement|addendum)"),
        "adequacy": rx(r"adequacy"),
        "bcr": rx(r"binding corporate rules"),
        "dpf": rx(r"data privacy framework|privacy shield|safe harbou?r"),
        "consent": rx(
            r"(consent|agreement) to (such |these |the )?transfers?|represents your agreement|you (consent|agree) to "
            r"(the |this |such )?transfer|by (using|submitting|providing).{0,80}(consent|agree)"
        ),
        "generic": rx(
            r"appropriate safeguards|adequate (safeguards|protection|level of protection)|protected (to|in) the same"
        ),
    },
)

# ---------------------------------------------------------------------------------------------- 17
RESIDENCY = ClauseSpec(
    triggers=(
        "stored",
        "store",
        "stores",
        "hosted",
        "host",
        "hosting",
        "held",
        "kept",
        "processed",
        "located",
        "server",
        "servers",
        "reside",
        "resides",
        "housed",
        "centre",
        "center",
        "centres",
        "centers",
        "based",
        "saved",
        "remain",
        "remains",
        "uk",
        "eu",
        "us",
        "european",
        "british",
    ),
    veto=rx(
        r"regardless of where|company (is )?based|we are (a )?(uk|us|eu|british)?[- ]?based|(practice|office|clinic|"
        r"business|i am|we are) (is |are )?(based|located) in|registered in|incorporated in"
    ),
    rules=(
        Rule(
            P,
            rx(
                rf"\b(stored|store[sd]?|storing|hosted|host|held|kept|processed|located|resides?|housed|remains?|saved|"
                rf"based|situated)\b.{{0,40}}?\b(in|within|on|inside)\b (the )?({_PLACE}|the country where it was "
                rf"collected)\b"
            ),
            needs=rx(
                r"data|information|records|notes|servers?|files|databases?|recordings|backups|cloud|hosting|hosted|stored|"
                r"details"
            ),
        ),
        Rule(
            P,
            rx(
                r"\b(uk|eu|us|european|british|eea)[- ](based |hosted )?(servers?|data cent\w+|hosting|cloud|data storage)"
            ),
        ),
    ),
    extra={
        "place": rx(rf"\b(?<!outside )(?<!outside the )({_PLACE}|the country where it was collected)\b"),
        "hedge": rx(
            r"\b(may|might|could|sometimes|some of|primarily|mainly|mostly|generally|usually|where possible|as well as|"
            r"and other|other countries|including)\b"
        ),
        "process": rx(r"\bprocess"),
    },
)

# ---------------------------------------------------------------------------------------------- 18 (counted in detect)
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
# every right pattern needs one of these strings: most candidate sentences hold none of them
RIGHTS_LITERALS: tuple[str, ...] = tuple(
    sorted({lit for r in RIGHT_TYPES.values() for lit in (necessary_literals(r.pattern) or {""})})
)
RIGHTS = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 19
CONTROLLER = ClauseSpec(
    triggers=(
        "controller",
        "dpo",
        "officer",
        "representative",
        "registered",
        "ico",
        "commissioner",
        "registration",
        "register",
        "postcode",
    ),
    extra={
        "controller": rx(
            r"\b(data )?controllers?\b|data protection officer|\bdpo\b|privacy officer|chief privacy|"
            r"data protection lead|\b(eu|uk|gdpr) representative|article 27 representative"
        ),
        "definition": rx(r"\bmeans\b|refers to|is defined|definition|\bgame\b"),
        "ico": rx(
            r"registered with the (information commissioner|ico)|\bico\b.{0,20}(registration|reg\.?|number|no\.?)|"
            r"registration numbers?.{0,30}\bz[a-z]?\d{6,7}|\bz[a-z]\d{6}\b|\bz\d{7}\b|data protection register"
        ),
        "contact": rx(
            r"[\w.+-]+@[\w-]+\.[\w.-]+|(\+44|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\(\d{3}\)\s?\d{3}-\d{4}|"
            r"\b\d{3}-\d{3}-\d{4}\b|\b[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}\b.{0,3}$"
        ),
    },
)

# ---------------------------------------------------------------------------------------------- 20
REGULATOR = (
    r"\bico\b|information commissioner|supervisory authorit\w*|data protection authorit\w*|data protection "
    r"commission|secretary of (the )?(u\.s\. )?(department of )?health|health and human services|\bhhs\b|"
    r"office for civil rights|\bocr\b|attorney general|\bcnil\b"
)
COMPLAINTS = ClauseSpec(
    triggers=(
        "complain",
        "complaint",
        "complaints",
        "ico",
        "commissioner",
        "supervisory",
        "authority",
        "hhs",
        "ocr",
        "regulator",
        "lodge",
        "retaliat",
        "concerns",
        "unhappy",
    ),
    veto=rx(
        r"respond to (any )?(questions, )?complaints|complaints or claims|registered with|registration number|"
        r"enforced by|regulated by"
    ),
    rules=(
        Rule(
            P,
            rx(
                rf"complain\w*.{{0,140}}?({REGULATOR})|({REGULATOR}).{{0,140}}?complain|ico\.org\.uk/(concerns|"
                rf"make-a-complaint)|retaliat\w* .{{0,60}}(complain|fil)|(contact|write to|report to) the ({REGULATOR})"
            ),
        ),
        Rule(
            Q,
            rx(
                r"(make|raise|lodge|file|have|submit) a complaint|complaints? (procedure|process|policy)|if you (are "
                r"unhappy|have (a|any) (concerns?|complaints?))|right to complain"
            ),
            unless=rx(r"\b(bacp|ukcp|babcp|ncps|hcpc|bps)\b"),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 21
BODIES = (
    r"bacp|ukcp|babcp|ncps|hcpc|\bbps\b|cosrt|fdap|acto|iacp|pacfa|aamft|nasw|nbcc|british association for "
    r"(counselling|behavioural)|uk council for psychotherapy|national counselling (and psychotherapy )?society|health "
    r"and care professions council|british psychological society|association of christian counsellors|accredited "
    r"register|professional standards authority|american (psychological|counseling) association|state (licens\w*|board)|"
    r"licensed (in|by) (the |your |their )?state|board of (behavioral|psychology|counsel\w*)|\bapa\b|\baca\b|"
    r"\bhcpc\b|ukcp|\bacc\b"
)
PROFESSIONAL = ClauseSpec(
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
        "names": rx(
            r"\b(bacp|ukcp|babcp|ncps|hcpc|bps|cosrt|fdap|acto|iacp|pacfa|aamft|nasw|nbcc|apa|aca|acc)\b"
        ),
        "regulated": rx(r"regulated by (the )?(bacp|ukcp|ncps|babcp|acc|cosrt)"),
    },
)

# ---------------------------------------------------------------------------------------------- 22
BREACH_UNLESS = rx(
    r"breach\w* (of )?(your |my |client )?(confidentiality|contract|the terms|these terms|our terms|this agreement|"
    r"trust|duty)|break(ing)? (your )?confidentiality|confidentiality (is|was|will be|may be|would be) breached|"
    r"discuss (any |the )?breach"
)
BREACH = ClauseSpec(
    triggers=("breach", "breaches", "incident", "incidents", "compromise", "compromised"),
    veto=BREACH_UNLESS,
    rules=(
        Rule(
            P,
            rx(
                r"\b(notify|inform|tell|contact|alert|report)\w*\b.{0,80}?\b(breach|security incident|data incident|"
                r"compromise)|\b(breach|security incident|data incident)\w*.{0,80}?\b(notify|inform|tell|contact|alert|"
                r"report)\w*"
            ),
            needs=rx(r"data|security|personal|information|unauthori|incident|breach"),
        ),
        Rule(
            Q,
            rx(
                r"\b(data|security|personal data|privacy) (breach|incident)\w*|breach of (security|data|personal data)|"
                r"\bbreach\b"
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------- 23
CHILDREN = ClauseSpec(
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

# ---------------------------------------------------------------------------------------------- 24 (custom logic)
LAWFUL = ClauseSpec(
    triggers=(
        "legitimate",
        "contract",
        "vital",
        "public",
        "article",
        "art",
        "proper",
        "basis",
        "bases",
        "based",
        "grounds",
        "special",
        "explicit",
        "social",
        "diagnosis",
        "occupational",
        "substantial",
        "schedule",
        "sch",
        "9",
        "6",
    ),
    extra={
        "art6": rx(
            r"lawful bas[ie]s|legal bas[ie]s|legal grounds?|lawful grounds?|legitimate interests?|performance of (a |the |"
            r"our )?contract|(necessary|needed) (for|to perform) (the |a |our )?contract|contract (we have|that we "
            r"(may )?have) with you|vital interests?|public (task|interest)|article 6|\bart\.? ?6\b|proper reason|"
            r"(process|processing|use)\w* .{0,40}(on the basis of|based on) (your )?consent|"
            r"\b(we have|there is|under|based on|because of|to fulfil|to perform) (a|our|the|your) contract\b"
        ),
        "art9": rx(
            r"special categor\w*|article 9|\bart\.? ?9\b|9\(2\)\(\w\)|health (or|and) social care|provision of (health|"
            r"social) care|medical diagnosis|preventive or occupational medicine|substantial public interest|"
            r"(schedule 1|sch\.? ?1).{0,40}(dpa|data protection act)|explicit consent"
        ),
        "art9_needs": rx(r"process|\buse|collect|handle|basis|condition|special|rely"),
        "definition": rx(
            r"\bmeans\b|revealing racial|refers to|is defined|includes? (data|information) (about|concerning)"
        ),
    },
)

SPECS: dict[str, ClauseSpec] = {
    "confidentiality_commitment": CONFIDENTIALITY,
    "limits_risk_of_harm": RISK,
    "limits_safeguarding": SAFEGUARDING,
    "limits_legal_obligation": LEGAL,
    "disclosure_prior_discussion": PRIOR,
    "consent_for_disclosure": CONSENT,
    "supervision": SUPERVISION,
    "encryption_security": ENCRYPTION,
    "session_recording": RECORDING,
    "clinical_records_access": RECORDS,
    "retention_period": RETENTION,
    "third_party_processors": PROCESSORS,
    "sale_or_ad_sharing": SALE,
    "marketing_communications": MARKETING,
    "cookies_tracking": COOKIES,
    "international_transfers": TRANSFERS,
    "data_residency_claim": RESIDENCY,
    "data_subject_rights": RIGHTS,
    "controller_contact_dpo": CONTROLLER,
    "complaints_regulator": COMPLAINTS,
    "professional_body": PROFESSIONAL,
    "breach_notification": BREACH,
    "children_minors": CHILDREN,
    "lawful_basis": LAWFUL,
}

# ---------------------------------------------------------------------------------------------- over-promises
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
