"""The recordings the check tests judge (``tests/evidence``) still match what the loopback worlds produce.

Each recorded scenario is audited once this session (the same cached audit the other loopback tests use):
its evidence must equal the recording once volatile values are masked (``tests/evidence/compare.py``), and
every check must reach the same verdicts on both. A failure names the first differences; when a change to a
probe or a site is intended, ``make fixtures`` re-records.
"""

from __future__ import annotations

import json

import pytest

from confaudit.model.serde import to_jsonable
from tests import evidence as recorded
from tests.checks.judging import checks_of, result_of
from tests.evidence.compare import differences, normalise_parts
from tests.sites import claims, tls
from tests.sites.worlds import SCENARIOS

RECORDED = [name for name, s in SCENARIOS.items() if s.recorded]


def needs(name: str) -> pytest.MarkDecorator | None:
    world = SCENARIOS[name].world
    if world == "tls" and not tls.nginx_available():
        return pytest.mark.skip(reason="nginx (nginx-light) is not installed")
    if world == "claims" and not claims.loopback_ok("127.0.0.3"):
        return pytest.mark.skip(reason="cannot bind 127.0.0.2/3 here")
    if SCENARIOS[name].options.get("browser") == "always":
        from confaudit.probes.browser import find_chromium

        if find_chromium() is None:
            return pytest.mark.skip(reason="no Chromium installed")
    return None


def verdicts(result) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return [(c.check, f.rule, f.status.value, f.severity.value) for c in result.checks for f in c.findings]


@pytest.mark.parametrize("name", [pytest.param(n, marks=[m] if (m := needs(n)) else []) for n in RECORDED])
def test_recording_matches_todays_audit(worlds, name: str) -> None:
    live = worlds.live(name)
    doc = recorded.document(name)
    scenario = SCENARIOS[name]
    assert (doc["url"], doc["options"]) == (scenario.url, json.loads(json.dumps(scenario.options))), (
        "the scenario changed since it was recorded: run `make fixtures`"
    )
    fresh = {probe: to_jsonable(part) for probe, part in live.evidence.parts.items()}
    diffs = differences(normalise_parts(doc["parts"]), normalise_parts(fresh))
    assert not diffs, (
        "recorded evidence differs from today's audit (`make fixtures` re-records):\n" + "\n".join(diffs[:15])
    )
    assert doc["errors"] == live.evidence.errors
    checks = checks_of(name) if scenario.world != "tls" else ["tls"]
    again = result_of(recorded.load(name), checks)
    today = result_of(live.evidence, checks)
    assert verdicts(again) == verdicts(today)


def test_every_recording_belongs_to_a_scenario() -> None:
    """A recording whose scenario is gone would be judged by tests nobody can re-record."""
    files = {p.stem for p in recorded.DIR.glob("*.json")}
    assert files == set(RECORDED), (
        f"stale: {sorted(files - set(RECORDED))}, missing: {sorted(set(RECORDED) - files)}"
    )
