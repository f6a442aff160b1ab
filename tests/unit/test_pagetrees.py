"""The crawl's policy-page trees waiting for the notice extraction: bounded, handed over once."""

from __future__ import annotations

from confaudit.analysis import pagetrees
from confaudit.analysis.html import parse_document
from confaudit.model import Evidence, Target


def _evidence() -> Evidence:
    return Evidence(target=Target("https://p.example/"))


def test_trees_are_kept_within_the_bound_and_taken_once() -> None:
    evidence = _evidence()
    tree = parse_document("<p>Notice</p>")
    assert pagetrees.keep(evidence, "https://p.example/a", 1000, tree)
    assert pagetrees.keep(evidence, "https://p.example/a", 1000, tree)  # the same page again: counted once
    assert not pagetrees.keep(evidence, "https://p.example/b", pagetrees.MAX_BYTES - 999, tree)  # over
    assert pagetrees.keep(evidence, "https://p.example/c", pagetrees.MAX_BYTES - 1000, tree)  # exactly full
    assert pagetrees.take(evidence, "https://p.example/b") is None  # never kept: parsed again instead
    assert pagetrees.take(evidence, "https://p.example/a") is tree
    assert pagetrees.take(evidence, "https://p.example/a") is None
    assert pagetrees.keep(evidence, "https://p.example/d", 1000, tree)  # room again once taken


def test_discard_frees_room_and_nothing_is_kept_for_an_empty_page() -> None:
    evidence = _evidence()
    tree = parse_document("<p>Notice</p>")
    assert pagetrees.keep(evidence, "https://p.example/a", pagetrees.MAX_BYTES, tree)
    assert not pagetrees.keep(evidence, "https://p.example/b", 1, tree)
    pagetrees.discard(evidence, "https://p.example/a")
    pagetrees.discard(evidence, "https://p.example/never-kept")
    assert pagetrees.take(evidence, "https://p.example/a") is None
    assert not pagetrees.keep(evidence, "https://p.example/b", 1, None)
    assert pagetrees.keep(evidence, "https://p.example/b", 1, tree)
