"""Clause detection: which of the 24 disclosures a notice makes, with the sentences as evidence.

Deterministic pattern rules over sentences (with section-heading and previous-sentence context
for rules that need it). A per-word trigger index decides which clauses' rules a sentence is
worth running through, which keeps multi-megabyte notices fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain
from typing import Any

from confaudit.knowledge.places import place_label

from . import over_promises as op
from .clauses import SPECS
from .clauses.data_subject_rights import RIGHT_TYPES
from .index import OVER as _OVER
from .index import Index, Triggers, get_index
from .matcher import ClauseSpec, negated
from .model import ClauseResult, PolicyAnalysis, PolicyDocument, Quote, Sentence
from .readability import readability
from .taxonomy import CLAUSES

MAX_QUOTES = 3
_WORD = re.compile(r"[a-z0-9]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


_ID_NUMBER = re.compile(r"^(z[a-z]?\d{6,7}|\d{3,})$")
_word_cache: dict[str, tuple[str, ...]] = {}


def _clauses_for_word(word: str, triggers: dict[str, Triggers]) -> tuple[str, ...]:
    hit = _word_cache.get(word)
    if hit is None:
        found = []
        for cid, (exact, prefix) in triggers.items():
            if word in exact or (prefix is not None and prefix.match(word)):
                found.append(cid)
        if _ID_NUMBER.match(word) and "controller_contact_dpo" not in found:
            found.append("controller_contact_dpo")
        hit = tuple(found)
        _word_cache[word] = hit
    return hit


def normalise_for_match(text: str) -> str:
    """Lower-case with typographic quotes and dashes made plain (str.translate is slow: skip it for ASCII)."""
    low = text.lower()
    return low if low.isascii() else low.translate(_QUOTES)


class _Doc:
    """Per-analysis view: lower-cased sentences, candidate clauses per sentence, lazy context."""

    def __init__(self, doc: PolicyDocument, ix: Index, use_triggers: bool = True):
        self.doc = doc
        self.ix = ix
        self.sents: list[Sentence] = doc.sentences
        self.low: list[str] = [normalise_for_match(s.text) for s in self.sents]
        self.by_clause: dict[str, list[int]] = {c: [] for c in (*CLAUSES, _OVER)}
        self.words: list[set[str]] = []
        all_ids = (*CLAUSES, _OVER)
        cache = _word_cache
        if len(cache) > 300_000:  # bounded, and never cleared halfway through a document
            cache.clear()
        for i, low in enumerate(self.low):
            if use_triggers:
                words = set(_WORD.findall(low))
                self.words.append(words)
                for w in words.difference(cache):  # new words only; the rest is dictionary lookups in C
                    _clauses_for_word(w, ix.triggers)
                cands: set[str] = set(chain.from_iterable(map(cache.__getitem__, words)))
                if "@" in low:
                    cands.add("controller_contact_dpo")
                if low.endswith(":"):
                    cands.add("third_party_processors")
            else:
                cands = set(all_ids)
                self.words.append(set(_WORD.findall(low)))
            for c in cands:
                self.by_clause[c].append(i)
        self._heads: dict[str, str] = {}

    def ctx(self, i: int) -> str:
        s = self.sents[i]
        prev = self.low[i - 1] if i > 0 and self.sents[i - 1].heading == s.heading else ""
        head = self._heads.get(s.heading)
        if head is None:
            head = self._heads[s.heading] = normalise_for_match(s.heading)
        return f"{head} \n {prev} \n {self.low[i]}"

    def quote(self, i: int) -> Quote:
        s = self.sents[i]
        return Quote(text=s.text, heading=s.heading, url=s.url)


def _rule_level(spec: ClauseSpec, d: _Doc, i: int) -> tuple[str | None, str]:
    low = d.low[i]
    for rule in spec.rules:
        if rule.gate is not None and rule.gate.isdisjoint(d.words[i]):
            continue
        m = rule.pattern.search(low)
        if not m:
            continue
        if rule.needs is not None and not rule.needs.search(low):
            continue
        if rule.unless is not None and rule.unless.search(low):
            continue
        if rule.ctx is not None and not rule.ctx.search(d.ctx(i)):
            continue
        if spec.veto is not None and spec.veto.search(low):
            return None, ""  # the veto applies to every rule of the clause: checked once, only on a hit
        return rule.level, rule.tag
    return None, ""


def _generic(cid: str, d: _Doc) -> tuple[str, list[int], list[int]]:
    """Run a clause's rules; return (status, present sentence ids, partial sentence ids)."""
    spec = SPECS[cid]
    lits = d.ix.spec_lits[cid]
    pres: list[int] = []
    part: list[int] = []
    for i in d.by_clause[cid]:
        if lits and not any(map(d.low[i].__contains__, lits)):
            continue  # no rule of the clause can match this sentence
        level, _ = _rule_level(spec, d, i)
        if level == "present":
            pres.append(i)
        elif level == "partial":
            part.append(i)
    status = "present" if pres else "partial" if part else "absent"
    return status, pres, part


