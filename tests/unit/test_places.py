"""One place-name table: the policy reader's labels and the residency check's countries agree."""

from __future__ import annotations

import pytest

from confaudit.analysis.policytext import analyse, extract_text
from confaudit.knowledge.places import EEA, EU27, UK, area_of, country_name, place_countries, place_label


@pytest.mark.parametrize(
    ("name", "label", "has", "lacks"),
    [
        ("Europe", "Europe", {"GB", "DE", "NO", "CH"}, {"US"}),
        ("the EU", "EU", {"DE", "IE"}, {"GB", "NO", "CH"}),
        ("European Economic Area", "EEA", {"DE", "NO", "IS"}, {"GB", "CH"}),
        ("the UK", "UK", {"GB"}, {"IE", "DE"}),
        ("U.K.", "UK", {"GB"}, {"IE"}),
        ("United States", "US", {"US"}, {"CA", "GB"}),
        ("the U.S.", "US", {"US"}, {"GB"}),
        ("Frankfurt", "Germany", {"DE"}, {"GB"}),
        ("the Netherlands", "Netherlands", {"NL"}, {"DE"}),
    ],
)
def test_a_place_is_one_label_and_one_set_of_countries(name: str, label: str, has: set[str], lacks: set[str]):
    assert place_label(name) == label
    countries = place_countries(name)
    assert has <= countries and not (lacks & countries)
    assert place_countries(label) == countries  # the label a report shows means what the words meant


def test_the_sets_nest_as_the_law_draws_them():
    assert len(EU27) == 27 and EU27 < EEA and not (UK & EEA)
    assert place_countries("Europe") == EEA | UK | {"CH"}
    assert area_of(["UK", "EU"]).countries == UK | EU27
    assert not area_of("Atlantis").known and place_label("atlantis") == "Atlantis"
    assert country_name("MT") == "Malta" and country_name(None) == "an unknown country"


def test_the_policy_reader_labels_transfers_with_the_same_table():
    text = (
        "Privacy notice\n\nWe store your records on servers in Europe. "
        "We may transfer your personal data to the United States, with standard contractual clauses."
    )
    result = analyse(extract_text(text, "notice.txt"))
    labels = result.clauses["international_transfers"].attrs.get("destinations") or []
    assert "US" in labels, result.clauses["international_transfers"]
    stored = result.clauses["data_residency_claim"].attrs.get("claimed_location")
    assert stored == "Europe", result.clauses["data_residency_claim"]
    assert area_of(stored).countries == EEA | UK | {"CH"}  # a UK server is in "Europe" as claimed
