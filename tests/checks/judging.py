"""Judge recorded evidence as an audit would, without the audit's I/O."""

from __future__ import annotations

from datetime import UTC, datetime

from confaudit import __version__
from confaudit.engine.audit import AuditRun, judge
from confaudit.engine.registry import load
from confaudit.knowledge import Knowledge
from confaudit.model import AuditResult, CheckResult, Evidence, PageSummary
from confaudit.results.scoring import score_result
from tests import evidence as recorded

RECORDED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def checks_of(name: str) -> list[str] | None:
    """The checks the scenario was audited for (None: every check)."""
    checks = recorded.document(name)["options"].get("checks")
    return list(checks) if checks else None


def result_of(
    evidence: Evidence, checks: list[str] | None, knowledge: Knowledge | None = None
) -> AuditResult:
    """An audit's result for the evidence: the checks judged and the whole scored, as the engine does."""
    registry = load()
    results = judge(evidence, registry.select(checks), knowledge or Knowledge())
    crawl = evidence.crawl
    result = AuditResult(
        target=evidence.target,
        started=RECORDED_AT,
        finished=RECORDED_AT,
        tool_version=__version__,
        options={"checks": checks},
        checks=results,
        score=None,
        grade="?",
        pages=[PageSummary(p.url, p.kind, p.exchange.status, p.title) for p in crawl.pages] if crawl else [],
    )
    score_result(result)
    return result


def judged(name: str, knowledge: Knowledge | None = None) -> AuditResult:
    """The recorded scenario judged by the checks it was audited for."""
    return result_of(recorded.load(name), checks_of(name), knowledge)


def check_result(name: str, check: str, knowledge: Knowledge | None = None) -> CheckResult:
    return next(c for c in judged(name, knowledge).checks if c.check == check)


def replay(name: str, checks: list[str] | None = None, knowledge: Knowledge | None = None) -> AuditRun:
    """The recorded scenario as an audit run: its evidence, judged by ``checks`` (default: its own)."""
    evidence = recorded.load(name)
    return AuditRun(result_of(evidence, checks or checks_of(name), knowledge), evidence)
