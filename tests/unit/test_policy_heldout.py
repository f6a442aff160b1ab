"""Four notices in styles the corpus lacks (US HIPAA NPP in HTML, UK sole trader, EU platform, app bullets).

Their expected statuses were written by hand from clauses.md before the detector saw them
(`fixtures/policy/heldout_labels.json`); the detector must reach them through general rules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confaudit.analysis.policytext import CLAUSES, PolicyAnalysis, analyse, extract_any

FIX = Path(__file__).parent.parent / "fixtures" / "policy"
LABELS = {
    k: v
    for k, v in json.loads((FIX / "heldout_labels.json").read_text(encoding="utf-8")).items()
    if k[0] != "_"
}
_CACHE: dict[str, PolicyAnalysis] = {}


def analysed(name: str) -> PolicyAnalysis:
    if name not in _CACHE:
        ctype = "text/html" if name.endswith(".html") else "text/plain"
        _CACHE[name] = analyse(extract_any((FIX / name).read_bytes(), LABELS[name]["url"], ctype))
    return _CACHE[name]


def expected(name: str, clause: str) -> str:
    lab = LABELS[name]
    return "present" if clause in lab["present"] else "partial" if clause in lab["partial"] else "absent"


@pytest.mark.parametrize("name", sorted(LABELS))
@pytest.mark.parametrize("clause", CLAUSES)
def test_status_as_labelled(name: str, clause: str) -> None:
    result = analysed(name).clauses[clause]
    assert result.status == expected(name, clause), [q.text for q in result.quotes]
    assert bool(result.quotes) == (result.status != "absent")


@pytest.mark.parametrize("name", sorted(LABELS))
def test_attributes_date_and_over_promises(name: str) -> None:
    a = analysed(name)
    for clause, attrs in LABELS[name].get("attrs", {}).items():
        for key, value in attrs.items():
            assert a.clauses[clause].attrs.get(key) == value, (clause, key)
    assert a.last_updated is not None and a.last_updated.isoformat() == LABELS[name]["last_updated"]
    assert bool(a.over_promises) == LABELS[name].get("over_promise", False)
    assert a.language == "en"


def test_npp_html_furniture_is_not_quoted() -> None:
    a = analysed("heldout_us_hipaa_npp.html")
    quotes = [q.text for r in a.clauses.values() for q in r.quotes]
    assert not any("We use cookies. Accept" in q or "Log in" in q for q in quotes)
