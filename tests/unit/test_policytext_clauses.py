"""The clause registry: one module per clause of the taxonomy, in the taxonomy's order, and the old path."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from confaudit.analysis.policytext import CLAUSES, analyse, extract_text, vocabulary
from confaudit.analysis.policytext import clauses as registry
from confaudit.analysis.policytext.matcher import ClauseSpec


@pytest.mark.parametrize("cid", CLAUSES)
def test_every_clause_has_its_module(cid: str) -> None:
    module = importlib.import_module(f"confaudit.analysis.policytext.clauses.{cid}")
    assert isinstance(module.SPEC, ClauseSpec)
    assert module.SPEC.triggers, f"{cid} has no trigger words: no sentence would ever reach its rules"
    assert registry.SPECS[cid] is module.SPEC  # the registry holds the module's table, not a copy


def test_registry_order_is_the_taxonomy_order() -> None:
    assert tuple(registry.SPECS) == CLAUSES
    assert tuple(m.__name__.rpartition(".")[2] for m in registry.MODULES) == CLAUSES


def test_no_clause_module_outside_the_taxonomy() -> None:
    found = {m.name for m in pkgutil.iter_modules(registry.__path__)}
    assert found == set(CLAUSES)


def test_vocabulary_holds_only_what_several_clauses_use() -> None:
    def patterns(spec: ClauseSpec) -> list[str]:
        rxs = [spec.veto, *spec.extra.values()]
        for rule in spec.rules:
            rxs += [rule.pattern, rule.needs, rule.ctx, rule.unless]
        return [r.pattern for r in rxs if r is not None]

    for name in ("PLACES", "UK_BODIES"):
        source = getattr(vocabulary, name)
        users = [cid for cid, spec in registry.SPECS.items() if any(source in p for p in patterns(spec))]
        assert len(users) >= 2, f"vocabulary.{name} is used by {users} only: it belongs in that clause's module"


def test_old_patterns_module_still_importable_and_warns() -> None:
    with pytest.warns(DeprecationWarning, match="patterns is deprecated"):
        import confaudit.analysis.policytext.patterns as old

        importlib.reload(old)
    assert old.CONFIDENTIALITY is registry.SPECS["confidentiality_commitment"]
    assert old.SALE is registry.SPECS["sale_or_ad_sharing"]
    assert old.SPECS is registry.SPECS
    assert "eea" in old._PLACE
    assert "portability" in old.RIGHTS_LITERALS  # derived on first use now, still served under its old name
    old.prepare()  # what checks called before the split still builds the patterns


def test_shared_vocabulary_reads_alike_in_both_clauses() -> None:
    # one place list: a notice naming Frankfurt both as a transfer destination and as a residency claim
    doc = extract_text(
        "Where we store data\nYour records are stored on servers in Frankfurt.\n\n"
        "Transfers\nWe may transfer your data outside the UK to our provider in Frankfurt using standard "
        "contractual clauses.",
        "https://example.test/privacy",
    )
    result = analyse(doc)
    assert result.clauses["data_residency_claim"].attrs["claimed_location"] == "Germany"
    assert "Germany" in result.clauses["international_transfers"].attrs["destinations"]
