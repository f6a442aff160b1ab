"""What a check is: its metadata, its rules, and a pure judge function.

A check module in ``checks/`` (or in a plugin package) exports one ``Check``. The judge receives the
evidence and the shipped knowledge and returns findings; it never does I/O, so saved evidence can be
re-judged offline and every check is testable on recorded evidence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from confaudit.knowledge.references import titles
from confaudit.model import (
    CheckResult,
    CheckStatus,
    Evidence,
    EvidenceItem,
    Finding,
    FindingStatus,
    Rule,
    ScoreBudget,
    Severity,
    utcnow,
)


class SkipCheck(Exception):
    """Raised by a judge when the check cannot apply (e.g. the notice is not in English)."""


@dataclass
class Verdict:
    """What a judge returns: findings plus check-specific data (a transport grade, a clause table)."""

    findings: list[Finding]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """One rule's result before it becomes a finding: a small test function returns this."""

    status: FindingStatus
    summary: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    severity: Severity | None = None


Judge = Callable[[Evidence, Any], "Verdict | list[Finding]"]


@dataclass
class Check:
    id: str
    title: str
    category: str
    weight: float
    needs: tuple[str, ...]
    rules: list[Rule]
    judge: Judge
    version: str = "1.0"
    description: str = ""
    wants: tuple[str, ...] = ()  # probes used when they can run; without them the check judges what it can
    budgets: tuple[ScoreBudget, ...] = ()  # most points a group of rules may cost together
    # builds, once per process, what the judge needs (compiled patterns, a filter engine); the engine runs
    # it in a thread while the probes wait on the network, so the first judge does not pay for it
    prepare: Callable[[Any], None] | None = None
    # each rule's references as readers see them, resolved once from the rule's catalogue ids
    _reference_titles: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Resolve the rules' reference ids now, so an unknown id fails when the check is defined (at
        import), naming the rule and the id, rather than when a finding is first built."""
        self._reference_titles = {rule.id: titles(rule.references, rule.id) for rule in self.rules}

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"check {self.id} has no rule {rule_id}")

    def finding(
        self,
        rule_id: str,
        status: FindingStatus,
        summary: str,
        evidence: Iterable[EvidenceItem] = (),
        *,
        severity: Severity | None = None,
        url: str | None = None,
    ) -> Finding:
        """A finding carrying its rule's metadata; pass and info findings carry severity info."""
        rule = self.rule(rule_id)
        if status not in (FindingStatus.FAIL, FindingStatus.WARN):
            severity = Severity.INFO
        elif severity is None:
            severity = rule.severity
        return Finding(
            rule=rule.id,
            status=status,
            severity=severity,
            title=rule.title,
            summary=summary,
            evidence=list(evidence),
            remediation=rule.remediation if status in (FindingStatus.FAIL, FindingStatus.WARN) else "",
            references=list(self._reference_titles.get(rule.id) or titles(rule.references, rule.id)),
            url=url,
        )

    def judged(self, rule_id: str, outcome: Outcome, *, max_evidence: int = 50) -> Finding:
        return self.finding(
            rule_id,
            outcome.status,
            outcome.summary,
            outcome.evidence[:max_evidence],
            severity=outcome.severity,
        )

    def run(self, evidence: Evidence, knowledge: Any) -> CheckResult:
        """Run the judge; an exception becomes an error result so one check never sinks the audit."""
        started = utcnow()
        t0 = time.perf_counter()
        result = CheckResult(
            check=self.id,
            title=self.title,
            version=self.version,
            status=CheckStatus.OK,
            weight=self.weight,
            budgets=list(self.budgets),
            started=started,
        )
        missing = [n for n in self.needs if evidence.get(n) is None]
        try:
            if missing:
                reasons = "; ".join(f"{n}: {evidence.errors.get(n, 'did not run')}" for n in missing)
                raise SkipCheck(f"needed evidence is missing ({reasons})")
            verdict = self.judge(evidence, knowledge)
            if isinstance(verdict, list):
                verdict = Verdict(verdict)
            result.findings = verdict.findings
            result.data = verdict.data
        except SkipCheck as exc:
            result.status = CheckStatus.SKIPPED
            result.reason = str(exc)
        except Exception as exc:  # a broken check is recorded, the audit goes on
            result.status = CheckStatus.ERROR
            result.reason = f"{type(exc).__name__}: {exc}"
        result.duration_s = round(time.perf_counter() - t0, 4)
        return result
