"""Judge a saved evidence bundle again, offline, with the checks the original audit ran (no probe runs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confaudit import __version__
from confaudit.engine.audit import judge
from confaudit.engine.registry import Registry, load
from confaudit.knowledge import Knowledge
from confaudit.model import AuditResult, CheckResult, CheckStatus, utcnow
from confaudit.model.serde import to_jsonable
from confaudit.results.scoring import score_result
from confaudit.storage.bundle import Verification, load_bundle, verify_bundle


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
    saved = load_bundle(directory, registry.evidence_types())
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


def _strip_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_times(v) for k, v in value.items() if k not in TIME_KEYS}
    if isinstance(value, list):
        return [_strip_times(v) for v in value]
    return value


def compare_findings(a: AuditResult, b: AuditResult) -> list[str]:
    """What differs between two judgements of the same evidence, times aside (empty when they agree)."""
    out = []
    if (a.score, a.grade) != (b.score, b.grade):
        out.append(f"score/grade {a.score}/{a.grade} -> {b.score}/{b.grade}")
    checks_a = {c.check: c for c in a.checks}
    checks_b = {c.check: c for c in b.checks}
    for cid in sorted(set(checks_a) | set(checks_b)):
        ca, cb = checks_a.get(cid), checks_b.get(cid)
        if ca is None or cb is None:
            out.append(f"{cid}: only in the {'recheck' if ca is None else 'original'}")
            continue
        for name in ("status", "score", "reason", "deductions", "data", "findings"):
            va, vb = (
                _strip_times(to_jsonable(getattr(ca, name))),
                _strip_times(to_jsonable(getattr(cb, name))),
            )
            if va != vb:
                out.append(f"{cid}: {name} differs")
    if to_jsonable(a.caps) != to_jsonable(b.caps):
        out.append("grade caps differ")
    return out
