"""The check API: one rule, one function, metadata beside it; a declared rule is always a judged rule."""

from __future__ import annotations

from typing import Any

import pytest

from confaudit.api import Check, Outcome, Rule, SkipCheck
from confaudit.model import CheckStatus, Evidence, EvidenceItem, FindingStatus, Severity, Target

FAIL, PASS = FindingStatus.FAIL, FindingStatus.PASS


def evidence(**parts: Any) -> Evidence:
    return Evidence(target=Target(url="https://a.example/"), parts=dict(parts))


def toy_check() -> Check:
    check = Check(id="toy", title="Toy", category="test", weight=1.0, needs=("crawl",))

    @check.context
    def read(ev: Evidence, knowledge: Any) -> dict[str, Any]:
        if ev.get("crawl") == "skip me":
            raise SkipCheck("nothing to read")
        return {"words": str(ev.get("crawl")).split()}

    @check.rule(
        "toy/empty",
        "Nothing was said",
        Severity.HIGH,
        rationale="Silence tells a client nothing.",
        remediation="Say something.",
        references=["gdpr-art-32"],
    )
    def empty(reading: dict[str, Any]) -> Outcome:
        if reading["words"]:
            return Outcome(PASS, f"{len(reading['words'])} word(s).")
        return Outcome(FAIL, "No words.")

    @check.family(
        [
            Rule("toy/has/a", "No a", Severity.LOW, "", "", []),
            Rule("toy/has/b", "No b", Severity.MEDIUM, "", "", []),
        ]
    )
    def letters(reading: dict[str, Any]) -> dict[str, Outcome]:
        text = " ".join(reading["words"])
        return {f"toy/has/{c}": Outcome(PASS if c in text else FAIL, c) for c in "ab"}

    @check.summary
    def summary(reading: dict[str, Any], outcomes: dict[str, Outcome]) -> dict[str, Any]:
        return {
            "words": len(reading["words"]),
            "failed": sorted(r for r, o in outcomes.items() if o.status == FAIL),
        }

    @check.locate
    def where(reading: dict[str, Any]) -> str:
        return "https://a.example/notice"

    return check


def test_rules_are_declared_once_in_order_and_each_is_judged() -> None:
    check = toy_check()
    assert [r.id for r in check.rules] == ["toy/empty", "toy/has/a", "toy/has/b"]
    assert check.rule_meta("toy/empty").references == ["gdpr-art-32"]
    result = check.run(evidence(crawl="a cat"), None)
    assert result.status == CheckStatus.OK, result.reason
    got = {f.rule: (f.status, f.severity) for f in result.findings}
    assert got == {
        "toy/empty": (PASS, Severity.INFO),
        "toy/has/a": (PASS, Severity.INFO),
        "toy/has/b": (FAIL, Severity.MEDIUM),
    }
    assert result.data == {"words": 2, "failed": ["toy/has/b"]}
    assert {f.url for f in result.findings} == {"https://a.example/notice"}
    failed = check.run(evidence(crawl=""), None)
    assert {f.rule for f in failed.findings if f.status == FAIL} == {"toy/empty", "toy/has/a", "toy/has/b"}
    empty = next(f for f in failed.findings if f.rule == "toy/empty")
    assert empty.severity == Severity.HIGH and empty.remediation == "Say something."
    assert empty.references == ["GDPR / UK GDPR Art. 32: security of processing"]  # the catalogue's wording


def test_skip_missing_evidence_and_a_broken_family_are_recorded_not_raised() -> None:
    check = toy_check()
    assert check.run(evidence(crawl="skip me"), None).status == CheckStatus.SKIPPED
    assert "needed evidence is missing" in (check.run(evidence(), None).reason or "")

    @check.family([Rule("toy/half", "Half", Severity.LOW, "", "", [])])
    def forgetful(reading: dict[str, Any]) -> dict[str, Outcome]:
        return {}

    broken = check.run(evidence(crawl="a b"), None)
    assert broken.status == CheckStatus.ERROR and "did not judge ['toy/half']" in (broken.reason or "")


def test_a_rule_id_is_written_once_and_belongs_to_its_check() -> None:
    check = toy_check()
    with pytest.raises(ValueError, match="declared twice"):
        check.rule("toy/empty", "Again", Severity.LOW, rationale="", remediation="")(
            lambda r: Outcome(PASS, "")
        )
    with pytest.raises(KeyError, match="no-such-law"):
        check.rule("toy/cites", "X", Severity.LOW, rationale="", remediation="", references=["no-such-law"])(
            lambda r: Outcome(PASS, "")
        )
    with pytest.raises(ValueError, match="must start with 'toy/'"):
        check.rule("other/x", "X", Severity.LOW, rationale="", remediation="")(lambda r: Outcome(PASS, ""))


def test_every_installed_check_declares_unique_rules_of_its_own() -> None:
    from confaudit.engine.registry import load

    seen: set[str] = set()
    for check in load().checks.values():
        for rule in check.rules:
            assert rule.id.startswith(check.id + "/"), rule.id
            assert rule.id not in seen, rule.id
            seen.add(rule.id)
    assert len(seen) > 50


def test_a_check_sets_how_much_evidence_a_finding_keeps() -> None:
    def many(cap: int | None) -> int:
        limit = {} if cap is None else {"max_evidence": cap}
        check = Check(id="many", title="Many", category="test", weight=1.0, needs=(), **limit)

        @check.rule("many/items", "Items", Severity.LOW, rationale="r", remediation="x")
        def items(ev: Evidence) -> Outcome:
            return Outcome(FAIL, "many", [EvidenceItem("note", str(i)) for i in range(80)])

        [finding] = check.run(evidence(), None).findings
        assert [i.text for i in finding.evidence] == [str(i) for i in range(len(finding.evidence))]
        return len(finding.evidence)

    assert many(None) == 50
    assert many(60) == 60
