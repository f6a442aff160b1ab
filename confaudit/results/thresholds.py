"""CI thresholds over a result: which one a result breaches; accepted findings never count."""

from __future__ import annotations

from confaudit.model import AuditResult, FindingStatus, Severity
from confaudit.model.options import UsageError
from confaudit.results.scoring import ORDER, grade_rank


def threshold_breach(
    result: AuditResult, fail_under: float | None, fail_on: str | None, min_grade: str | None = None
) -> str | None:
    """The first threshold the result breaches, as one line; accepted findings do not count."""
    if fail_under is not None and result.score is not None and result.score < fail_under:
        return f"score {result.score:.0f} is under --fail-under {fail_under:g}"
    if min_grade is not None and grade_rank(result.grade) > grade_rank(min_grade):
        return f"grade {result.grade} is below --min-grade {min_grade}"
    if fail_on:
        level = Severity(fail_on).rank
        hits = [
            f
            for f in result.findings()
            if f.open and f.status == FindingStatus.FAIL and f.severity.rank >= level
        ]
        if hits:
            return f"{len(hits)} failed finding(s) at or above {fail_on}, e.g. {hits[0].rule}"
    return None


def check_thresholds(fail_on: str | None, min_grade: str | None) -> None:
    if fail_on and fail_on not in {s.value for s in Severity}:
        raise UsageError(f"--fail-on must be one of critical, high, medium, low, info; got {fail_on!r}")
    if min_grade and min_grade not in ORDER:
        raise UsageError(f"--min-grade must be one of {', '.join(ORDER)}; got {min_grade!r}")