def _result(
    cid: str, d: _Doc, status: str, ids: list[int], attrs: dict[str, Any] | None = None
) -> ClauseResult:
    seen: set[str] = set()
    quotes: list[Quote] = []
    for i in ids:
        q = d.quote(i)
        if q.text in seen:
            continue
        seen.add(q.text)
        quotes.append(q)
        if len(quotes) >= MAX_QUOTES:
            break
    return ClauseResult(
        clause=cid, status=status, quotes=quotes if status != "absent" else [], attrs=attrs or {}
    )


def _simple(cid: str, d: _Doc) -> ClauseResult:
    status, pres, part = _generic(cid, d)
    return _result(cid, d, status, pres if status == "present" else part)


# ------------------------------------------------------------------------------------- custom clauses


def _supervision(d: _Doc) -> ClauseResult:
    status, pres, part = _generic("supervision", d)
    ids = pres if status == "present" else part
    attrs: dict[str, Any] = {}
    if status == "present":
        anon = SPECS["supervision"].extra["anon"]
        near = [j for i in pres for j in (i, i + 1, i + 2) if j < len(d.low)]
        attrs["anonymised"] = any(anon.search(d.low[j]) for j in near)
        extra = [j for j in near if anon.search(d.low[j]) and j not in ids]
        ids = ids[:2] + extra[:1]
    return _result("supervision", d, status, ids, attrs)


def _encryption(d: _Doc) -> ClauseResult:
    status, pres, part = _generic("encryption_security", d)
    ex = SPECS["encryption_security"].extra
    in_transit: bool | None = None
    at_rest: bool | None = None
    e2e = False
    e2e_denied = False
    for i in pres:
        low = d.low[i]
        if ex["transit"].search(low) and not re.search(r"not (be )?encrypted|unencrypted", low):
            in_transit = True
        if ex["rest"].search(low) and not re.search(
            r"not (be )?encrypted (at rest|when stored)|unencrypted", low
        ):
            at_rest = True
        for m in ex["e2e"].finditer(low):
            if negated(low, m.start(), 40):
                e2e_denied = True
            else:
                e2e = True
    attrs: dict[str, Any] = {"in_transit": in_transit, "at_rest": at_rest, "e2e_claimed": e2e}
    if e2e_denied:
        attrs["e2e_denied"] = True
    return _result("encryption_security", d, status, pres if status == "present" else part, attrs)


def _recording(d: _Doc) -> ClauseResult:
    status, pres, part = _generic("session_recording", d)
    recorded: bool | None = None
    neg = SPECS["session_recording"].extra["neg"]
    vals = [not bool(neg.search(d.low[i])) for i in pres]
    if vals:
        recorded = any(vals)
    return _result(
        "session_recording", d, status, pres if status == "present" else part, {"recorded": recorded}
    )


