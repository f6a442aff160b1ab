"""What a check is: its metadata, its rules, and pure functions that judge evidence.

A check module in ``checks/`` (or in a plugin package) exports one ``Check``. Each rule is one small
function with its metadata beside it, registered by a decorator, so a rule id is written once and a
declared rule is always a judged one::

    CHECK = Check(id="headers", title=..., category=..., weight=1.0, needs=("crawl",))

    @CHECK.context
    def read(evidence: Evidence, knowledge: Any) -> Pages: ...      # what every rule looks at

    @CHECK.rule("headers/csp-missing", "No Content-Security-Policy", Severity.MEDIUM,
                rationale=..., remediation=..., references=["w3c-csp3"])
    def csp_missing(pages: Pages) -> Outcome: ...

A family of rules (``policy/missing/<clause>``) registers one function returning an outcome per rule id.
A check with a judgement too entangled for that can still pass its own ``judge``. Judges never do I/O,
so saved evidence can be re-judged offline and every check is testable on recorded evidence.
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
    url: str | None = None  # the page the finding is about, when it is about one


Judge = Callable[[Evidence, Any], "Verdict | list[Finding]"]
RuleFn = Callable[[Any], Outcome]
FamilyFn = Callable[[Any], "dict[str, Outcome]"]


@dataclass
class _Registered:
    """A rule function (one id) or a family function (several ids), in declaration order."""

    fn: Callable[[Any], Any]
    rule_ids: tuple[str, ...]
    family: bool


@dataclass
class Check:
    id: str
    title: str
    category: str
    weight: float
    needs: tuple[str, ...]
    rules: list[Rule] = field(default_factory=list)
    judge: Judge | None = None  # None: the registered rule functions judge, in declaration order
    version: str = "1.0"
    description: str = ""
    wants: tuple[str, ...] = ()  # probes used when they can run; without them the check judges what it can
    budgets: tuple[ScoreBudget, ...] = ()  # most points a group of rules may cost together
    # builds, once per process, what the judge needs (compiled patterns, a filter engine); the engine runs
    # it in a thread while the probes wait on the network, so the first judge does not pay for it
    prepare: Callable[[Any], None] | None = None
    reader: Callable[[Evidence, Any], Any] | None = None  # evidence -> what the rule functions read
    # (reading, {rule id: outcome}) -> the result's ``data`` (a clause table, a transport grade)
    summariser: Callable[[Any, dict[str, Outcome]], dict[str, Any]] | None = None
    locator: Callable[[Any], str | None] | None = None  # reading -> where findings naming no page point
    max_evidence: int = 50  # evidence items a registered rule's finding keeps (a report stays readable)
    registered: list[_Registered] = field(default_factory=list, repr=False)
    # each rule's references as readers see them, resolved once from the rule's catalogue ids
    _reference_titles: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Resolve the rules' reference ids now, so an unknown id fails when the check is defined (at
        import), naming the rule and the id, rather than when a finding is first built."""
        self._reference_titles = {rule.id: titles(rule.references, rule.id) for rule in self.rules}

    # --- declaring rules -------------------------------------------------------------------------

    def rule(
        self,
        rule_id: str,
        title: str,
        severity: Severity,
        *,
        rationale: str,
        remediation: str,
        references: Iterable[str] = (),
    ) -> Callable[[RuleFn], RuleFn]:
        """Declare a rule and the function that judges it; the function is returned unchanged."""

        def register(fn: RuleFn) -> RuleFn:
            self._declare(Rule(rule_id, title, severity, rationale, remediation, list(references)))
            self.registered.append(_Registered(fn, (rule_id,), family=False))
            return fn

        return register

    def family(self, rules: Iterable[Rule]) -> Callable[[FamilyFn], FamilyFn]:
        """Declare several rules judged by one function that returns ``{rule_id: Outcome}`` for each."""
        declared = list(rules)

        def register(fn: FamilyFn) -> FamilyFn:
            for rule in declared:
                self._declare(rule)
            self.registered.append(_Registered(fn, tuple(r.id for r in declared), family=True))
            return fn

        return register

    def context(self, fn: Callable[[Evidence, Any], Any]) -> Callable[[Evidence, Any], Any]:
        """Declare how evidence becomes what the rule functions read (may raise ``SkipCheck``)."""
        self.reader = fn
        return fn

    def summary(
        self, fn: Callable[[Any, dict[str, Outcome]], dict[str, Any]]
    ) -> Callable[[Any, dict[str, Outcome]], dict[str, Any]]:
        """Declare the check-specific data kept in the result, from the reading and every rule's outcome."""
        self.summariser = fn
        return fn

    def locate(self, fn: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
        """Declare the URL a finding points to when its rule names no page (the scanned host, say)."""
        self.locator = fn
        return fn

    def _declare(self, rule: Rule) -> None:
        if not rule.id.startswith(self.id + "/"):
            raise ValueError(f"rule {rule.id!r} of check {self.id!r} must start with {self.id + '/'!r}")
        if any(r.id == rule.id for r in self.rules):
            raise ValueError(f"rule {rule.id!r} is declared twice in check {self.id!r}")
        self._reference_titles[rule.id] = titles(rule.references, rule.id)  # an unknown id fails here
        self.rules.append(rule)

    def rule_meta(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"check {self.id} has no rule {rule_id}")

    # --- judging ---------------------------------------------------------------------------------

    def judge_registered(self, evidence: Evidence, knowledge: Any) -> Verdict:
        """Every registered rule judged once, in declaration order, over one reading of the evidence."""
        reading = self.reader(evidence, knowledge) if self.reader is not None else evidence
        outcomes: dict[str, Outcome] = {}
        for reg in self.registered:
            if not reg.family:
                outcomes[reg.rule_ids[0]] = reg.fn(reading)
                continue
            judged: dict[str, Outcome] = reg.fn(reading)
            unknown = set(judged) - set(reg.rule_ids)
            missing = [r for r in reg.rule_ids if r not in judged]
            if unknown or missing:
                raise RuntimeError(
                    f"{reg.fn.__name__} judged {sorted(unknown)} it did not declare"
                    if unknown
                    else f"{reg.fn.__name__} did not judge {missing}"
                )
            outcomes.update((rid, judged[rid]) for rid in reg.rule_ids)
        findings = [
            self.judged(rid, outcome, max_evidence=self.max_evidence) for rid, outcome in outcomes.items()
        ]
        where = self.locator(reading) if self.locator is not None else None
        for f in findings:
            f.url = f.url or where
        data = self.summariser(reading, outcomes) if self.summariser is not None else {}
        return Verdict(findings, data)

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
        rule = self.rule_meta(rule_id)
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
            url=outcome.url,
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
            verdict = (
                self.judge(evidence, knowledge)
                if self.judge is not None
                else self.judge_registered(evidence, knowledge)
            )
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
