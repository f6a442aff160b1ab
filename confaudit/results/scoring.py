"""Findings to scores and a grade, with every step recorded so the report can show the arithmetic.

Each check starts at 100 and loses points per failed rule by severity (a warning costs half); the
overall score is the weight-averaged check score; a critical failure caps the grade at F and a high one
at C, as SSL Labs caps grades. Findings a baseline accepts cost nothing but stay visible. The model is
documented in docs/scoring.md.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from confaudit.model import (
    AuditResult,
    CheckResult,
    CheckStatus,
    Deduction,
    FindingStatus,
    ScoreCap,
    Severity,
)

# Bump when anything below changes what a finding costs or how a grade is reached, so that a score that
# moved because the rules changed can be told from one that moved because the site changed.
SCORING_VERSION = "1"

POINTS = {
    Severity.CRITICAL: 40.0,
    Severity.HIGH: 20.0,
    Severity.MEDIUM: 10.0,
    Severity.LOW: 3.0,
    Severity.INFO: 0.0,
}
WARN_FACTOR = 0.5
GRADES = [(97.0, "A+"), (90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"), (0.0, "F")]
ORDER = ["A+", "A", "B", "C", "D", "F"]
CAPS = ((Severity.CRITICAL, "F"), (Severity.HIGH, "C"))


def score_check(result: CheckResult) -> None:
    """Fill in the check's score and deductions (none when it errored or was skipped).

    Worst findings are charged first, so when a budget runs out it is the mildest that go uncharged; each
    deduction a budget trims says so.
    """
    if result.status != CheckStatus.OK:
        result.score = None
        result.deductions = []
        return
    charged = sorted(
        (f for f in result.findings if f.open),
        key=lambda f: -POINTS[f.severity] * (1.0 if f.status == FindingStatus.FAIL else WARN_FACTOR),
    )
    spent = {b.label: 0.0 for b in result.budgets}
    deductions = []
    for f in charged:
        points = POINTS[f.severity] * (1.0 if f.status == FindingStatus.FAIL else WARN_FACTOR)
        reason = f"{f.status.value} {f.severity.value}: {f.title}"
        for budget in result.budgets:
            if any(fnmatchcase(f.rule, pattern) for pattern in budget.rules):
                allowed = max(0.0, budget.max_points - spent[budget.label])
                if points > allowed:
                    reason += f" (limited: {budget.label} cost at most {budget.max_points:g} points together)"
                    points = allowed
                spent[budget.label] += points
                break
        if points or f.severity != Severity.INFO:
            deductions.append(Deduction(f.rule, points, reason))
    result.deductions = [d for d in deductions if d.points > 0 or "limited:" in d.reason]
    result.score = max(0.0, 100.0 - sum(d.points for d in deductions))


def grade_for(score: float) -> str:
    for floor, grade in GRADES:
        if score >= floor:
            return grade
    return "F"


def worse(a: str, b: str) -> str:
    return a if ORDER.index(a) >= ORDER.index(b) else b


def grade_rank(grade: str) -> int:
    """0 for A+ ... 5 for F (and 6 for an ungraded result), so thresholds can compare grades."""
    return ORDER.index(grade) if grade in ORDER else len(ORDER)


def score_checks(results: list[CheckResult]) -> tuple[float | None, str, list[ScoreCap]]:
    for r in results:
        score_check(r)
    scored = [r for r in results if r.score is not None and r.weight > 0]
    total_weight = sum(r.weight for r in scored)
    if not scored:
        return None, "?", []
    score = round(sum((r.score or 0.0) * r.weight for r in scored) / total_weight, 1)
    grade = grade_for(score)
    caps: list[ScoreCap] = []
    failed = [f for r in scored for f in r.findings if f.open and f.status == FindingStatus.FAIL]
    for severity, cap in CAPS:
        hits = [f for f in failed if f.severity == severity]
        if hits:
            caps.append(ScoreCap(cap, f"{len(hits)} {severity.value} finding(s), e.g. {hits[0].rule}"))
            grade = worse(grade, cap)
    return score, grade, caps


def score_result(result: AuditResult) -> None:
    """(Re)compute a result's scores, grade and caps, e.g. after a baseline accepted some findings."""
    score, grade, caps = score_checks(result.checks)
    if result.error is not None:
        score, grade, caps = None, "?", []
    result.score, result.grade, result.caps = score, grade, caps
    result.scoring_version = SCORING_VERSION