def _sale(d: _Doc) -> ClauseResult:
    ex = SPECS["sale_or_ad_sharing"].extra
    kinds: dict[str, list[int]] = {}
    for i in d.by_clause["sale_or_ad_sharing"]:
        low = d.low[i]
        if d.ix.sale_lits and not any(map(low.__contains__, d.ix.sale_lits)):
            continue
        found: list[str] = []
        if ex["sale_neg"].search(low) and not ex["business_sale"].search(low):
            found.append("conditional_no_sale" if ex["conditional"].search(low) else "denies_sale")
        elif ex["sale_pos"].search(low) and not ex["business_sale"].search(low):
            m = ex["sale_pos"].search(low)
            if m and not negated(low, m.start()):
                found.append("discloses_sale")
        if ex["share_all_neg"].search(low) and not ex["share_all_unless"].search(low):
            found.append("denies_all_sharing")
        if ex["mkt_neg"].search(low):
            found.append("denies_marketing_sharing")
        for key, kind in (("ad_share", "ad_share"), ("ad_use", "ad_use")):
            m = ex[key].search(low)
            if m and not negated(low, m.start(), 60):
                found.append(kind)
        for k in found:
            kinds.setdefault(k, []).append(i)
    attrs: dict[str, Any] = {"polarity": None}
    if not kinds:
        return _result("sale_or_ad_sharing", d, "absent", [], attrs)
    order = (
        "ad_share",
        "ad_use",
        "discloses_sale",
        "denies_all_sharing",
        "denies_marketing_sharing",
        "denies_sale",
        "conditional_no_sale",
    )
    statement = any(k in kinds for k in order if k != "ad_use")
    if "ad_share" in kinds or "ad_use" in kinds:
        attrs["polarity"] = "discloses_ad_use"
        ad_ids = kinds.get("ad_share", []) + kinds.get("ad_use", [])
        if any(ex["deid"].search(d.low[i]) for i in ad_ids):
            attrs["deidentified_only"] = all(ex["deid"].search(d.low[i]) for i in ad_ids)
    elif "denies_all_sharing" in kinds:
        attrs["polarity"] = "denies_all_sharing"
    elif "denies_marketing_sharing" in kinds:
        attrs["polarity"] = "denies_marketing_sharing"
    elif "denies_sale" in kinds:
        attrs["polarity"] = "denies_sale"
    elif "conditional_no_sale" in kinds:
        attrs["polarity"] = "conditional_no_sale"
    if "discloses_sale" in kinds:
        attrs["discloses_sale"] = True
    attrs["statements"] = sorted(k for k in kinds if k not in ("ad_share", "ad_use"))
    status = "present" if statement else "partial"
    ids = sorted({i for k in order if k in kinds for i in kinds[k]})
    # put the sentence behind the chosen polarity first
    lead = {"discloses_ad_use": kinds.get("ad_share", []) + kinds.get("ad_use", [])}.get(
        attrs["polarity"] or "", kinds.get(attrs["polarity"] or "", [])
    )
    ids = lead + [i for i in ids if i not in lead]
    return _result("sale_or_ad_sharing", d, status, ids, attrs)


def _transfers(d: _Doc) -> ClauseResult:
    status, pres, part = _generic("international_transfers", d)
    ids = pres if status == "present" else part
    ex = SPECS["international_transfers"].extra
    attrs: dict[str, Any] = {"destinations": None, "safeguard": None}
    if status != "absent":
        dests: list[str] = []
        safeguard: str | None = None
        for i in ids:
            low = d.low[i]
            for m in ex["place"].finditer(low):
                place = m.group(4)
                if m.group(1):
                    label = (
                        f"outside {place_label(place)}"
                        if place not in ("country", "state", "jurisdiction")
                        else (f"outside your {place}")
                    )
                elif place in ("country", "state", "jurisdiction"):
                    continue
                else:
                    label = place_label(place)
                if label not in dests:
                    dests.append(label)
            if (
                re.search(r"other countries|overseas|abroad|internationally|third countr", low)
                and "other countries" not in dests
            ):
                dests.append("other countries")
        # the safeguard may sit in any transfer-related sentence
        for i in d.by_clause["international_transfers"]:
            low = d.low[i]
            for key, label in (
                ("scc", "standard contractual clauses"),
                ("idta", "IDTA / UK addendum"),
                ("adequacy", "adequacy"),
                ("bcr", "binding corporate rules"),
                ("dpf", "Data Privacy Framework / Privacy Shield"),
                ("consent", "consent by using the service (no Art. 46 safeguard)"),
                ("generic", "unspecified safeguards"),
            ):
                if ex[key].search(low):
                    safeguard = safeguard or label
        attrs["destinations"] = dests or ["unspecified"]
        attrs["safeguard"] = safeguard
    return _result("international_transfers", d, status, ids, attrs)


