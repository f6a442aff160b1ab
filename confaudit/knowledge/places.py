"""Place names: the one table that turns "servers in Europe" or "the U.S." into countries.

The notice's wording is normalised to a label ("UK", "EU", "Europe", "US", "Germany") and the label to the
set of countries it covers; the policy reader, the residency check and the promises check all use this
module, so "Europe" can never mean one set of countries in one place and another elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EU27 = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
EEA = EU27 | {"IS", "LI", "NO"}
UK = frozenset({"GB"})
EUROPE = EEA | UK | {"CH"}  # as a reader means "Europe": the EEA, the UK and Switzerland
# Countries with a UK and an EU adequacy decision (GDPR Art. 45 / UK GDPR s.17A), for wording only: a transfer
# there still leaves the claimed place.
ADEQUATE = frozenset({"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "UY"})
COUNTRY_NAMES = {
    "US": "the United States",
    "GB": "the United Kingdom",
    "IE": "Ireland",
    "DE": "Germany",
    "FR": "France",
    "NL": "the Netherlands",
    "CA": "Canada",
    "AU": "Australia",
    "IN": "India",
    "IL": "Israel",
    "CH": "Switzerland",
    "CN": "China",
    "RU": "Russia",
    "JP": "Japan",
    "SG": "Singapore",
    "SE": "Sweden",
    "DK": "Denmark",
    "PL": "Poland",
    "ES": "Spain",
    "IT": "Italy",
    "BE": "Belgium",
    "NZ": "New Zealand",
    "ZA": "South Africa",
    "PH": "the Philippines",
    "MT": "Malta",
    "CY": "Cyprus",
    "EE": "Estonia",
    "LV": "Latvia",
    "RO": "Romania",
    "SI": "Slovenia",
    "CZ": "Czechia",
    "AM": "Armenia",
    "AE": "the United Arab Emirates",
    "KR": "South Korea",
    "BR": "Brazil",
    "HK": "Hong Kong",
}


@dataclass(frozen=True)
class Place:
    """A place a notice can name: the label reports show, and the countries it covers."""

    label: str
    countries: frozenset[str]


_US = Place("US", frozenset({"US"}))
_UK = Place("UK", UK)
_EU = Place("EU", EU27)
_EEA = Place("EEA", EEA)
_EUROPE = Place("Europe", EUROPE)
# Aliases a notice uses, lower-cased; cities and states stand for their country.
PLACES: dict[str, Place] = {
    **dict.fromkeys(("united states", "united states of america", "usa", "us", "u.s.", "u.s.a.", "u.s", "u.s.a",
                     "america", "virginia", "california", "oregon", "ohio"), _US),
    **dict.fromkeys(("united kingdom", "uk", "u.k.", "britain", "great britain", "england", "scotland", "wales",
                     "northern ireland", "london"), _UK),
    **dict.fromkeys(("eu", "european union", "e.u."), _EU),
    **dict.fromkeys(("eea", "european economic area"), _EEA),
    "europe": _EUROPE,
    "frankfurt": Place("Germany", frozenset({"DE"})),
    "dublin": Place("Ireland", frozenset({"IE"})),
}


def country_name(code: str | None) -> str:
    if not code:
        return "an unknown country"
    return COUNTRY_NAMES.get(code, code)


def place(text: str) -> Place | None:
    """The place a name from a notice stands for; None when it names no place this table knows."""
    p = text.strip().lower().removeprefix("the ")
    hit = PLACES.get(p) or PLACES.get(p.rstrip("."))
    if hit is not None:
        return hit
    p = p.rstrip(".")
    for code, name in COUNTRY_NAMES.items():
        if name.lower().removeprefix("the ") == p:
            return Place(name.removeprefix("the "), frozenset({code}))
    if re.fullmatch(r"[a-z]{2}", p):
        return Place(p.upper(), frozenset({p.upper()}))
    return None


def place_label(text: str) -> str:
    """How reports name a place from a notice ("the U.S." -> "US"); an unknown name keeps its own words."""
    hit = place(text)
    if hit is not None:
        return hit.label
    p = text.strip()
    return p.title() if len(p) > 3 else p.upper()


def place_countries(text: str) -> frozenset[str]:
    """Countries a place name (or a label) covers; empty when it names no checkable place."""
    hit = place(text)
    return hit.countries if hit is not None else frozenset()


@dataclass(frozen=True)
class Area:
    """A claimed place as a set of countries ("UK" -> {GB}; "EU" -> the 27; "UK, EU" -> both)."""

    label: str
    countries: frozenset[str]

    def __contains__(self, country: object) -> bool:
        return country in self.countries

    @property
    def known(self) -> bool:
        return bool(self.countries)


def area_of(claimed: str | list[str] | None) -> Area:
    """The area a ``claimed_location`` attribute (one place or a list) stands for."""
    places = [claimed] if isinstance(claimed, str) else list(claimed or [])
    countries: set[str] = set()
    for name in places:
        countries |= place_countries(name)
    return Area(" or ".join(places) if places else "(unspecified)", frozenset(countries))


def in_uk_or_eea(country: str | None) -> bool:
    return country is not None and (country in UK or country in EEA)
