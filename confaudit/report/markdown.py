"""A short Markdown summary, for a pull-request comment or a job summary."""

from __future__ import annotations

from confaudit.model import AuditResult
from confaudit.results.ranking import ranked


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