def _residency(d: _Doc) -> ClauseResult:
    status, pres, _ = _generic("data_residency_claim", d)
    ex = SPECS["data_residency_claim"].extra
    attrs: dict[str, Any] = {"claimed_location": None, "scope": None}
    if status == "absent":
        return _result("data_residency_claim", d, status, [], attrs)
    places: list[str] = []
    scopes: list[str] = []
    firm = False
    for i in pres:
        low = d.low[i]
        for m in ex["place"].finditer(low):
            p = m.group(1)
            label = "country of collection" if p.startswith("the country") else place_label(p)
            if label not in places:
                places.append(label)
        scope = (
            "processing"
            if ex["process"].search(low) and not re.search(r"stor|host|server|held|kept", low)
            else "storage"
        )
        if scope not in scopes:
            scopes.append(scope)
        if not ex["hedge"].search(low):
            firm = True
    attrs["claimed_location"] = places[0] if len(places) == 1 else places
    attrs["scope"] = "+".join(scopes)
    status = "present" if firm else "partial"
    return _result("data_residency_claim", d, status, pres, attrs)


# enumerations such as "the right to know, delete and correct" count as the rights they name
_RIGHT_ALIAS = {
    "enum_delete": "erasure",
    "enum_correct": "rectification",
    "enum_know": "access",
    "enum_opt_out": "opt_out_sale",
}


def _rights(d: _Doc) -> ClauseResult:
    types: dict[str, list[int]] = {}
    veto = SPECS["data_subject_rights"].veto
    for i in d.by_clause["data_subject_rights"]:
        low = d.low[i]
        if not any(map(low.__contains__, d.ix.rights_lits)):
            continue
        hits = [_RIGHT_ALIAS.get(name, name) for name, rxp in RIGHT_TYPES.items() if rxp.search(low)]
        if not hits or (veto is not None and veto.search(low)):
            continue
        for name in hits:
            types.setdefault(name, []).append(i)
    n = len(types)
    status = "present" if n >= 3 else "partial" if n else "absent"
    ids = sorted({i for v in types.values() for i in v})
    return _result("data_subject_rights", d, status, ids, {"rights": sorted(types)})


def _controller(d: _Doc) -> ClauseResult:
    ex = SPECS["controller_contact_dpo"].extra
    ctrl: list[int] = []
    ico: list[int] = []
    contact: list[int] = []
    for i in d.by_clause["controller_contact_dpo"]:
        low = d.low[i]
        if ex["controller"].search(low) and not ex["definition"].search(low):
            ctrl.append(i)
        if ex["ico"].search(low):
            ico.append(i)
        if ("@" in low or any(ch.isdigit() for ch in low)) and ex["contact"].search(low):
            contact.append(i)
    attrs: dict[str, Any] = {
        "controller_named": bool(ctrl),
        "ico_registration": bool(ico),
        "contact_details": bool(contact),
    }
    if ctrl:
        return _result("controller_contact_dpo", d, "present", ctrl[:2] + contact[:1], attrs)
    if ico or contact:
        return _result("controller_contact_dpo", d, "partial", ico[:2] + contact[:1], attrs)
    return _result("controller_contact_dpo", d, "absent", [], attrs)


