"""Compare two results of the same site: what is new, what was fixed, what changed, and the score move."""

from __future__ import annotations

from dataclasses import dataclass, field

from confaudit.model import AuditResult, Finding


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, finding.url or ""


@dataclass
class Change:
    rule: str
    before: str
    after: str


@dataclass
class ResultDiff:
    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    score_before: float | None = None
    score_after: float | None = None
    grade_before: str = "?"
    grade_after: str = "?"

    @property
    def score_change(self) -> float | None:
        if self.score_before is None or self.score_after is None:
            return None
        return round(self.score_after - self.score_before, 1)


def _describe(f: Finding) -> str:
    return f"{f.status.value} {f.severity.value}" + (" (accepted)" if f.accepted else "")


def diff_results(old: AuditResult, new: AuditResult) -> ResultDiff:
    """Open problems only count as new or fixed; a change of severity or status is a change."""
    before = {_key(f): f for f in old.findings()}
    after = {_key(f): f for f in new.findings()}
    out = ResultDiff(
        score_before=old.score, score_after=new.score, grade_before=old.grade, grade_after=new.grade
    )
    for key, f in after.items():
        prev = before.get(key)
        if f.open and (prev is None or not prev.open):
            out.new.append(f)
        elif prev is not None and prev.open and f.open and _describe(prev) != _describe(f):
            out.changed.append(Change(f.rule, _describe(prev), _describe(f)))
    for key, f in before.items():
        now = after.get(key)
        if f.open and (now is None or not now.open):
            out.fixed.append(f)
    return out
