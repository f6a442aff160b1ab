"""Turn a result into files people and machines read.

Everything from an audited site is untrusted: the HTML report autoescapes every value and loads nothing
from anywhere (inline CSS only, and a Content-Security-Policy meta tag as a backstop), so opening a report
neither runs a site's text nor tells anyone it was read.
"""

from __future__ import annotations

import base64
import functools
import json
import math
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from confaudit.model import AuditResult, Evidence, Finding, Rule

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
STATUS_ORDER = {"fail": 0, "warn": 1, "info": 2, "pass": 3}


def render_json(result: AuditResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def ranked(findings: list[Finding]) -> list[Finding]:
    """Most serious first: failures before warnings, then by severity."""
    return sorted(
        findings, key=lambda f: (STATUS_ORDER[f.status.value], SEVERITY_ORDER[f.severity.value], f.rule)
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")[:300]


def render_markdown(result: AuditResult, limit: int = 15) -> str:
    """Short enough for a pull-request comment: the grade, the check scores, the worst findings."""
    lines = [f"## confaudit: {_md_cell(result.target.label)} — grade **{result.grade}**"]
    if result.score is not None:
        lines[0] += f" ({result.score:.0f}/100)"
    lines.append("")
    if result.error:
        lines += [f"**Could not audit:** {_md_cell(result.error)}", ""]
    lines += ["| check | status | score |", "|---|---|---|"]
    for c in result.checks:
        score = f"{c.score:.0f}" if c.score is not None else "–"
        status = c.status.value + (f" ({_md_cell(c.reason or '')})" if c.reason else "")
        lines.append(f"| {c.title} | {status} | {score} |")
    failed = [f for f in ranked(result.findings()) if f.open]
    accepted = [f for f in result.findings() if f.failed and f.accepted]
    lines += [
        "",
        f"**{len(failed)} problem(s)**" + (f", the {limit} most serious:" if len(failed) > limit else ":"),
        "",
    ]
    for f in failed[:limit]:
        lines.append(f"- **{f.severity.value}** `{f.rule}`: {_md_cell(f.summary)}")
    if accepted:
        lines.append(f"\n{len(accepted)} accepted in the baseline (not counted).")
    if result.baseline and result.baseline.expired:
        lines.append(
            "\n**Expired baseline entries (counted again):** "
            + "; ".join(_md_cell(e) for e in result.baseline.expired)
        )
    for cap in result.caps:
        lines.append(f"\n_Grade capped at {cap.grade}: {_md_cell(cap.reason)}_")
    lines.append(f"\n<sub>confaudit {result.tool_version}, {result.finished:%Y-%m-%d %H:%M} UTC</sub>")
    return "\n".join(lines) + "\n"


def known_rules() -> dict[str, Rule]:
    """Rule metadata of the installed checks, for outputs that describe rules (SARIF)."""
    from confaudit.registry import load

    return {rule.id: rule for check in load().checks.values() for rule in check.rules}


@functools.cache
def _env() -> Environment:
    """One environment per process: compiling the report template costs ~50 ms, a batch renders many."""
    root = files("confaudit.templates")
    env = Environment(loader=FileSystemLoader(str(root)), autoescape=select_autoescape(default=True))
    env.globals["ranked"] = ranked
    env.filters["cos"] = math.cos
    env.filters["sin"] = math.sin
    return env


def screenshots(evidence: Evidence | None) -> list[dict[str, str]]:
    """The browser's screenshots of sensitive pages, as data for ``<img src="data:...">``.

    They live in the evidence, not in the result JSON (they are large); a report rendered with the
    evidence at hand (audit, demo, recheck) embeds them.
    """
    browser = evidence.get("browser") if evidence is not None else None
    shots = getattr(browser, "screenshots", None) or []
    out = []
    for shot in shots:
        mime = shot.mime if shot.mime in ("image/png", "image/jpeg", "image/webp") else None
        if mime and shot.data:
            out.append(
                {"url": shot.page_url, "mime": mime, "b64": base64.b64encode(shot.data).decode("ascii")}
            )
    return out


def prepare() -> None:
    """Compile the report template now (a batch does it in a thread while its first audits fetch)."""
    _env().get_template("report.html.j2")


def render_html(result: AuditResult, evidence: Evidence | None = None) -> str:
    from confaudit.report.verdict import plain_verdict

    template = _env().get_template("report.html.j2")
    return template.render(r=result, v=plain_verdict(result), shots=screenshots(evidence))


def write_outputs(
    result: AuditResult,
    *,
    json_path: str | None = None,
    html_path: str | None = None,
    markdown_path: str | None = None,
    sarif_path: str | None = None,
    junit_path: str | None = None,
    evidence: Evidence | None = None,
) -> list[Path]:
    from confaudit.report.junit import render_junit
    from confaudit.report.sarif import render_sarif

    def sarif(r: AuditResult) -> str:
        return render_sarif(r, known_rules())

    def html(r: AuditResult) -> str:
        return render_html(r, evidence)

    outputs = (
        (json_path, render_json),
        (html_path, html),
        (markdown_path, render_markdown),
        (sarif_path, sarif),
        (junit_path, render_junit),
    )
    written = []
    for path, render in outputs:
        if path:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(result), encoding="utf-8")
            written.append(target)
    return written
