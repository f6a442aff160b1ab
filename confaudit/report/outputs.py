"""Turn a result into the files people and machines read."""

from __future__ import annotations

import json
from pathlib import Path

from confaudit.model import AuditResult, Evidence, EvidenceRef, Rule
from confaudit.model.serde import to_jsonable


def render_json(result: AuditResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _evidence_block(ref: EvidenceRef) -> str:
    """The top-level ``evidence`` member exactly as ``render_json`` lays it out (indent 2)."""
    body = json.dumps(to_jsonable(ref), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    return f'\n  "evidence": {body}'


def with_evidence_digest(text: str, result: AuditResult) -> str:
    """``render_json(result)`` from the text of the same result rendered before its digest was known.

    A batch renders each result once (the bundle keeps that text, with a null digest) and needs it again
    with the digest: re-rendering costs as much as the first time, a splice almost nothing. The member is
    found at the top level only (two spaces of indent; nothing nested sits there and strings hold no raw
    newline), so text from a site cannot pose as it; if it is not found exactly once, the result is
    rendered afresh.
    """
    ref = result.evidence
    if ref is not None:
        before = _evidence_block(EvidenceRef(ref.dir))
        if text.count(before) == 1:
            return text.replace(before, _evidence_block(ref))
    return render_json(result)


def write_outputs(
    result: AuditResult,
    *,
    json_path: str | None = None,
    html_path: str | None = None,
    markdown_path: str | None = None,
    sarif_path: str | None = None,
    junit_path: str | None = None,
    evidence: Evidence | None = None,
    rules: dict[str, Rule] | None = None,
) -> list[Path]:
    """Write each output asked for; ``rules`` (the installed checks' metadata) describes rules in SARIF."""

    def sarif(r: AuditResult) -> str:
        from confaudit.report.sarif import render_sarif

        return render_sarif(r, rules or {})

    def html(r: AuditResult) -> str:
        from confaudit.report.html import render_html

        return render_html(r, evidence)

    def markdown(r: AuditResult) -> str:
        from confaudit.report.markdown import render_markdown

        return render_markdown(r)

    def junit(r: AuditResult) -> str:
        from confaudit.report.junit import render_junit

        return render_junit(r)

    # each renderer is imported only when its output is asked for (the HTML one loads Jinja2)
    outputs = (
        (json_path, render_json),
        (html_path, html),
        (markdown_path, markdown),
        (sarif_path, sarif),
        (junit_path, junit),
    )
    written = []
    for path, render in outputs:
        if path:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(result), encoding="utf-8")
            written.append(target)
    return written
