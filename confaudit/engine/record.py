"""What happens after one audit, for every command that audits: the evidence bundle and the history row."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from confaudit.engine.audit import AuditRun
from confaudit.knowledge import Knowledge
from confaudit.model import AuditResult
from confaudit.model.options import AuditOptions

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def keep_evidence(
    run: AuditRun, directory: str, options: AuditOptions, sign_key: Ed25519PrivateKey | None = None
) -> Path:
    """``--evidence DIR``: write the bundle (signed with ``sign_key`` if given) and point the result at it,
    digest included, before any output is rendered."""
    from confaudit.storage.bundle import save_evidence

    return save_evidence(
        run.result,
        run.evidence,
        directory,
        knowledge=Knowledge(tracker_lists=options.tracker_lists),
        sign_key=sign_key,
    )


def remember(result: AuditResult, store: str | None) -> str | None:
    """Record the audit in the history store; the problem, if it could not be written, as one line."""
    from confaudit.storage.history import record_audit

    try:
        record_audit(result, store)
    except Exception as exc:  # history is a convenience: never fail an audit over it
        return f"audit not recorded in the history store: {exc}"
    return None
