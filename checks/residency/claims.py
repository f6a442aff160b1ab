"""What the notice claims about where data is kept or sent, each claim as a place to hold observations against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from confaudit.analysis.notice import Notice
from confaudit.knowledge.places import EEA, UK, Area, area_of, place_countries
from confaudit.model import EvidenceItem

BROAD_DESTINATIONS = ("other countries", "unspecified")


@dataclass
class Claim:
    """One claim of the notice, as a place to hold the observations against."""

    kind: str  # "residency" or "transfers"
    label: str  # how the summary names it
    area: Area  # where data is allowed to be, per the claim
    quotes: list[EvidenceItem]
    attrs: dict[str, Any]
    broad: bool = False  # a transfers clause naming no particular destination


def claims_of(notice: Notice) -> list[Claim]:
    """The residency claim, then the transfers clause (whose area takes in the claimed place too)."""
    out = []
    res = notice.clause("data_residency_claim")
    if res is not None and res.status != "absent":
        area = area_of(res.attrs.get("claimed_location"))
        scope = res.attrs.get("scope") or "storage"
        label = f'"{_place_label(res.attrs.get("claimed_location"))}" ({scope.replace("+", " and ")})'
        out.append(
            Claim(
                "residency",
                f"the claim that data is kept in {label}",
                area,
                notice.quotes(res.clause),
                res.attrs,
            )
        )
    tr = notice.clause("international_transfers")
    if tr is not None and tr.status != "absent":
        dests = [str(d) for d in tr.attrs.get("destinations") or ["unspecified"]]
        broad = any(d in BROAD_DESTINATIONS or d.startswith("outside") for d in dests)
        countries = set(UK | EEA)
        if out and out[0].area.known:
            countries |= out[0].area.countries
        for d in dests:
            countries |= place_countries(d)
        safeguard = tr.attrs.get("safeguard") or "no safeguard named"
        label = f"the transfers clause (destinations: {', '.join(dests)}; safeguard: {safeguard})"
        out.append(
            Claim(
                "transfers",
                label,
                Area("the UK/EEA and " + ", ".join(dests), frozenset(countries)),
                notice.quotes(tr.clause),
                tr.attrs,
                broad,
            )
        )
    return out


def _place_label(place: Any) -> str:
    if isinstance(place, list):
        return " / ".join(str(p) for p in place)
    return str(place or "an unnamed place")
