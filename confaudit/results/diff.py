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
    notes: list[str] = field(default_factory=list)  # why the two may not be comparable

    @property
    def score_change(self) -> float | None:
        if self.score_before is None or self.score_after is None:
            return None
        return round(self.score_after - self.score_before, 1)


def _describe(f: Finding) -> str:
    return f"{f.status.value} {f.severity.value}" + (" (accepted)" if f.accepted else "")


# Options that change what an audit could see; a difference in any of them makes two results measure
# different things (timeouts and output paths do not).
SCOPE_OPTIONS = ("checks", "browser", "max_pages", "only_resolved", "allow_private", "tracker_lists", "geoip_db")


def comparability(old: AuditResult, new: AuditResult) -> list[str]:
    """What differs between two results besides the site's behaviour: a reader must know before comparing."""
    notes = []
    if old.target.url != new.target.url:
        notes.append(f"different sites: {old.target.url} and {new.target.url}")
    for name in SCOPE_OPTIONS:
        a, b = old.options.get(name), new.options.get(name)
        if a != b:
            notes.append(f"audited with different settings: {name} {a!r} then {b!r}")
    if old.tool_version != new.tool_version:
        notes.append(f"different confaudit versions: {old.tool_version} then {new.tool_version}")
    if old.scoring_version != new.scoring_version:
        notes.append(
            f"scored under different scoring versions: {old.scoring_version or 'unrecorded'} then "
            f"{new.scoring_version or 'unrecorded'} (a score change may come from the rules, not the site)"
        )
    return notes


def diff_results(old: AuditResult, new: AuditResult) -> ResultDiff:
    """Open problems only count as new or fixed; a change of severity or status is a change."""
    before = {_key(f): f for f in old.findings()}
    after = {_key(f): f for f in new.findings()}
    out = ResultDiff(
        score_before=old.score,
        score_after=new.score,
        grade_before=old.grade,
        grade_after=new.grade,
        notes=comparability(old, new),
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
