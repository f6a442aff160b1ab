"""Find the "last updated / effective" date of a notice in the many ways sites write it.

A stale notice (for example one still citing the Data Protection Act 1998) is itself a finding
(`policy/stale`), so the date must be read, not guessed from HTTP headers.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

_FORMATS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_YEAR}-(\d{{1,2}})-(\d{{1,2}})\b"), "ymd"),
    (re.compile(rf"{_WEEKDAY}{_DAY}(?:\s+of)?\s+{_MON},?\s+{_YEAR}"), "dmy"),
    (re.compile(rf"{_WEEKDAY}{_MON}\s+{_DAY},?\s+{_YEAR}"), "mdy"),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)?\d{2})\b"), "numeric"),
    (re.compile(rf"\b{_MON}\s+{_YEAR}\b"), "my"),
]
_KEYWORD = re.compile(
    r"(last\s+(?:updated|revised|modified|reviewed|amended|changed)|(?:updated|revised|amended|reviewed)\s+(?:on|as of)?"
    r"|effective(?:\s+(?:date|from|as of|on))?|date of (?:the )?last revision|version date|last update|"
    r"(?:this|our) (?:policy|notice|statement) was (?:last )?(?:updated|revised|reviewed|amended))",
)
_PUBLISHED = re.compile(r"(?:published|issued|created|dated)\b")


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        if y < 100:
            y += 2000
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str, dayfirst: bool = True) -> tuple[date, int, int] | None:
    """Parse the first date in `text`; returns (date, start, end) or None."""
    best: tuple[date, int, int] | None = None
    low = text.lower()
    for rx, kind in _FORMATS:
        m = rx.search(low)
        if not m:
            continue
        g = m.groups()
        if kind == "ymd":
            d = _mk(int(g[0]), int(g[1]), int(g[2]))
        elif kind == "dmy":
            d = _mk(int(g[2]), _MONTHS[g[1][:3]], int(g[0]))
        elif kind == "mdy":
            d = _mk(int(g[2]), _MONTHS[g[0][:3]], int(g[1]))
        elif kind == "my":
            d = _mk(int(g[1]), _MONTHS[g[0][:3]], 1)
        else:
            a, b, y = int(g[0]), int(g[1]), int(g[2])
            d = _mk(y, b, a) if a > 12 or (dayfirst and b <= 12) else _mk(y, a, b)
        if d and (best is None or m.start() < best[1]):
            best = (d, m.start(), m.end())
    return best


# Every cue of _KEYWORD contains one of these stems; `str.find` locates them at C speed, so the
# regex only runs near a stem instead of at every position of a long notice.
_STEMS = ("updat", "revis", "modif", "review", "amend", "chang", "effective", "version date")


def _cue_matches(text: str) -> list[re.Match[str]]:
    spots: list[int] = []
    for stem in _STEMS:
        i = text.find(stem)
        while i >= 0:
            spots.append(i)
            i = text.find(stem, i + 1)
    out: list[re.Match[str]] = []
    last_end = -1
    for p in sorted(spots):
        if p < last_end:
            continue
        m = _KEYWORD.search(text, max(0, p - 40, last_end), p + 60)
        if m is not None and m.start() >= last_end:
            out.append(m)
            last_end = m.end()
    return out


# Plausible notice dates. Fixed, not derived from today's date, so reading a saved notice again gives the
# same answer whenever it runs; the policy check measures a date against the fetch time instead.
EARLIEST, LATEST = date(1995, 1, 1), date(2100, 12, 31)


def find_last_updated(text: str, dayfirst: bool | None = None) -> date | None:
    """Return the most recent date that follows an "updated / revised / effective" cue.

    Falls back to a "published" date. Numeric dates are read day-first unless the notice looks
    American (HIPAA, U.S. states), where month-first is the norm.
    """
    text = text.lower()
    if dayfirst is None:
        head = text[:200000]
        dayfirst = not any(k in head for k in ("hipaa", "united states", "u.s.", "california", "ccpa"))
    found: list[date] = []
    for m in _cue_matches(text):
        window = text[m.end() : m.end() + 60]
        parsed = parse_date(window, dayfirst)
        if parsed and parsed[1] <= 25:
            found.append(parsed[0])
    if not found:
        for m in _PUBLISHED.finditer(text):
            parsed = parse_date(text[m.end() : m.end() + 60], dayfirst)
            if parsed and parsed[1] <= 25:
                found.append(parsed[0])
    found = [d for d in found if EARLIEST <= d <= LATEST]
    return max(found) if found else None
