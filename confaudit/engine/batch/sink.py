"""The batch's single writer: each finished target's reports, evidence and store row, in that order."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from confaudit.engine.batch.one import Outcome
from confaudit.model import AuditResult, EvidenceRef
from confaudit.model.batch import DONE, ERROR, RUNNING, BatchTarget, TargetRow
from confaudit.report import render_html
from confaudit.report.files import write_text_atomic as _write_text
from confaudit.storage.bundle import write_bundle
from confaudit.storage.history import Store, counts
from confaudit.storage.results import BatchStore

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

Notify = Callable[[BatchTarget, str, TargetRow | None], None]


class Sink:
    """Writes each finished target's reports and evidence, then commits its row (the only store writer)."""

    def __init__(
        self,
        out: Path,
        store: BatchStore,
        targets: dict[str, BatchTarget],
        notify: Notify,
        history: Path | None = None,
        sign_key: Ed25519PrivateKey | None = None,
    ) -> None:
        self.out = out
        self.sign_key = sign_key
        self.store = store
        self.targets = targets
        self.notify = notify
        self.history = history
        self.warnings: list[str] = []

    def paths(self, t: BatchTarget) -> dict[str, str]:
        return {
            "json": f"reports/{t.slug}.json",
            "html": f"reports/{t.slug}.html",
            "evidence": f"evidence/{t.slug}",
        }

    def start(self, t: BatchTarget, worker: str = "") -> None:
        self.store.mark_running(t.key, worker)
        self.notify(t, RUNNING, None)

    def record(self, outcome: Outcome) -> None:
        t = self.targets[outcome.key]
        paths: dict[str, str | None] = dict(self.paths(t))
        result = None
        status, error = ERROR, outcome.error
        if outcome.result_json is not None:
            try:
                result = outcome.result or AuditResult.from_dict(json.loads(outcome.result_json))
                if outcome.bundle is not None:
                    write_bundle(outcome.bundle, self.out / str(paths["evidence"]), sign_key=self.sign_key)
                else:
                    paths["evidence"] = None
                _write_text(self.out / str(paths["json"]), outcome.result_json)
                _write_text(self.out / str(paths["html"]), render_html(result))
                status, error = (ERROR, result.error) if result.error else (DONE, None)
            except Exception as exc:  # a result that cannot be written is an error row, not a crash
                result, status, error = (
                    None,
                    ERROR,
                    f"writing the outputs failed: {type(exc).__name__}: {exc}",
                )
        if result is None:
            paths = {"json": None, "html": None, "evidence": None}
        self.store.finish(
            t.key,
            status,
            result=result,
            error=error,
            paths=paths,
            seconds=outcome.seconds,
            result_json=outcome.result_json if result is not None else None,
        )
        if result is not None and self.history is not None:
            self._remember(result, paths.get("evidence"))
        row = TargetRow(
            t.key, t.url, t.name, t.position, status, 0, error, None, paths.get("json"), paths.get("html"),
            paths.get("evidence"), outcome.seconds,
            grade=result.grade if result else None,
            score=result.score if result else None,
            counts=counts(result) if result else {},
            evidence_digest=_digest(result) if paths.get("evidence") else None,
        )  # fmt: skip
        self.notify(t, status, row)

    def _remember(self, result: AuditResult, evidence: str | None) -> None:
        """Best effort: the batch store is the truth; the user's history is a convenience."""
        assert self.history is not None
        try:
            folder = str((self.out / evidence).resolve()) if evidence else None
            ref = result.evidence
            copy = dataclasses.replace(
                result,
                evidence_dir=folder,
                evidence=EvidenceRef(folder, ref.digest) if folder and ref else None,
            )
            with Store(self.history) as history:
                history.record(copy, source="batch")
        except Exception as exc:
            with self.store.lock:
                if not self.warnings:
                    self.warnings.append(f"audits not recorded in the history store {self.history}: {exc}")


def _digest(result: AuditResult | None) -> str | None:
    return result.evidence.digest if result is not None and result.evidence is not None else None
