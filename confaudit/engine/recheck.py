"""Judge a saved evidence bundle again, offline, with the checks the original audit ran (no probe runs).

The recheck's answer to a regulator is a list of what changed, rule by rule, with the verdicts before and
after: the evidence is the same, so any change comes from the rules (a newer confaudit) or from a bundle
that is not what the audit wrote (which verification refuses before anything is judged).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confaudit import __version__
from confaudit.engine.audit import judge
from confaudit.engine.registry import Registry, load
from confaudit.knowledge import Knowledge
from confaudit.model import AuditResult, CheckResult, CheckStatus, EvidenceRef, Finding, utcnow
from confaudit.model.serde import to_jsonable
from confaudit.results.scoring import score_result
from confaudit.storage.bundle import EvidenceModified, Verification, load_bundle, verify_bundle


@dataclass
class Recheck:
    result: AuditResult
    original: AuditResult
    differences: list[str]
    verification: Verification


def recheck(directory: str | Path, *, registry: Registry | None = None, verify: bool = True) -> Recheck:
    """Judge a saved bundle again, offline, with the checks the original audit ran (no probe runs)."""
    directory = Path(directory)
    registry = registry or load()
    verification = verify_bundle(directory) if verify else Verification(directory)
    if not verification.ok:
        raise BundleTampered(verification)
    try:
        saved = load_bundle(directory, registry.evidence_types())
    except EvidenceModified as exc:  # without the whole-bundle check, the files read are still checked
        verification.problems.append((exc.path, exc.problem))
        raise BundleTampered(verification) from None
    original = saved.result
    lists = [str(directory / e["file"]) for e in saved.manifest.get("tracker_lists", [])]
    knowledge = Knowledge(tracker_lists=lists)
    present = [registry.checks[c.check] for c in original.checks if c.check in registry.checks]
    judged = {r.check: r for r in judge(saved.evidence, present, knowledge, error=original.error)}
    results = []
    for c in original.checks:
        if c.check in judged:
            results.append(judged[c.check])
        else:
            results.append(
                CheckResult(
                    c.check,
                    c.title,
                    c.version,
                    CheckStatus.ERROR,
                    weight=c.weight,
                    reason=f"check {c.check!r} is not installed here, so it cannot be rechecked",
                )
            )
    now = utcnow()
    result = AuditResult(
        target=original.target,
        started=now,
        finished=utcnow(),
        tool_version=__version__,
        options=original.options,
        checks=results,
        score=None,
        grade="?",
        probes=original.probes,
        pages=original.pages,
        plugins=original.plugins,
        evidence_dir=str(directory),
        evidence=EvidenceRef(str(directory), saved.digest),
        error=original.error,
    )
    score_result(result)
    return Recheck(result, original, compare_findings(original, result), verification)


class BundleTampered(Exception):
    def __init__(self, verification: Verification) -> None:
        self.verification = verification
        names = ", ".join(p for p, _ in verification.problems[:5])
        super().__init__(
            f"{verification.directory}: {len(verification.problems)} file(s) fail verification: {names}"
        )


TIME_KEYS = {"started", "finished", "duration_s"}
FINDING_DETAILS = ("title", "summary", "evidence", "remediation", "references", "accepted")


def _strip_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_times(v) for k, v in value.items() if k not in TIME_KEYS}
    if isinstance(value, list):
        return [_strip_times(v) for v in value]
    return value


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _verdict(f: Finding | None) -> str:
    return "not reported" if f is None else f"{f.status.value}/{f.severity.value}"


def _by_rule(findings: list[Finding]) -> dict[tuple[str, str, int], Finding]:
    """Findings keyed by rule, page and occurrence, so a rule reported twice is compared pairwise."""
    out: dict[tuple[str, str, int], Finding] = {}
    for f in findings:
        n = 0
        while (f.rule, f.url or "", n) in out:
            n += 1
        out[(f.rule, f.url or "", n)] = f
    return out


def _rule_changes(a: CheckResult, b: CheckResult) -> list[str]:
    """One line per rule whose verdict changed (old -> new status/severity), or whose wording or evidence did."""
    before, after = _by_rule(a.findings), _by_rule(b.findings)
    out = []
    for key in sorted(set(before) | set(after)):
        fa, fb = before.get(key), after.get(key)
        rule, url, _ = key
        where = f" ({url})" if url else ""
        if fa is None or fb is None or (fa.status, fa.severity) != (fb.status, fb.severity):
            out.append(f"{rule}{where}: {_verdict(fa)} -> {_verdict(fb)}")
            continue
        details = [n for n in FINDING_DETAILS if to_jsonable(getattr(fa, n)) != to_jsonable(getattr(fb, n))]
        if details:
            out.append(f"{rule}{where}: still {_verdict(fa)}, but its {', '.join(details)} differ(s)")
    return out


def compare_findings(a: AuditResult, b: AuditResult) -> list[str]:
    """What differs between two judgements of the same evidence, times aside (empty when they agree).

    Names every rule whose verdict changed with the old and new status/severity, each check's score and
    status changes, and the overall score, grade and caps: enough to see what moved without a diff tool.
    """
    out = []
    if a.score != b.score or a.grade != b.grade:
        out.append(f"overall: score {_num(a.score)} -> {_num(b.score)}, grade {a.grade} -> {b.grade}")
    checks_a = {c.check: c for c in a.checks}
    checks_b = {c.check: c for c in b.checks}
    for cid in sorted(set(checks_a) | set(checks_b)):
        ca, cb = checks_a.get(cid), checks_b.get(cid)
        if ca is None or cb is None:
            out.append(f"check {cid}: only in the {'recheck' if ca is None else 'original'}")
            continue
        if ca.status != cb.status or ca.reason != cb.reason:
            why = f" ({cb.reason})" if cb.reason else ""
            out.append(f"check {cid}: status {ca.status.value} -> {cb.status.value}{why}")
        if ca.score != cb.score:
            out.append(f"check {cid}: score {_num(ca.score)} -> {_num(cb.score)}")
        rules = _rule_changes(ca, cb)
        out += rules
        if not rules and to_jsonable(ca.deductions) != to_jsonable(cb.deductions):
            out.append(f"check {cid}: the deductions differ (same findings)")
        if _strip_times(to_jsonable(ca.data)) != _strip_times(to_jsonable(cb.data)):
            out.append(f"check {cid}: its data (the facts it reports besides findings) differs")
    if to_jsonable(a.caps) != to_jsonable(b.caps):
        caps_a = "; ".join(f"{c.grade}: {c.reason}" for c in a.caps) or "none"
        caps_b = "; ".join(f"{c.grade}: {c.reason}" for c in b.caps) or "none"
        out.append(f"grade caps: {caps_a} -> {caps_b}")
    return out