def _professional(d: _Doc) -> ClauseResult:
    status, pres, part = _generic("professional_body", d)
    ids = pres if status == "present" else part
    names: list[str] = []
    regulated = False
    for i in ids:
        for m in SPECS["professional_body"].extra["names"].finditer(d.low[i]):
            if m.group(1).upper() not in names:
                names.append(m.group(1).upper())
        regulated = regulated or bool(SPECS["professional_body"].extra["regulated"].search(d.low[i]))
    attrs: dict[str, Any] = {"bodies": names}
    if regulated:
        attrs["claims_statutory_regulation"] = (
            True  # BACP & co. are membership bodies, not statutory regulators
        )
    return _result("professional_body", d, status, ids, attrs)


def _lawful(d: _Doc) -> ClauseResult:
    ex = SPECS["lawful_basis"].extra
    art6: list[int] = []
    art9: list[int] = []
    for i in d.by_clause["lawful_basis"]:
        low = d.low[i]
        if d.ix.lawful_lits and not any(map(low.__contains__, d.ix.lawful_lits)):
            continue
        if ex["definition"].search(low):
            continue
        if ex["art6"].search(low):
            art6.append(i)
        m9 = ex["art9"].search(low)
        if m9 and (m9.group(0) != "explicit consent" or ex["art9_needs"].search(low)):
            art9.append(i)
    attrs = {"article6": bool(art6), "article9": bool(art9)}
    if art6 and art9:
        return _result("lawful_basis", d, "present", art6[:2] + art9[:1], attrs)
    if art6 or art9:
        return _result("lawful_basis", d, "partial", (art6 or art9), attrs)
    return _result("lawful_basis", d, "absent", [], attrs)


_CUSTOM: dict[str, Callable[[_Doc], ClauseResult]] = {
    "supervision": _supervision,
    "encryption_security": _encryption,
    "session_recording": _recording,
    "sale_or_ad_sharing": _sale,
    "international_transfers": _transfers,
    "data_residency_claim": _residency,
    "data_subject_rights": _rights,
    "controller_contact_dpo": _controller,
    "professional_body": _professional,
    "lawful_basis": _lawful,
}


def _over_promises(d: _Doc) -> list[Quote]:
    out: list[Quote] = []
    for i in d.by_clause[_OVER]:
        low = d.low[i]
        if d.ix.over_lits and not any(map(low.__contains__, d.ix.over_lits)):
            continue
        nxt = d.low[i + 1] if i + 1 < len(d.low) else ""
        hit = False
        m = op.OVER_SECURE.search(low)
        if m and not op.OVER_NEG_BEFORE.search(low[max(0, m.start() - 40) : m.start()]):
            hit = True
        if not hit:
            for rxp in (op.OVER_PRIOR, op.OVER_NEVER, op.OVER_EVERYTHING):
                if (
                    rxp.search(low)
                    and not op.OVER_HEDGE.search(low)
                    and not op.OVER_NEXT_EXCEPTION.search(nxt)
                ):
                    hit = True
                    break
        if hit:
            out.append(d.quote(i))
    return out


def analyse(doc: PolicyDocument, *, use_triggers: bool = True) -> PolicyAnalysis:
    """Judge a notice against the 24 clauses; every non-absent clause carries its quotes.

    `use_triggers=False` runs every rule on every sentence (slow; used to check the trigger
    index loses nothing).
    """
    d = _Doc(doc, get_index(), use_triggers=use_triggers)
    clauses: dict[str, ClauseResult] = {}
    for cid in CLAUSES:
        fn = _CUSTOM.get(cid)
        clauses[cid] = fn(d) if fn else _simple(cid, d)
    return PolicyAnalysis(
        urls=list(doc.urls),
        language=doc.language,
        last_updated=doc.last_updated,
        clauses=clauses,
        over_promises=_over_promises(d),
        readability=readability([s.text for s in doc.sentences]),
    )
