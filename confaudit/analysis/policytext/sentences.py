"""Sentence splitting tuned for notices: list items, abbreviations, semicolon lists, huge lines."""

from __future__ import annotations

import re

# Abbreviations that end in a dot but rarely end a sentence in notices.
_ABBREV = {
    "e.g",
    "i.e",
    "eg",
    "ie",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "inc",
    "ltd",
    "co",
    "corp",
    "no",
    "nos",
    "st",
    "vs",
    "art",
    "arts",
    "para",
    "sec",
    "u.s",
    "u.k",
    "e.u",
    "fig",
    "approx",
    "dept",
    "ref",
    "reg",
    "regs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "cf",
    "al",
    "incl",
}
# the end mark is part of the match (not a look-behind) so `re` can skip ahead to candidates quickly
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9•])")
_LAST_WORD = re.compile(r"([A-Za-z.]+)\.$")
_WS = re.compile(r"[\x00-\x20\x7f\u00a0\u2000-\u200b\u2028\u2029\u3000]+")
_BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪●]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s+")

MAX_SENTENCE = 1500  # a hostile single "sentence" is cut into chunks this long
SPLIT_SEMICOLONS_ABOVE = 280


_ODD_WS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\u200b\x85]")


def normalise_ws(text: str) -> str:
    """Collapse whitespace and drop control characters (they can only confuse a terminal or a regex).

    `str.split()` does the same for ordinary whitespace at C speed; the regex only runs when a control
    character or zero-width space is present.
    """
    if _ODD_WS.search(text):
        return _WS.sub(" ", text).strip()
    return " ".join(text.split())


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1)


def split_sentences(paragraph: str, normalised: bool = False) -> list[str]:
    """Split one paragraph into sentences.

    Long enumerations joined by semicolons ("if ...; if ...; if ...") are split too, because
    each limb is usually a separate disclosure; over-long runs without punctuation are chunked
    so one hostile line cannot make later matching quadratic.
    """
    para = paragraph if normalised else normalise_ws(paragraph)
    if not para:
        return []
    pieces: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(para):
        cut = m.start() + 1  # just after the end mark
        head = para[max(start, cut - 40) : cut].rstrip()  # the last word is all the checks need
        lw = _LAST_WORD.search(head)
        if lw and lw.group(1).lower().rstrip(".") in _ABBREV:
            continue
        if lw and len(lw.group(1)) == 1:  # initials such as "J. Smith"
            continue
        pieces.append(para[start:cut].strip())
        start = m.end()
    pieces.append(para[start:].strip())
    out: list[str] = []
    for p in pieces:
        if not p:
            continue
        if len(p) > SPLIT_SEMICOLONS_ABOVE and ";" in p:
            out.extend(x.strip() for x in p.split(";") if x.strip())
        else:
            out.append(p)
    final: list[str] = []
    for p in out:
        while len(p) > MAX_SENTENCE:
            cut = p.rfind(" ", 0, MAX_SENTENCE)
            if cut < MAX_SENTENCE // 2:
                cut = MAX_SENTENCE
            final.append(p[:cut].strip())
            p = p[cut:].strip()
        if p:
            final.append(p)
    return final
