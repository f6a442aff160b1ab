"""Commands over saved results: ``checks``, ``report``, ``baseline``, ``diff``; the summary and thresholds."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from confaudit.cli.app import EXIT_THRESHOLD, app, err, out, write_outputs_asked

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from confaudit.api.check import Check
    from confaudit.engine.registry import Registry
    from confaudit.model import AuditResult


def new_table(**kwargs: Any) -> Table:
    """A rich table; rich is imported when the first one is printed, not when the command loads."""
    from rich.table import Table

    return Table(**kwargs)


def print_summary(result: AuditResult, console: Console | None = None, limit: int = 8) -> None:
    from confaudit.results.ranking import ranked

    console = console or out.console
    table = new_table(
        title=f"{result.target.label}: grade {result.grade}"
        + (f", score {result.score:.0f}/100" if result.score is not None else "")
    )
    table.add_column("check")
    table.add_column("status")
    table.add_column("score", justify="right")
    table.add_column("problems", justify="right")
    for c in result.checks:
        problems = sum(1 for f in c.findings if f.failed)
        table.add_row(
            c.title,
            c.status.value + (f": {c.reason[:60]}" if c.reason else ""),
            f"{c.score:.0f}" if c.score is not None else "-",
            str(problems),
        )
    console.print(table)
    worst = [f for f in ranked(result.findings()) if f.failed][:limit]
    for f in worst:
        console.print(f"  [{f.severity.value.upper()}] {f.rule}: {f.summary}", highlight=False, markup=False)
    for cap in result.caps:
        console.print(f"  grade capped at {cap.grade}: {cap.reason}", highlight=False, markup=False)


def load_result(path: str) -> AuditResult:
    from confaudit.model import AuditResult
    from confaudit.model.options import UsageError

    try:
        return AuditResult.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path} is not a confaudit result: {exc}") from None


def finish(
    result: AuditResult, fail_under: float | None, fail_on: str | None, min_grade: str | None
) -> None:
    """Name expired baseline entries and apply the thresholds (exit 1 on a breach)."""
    from confaudit.results.thresholds import threshold_breach

    if result.baseline:
        for entry in result.baseline.expired:
            err.print(f"baseline entry expired, counted again: {entry}", highlight=False, markup=False)
    breach = threshold_breach(result, fail_under, fail_on, min_grade)
    if breach:
        err.print(f"threshold breached: {breach}", highlight=False, markup=False)
        raise typer.Exit(EXIT_THRESHOLD)


@app.command("checks")
def checks_cmd(
    by_reference: Annotated[
        bool,
        typer.Option("--by-reference", help="List each law and standard, with the rules that rest on it."),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """List every check and rule, with severity (or, with --by-reference, every reference and its rules)."""
    from confaudit.engine.registry import load

    registry = load()
    if by_reference:
        print_references(registry, json_out)
    elif json_out:
        print(json.dumps({"checks": [check_dict(registry, check) for check in registry.checks.values()]}, indent=2))
    else:
        for check in registry.checks.values():
            origin = registry.origins.get(f"check:{check.id}", "")
            out.print(
                f"[bold]{check.id}[/] {check.version}  {check.title}  (weight {check.weight:g}, needs "
                f"{', '.join(check.needs) or 'nothing'}; {origin})",
                highlight=False,
            )
            for rule in check.rules:
                out.print(f"  {rule.severity.value:<8} {rule.id}  {rule.title}", highlight=False, markup=False)
    for problem in registry.load_errors:
        err.print(f"warning: plugin not loaded: {problem}", highlight=False, markup=False)


def check_dict(registry: Registry, check: Check) -> dict[str, Any]:
    return {
        "id": check.id,
        "title": check.title,
        "version": check.version,
        "category": check.category,
        "weight": check.weight,
        "needs": list(check.needs),
        "origin": registry.origins.get(f"check:{check.id}", ""),
        "rules": [
            {"id": r.id, "severity": r.severity.value, "title": r.title, "references": list(r.references)}
            for r in check.rules
        ],
    }


def print_references(registry: Registry, json_out: bool) -> None:
    """Each reference with the installed rules resting on it, grouped by jurisdiction and kind."""
    from confaudit.knowledge.references import cited_by, grouped

    rules = cited_by(rule for check in registry.checks.values() for rule in check.rules)
    groups = grouped()
    if json_out:
        entries = [
            {**dataclasses.asdict(ref), "also": list(ref.also), "rules": rules[ref.id]}
            for _, _, refs in groups
            for ref in refs
        ]
        print(json.dumps({"references": entries}, indent=2, ensure_ascii=False))
        return
    for jurisdiction, kind, refs in groups:
        out.print(f"{jurisdiction} · {kind}", style="bold", highlight=False, markup=False)
        for ref in refs:
            out.print(f"  {ref.id}  {ref.title}", highlight=False, markup=False)
            for url in (ref.url, *ref.also):
                out.print(f"      {url}", highlight=False, markup=False)
            cited = ", ".join(rules[ref.id]) or "none installed"
            out.print(f"      rules: {cited}", highlight=False, markup=False)


@app.command("report")
def report_cmd(
    result_file: Annotated[str, typer.Argument(help="A result written by --json.")],
    json_out: Annotated[str | None, typer.Option("--json", help="Write JSON here.")] = None,
    html_out: Annotated[str | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    markdown_out: Annotated[str | None, typer.Option("--markdown", help="Write Markdown here.")] = None,
    sarif_out: Annotated[str | None, typer.Option("--sarif", help="Write SARIF 2.1.0 here.")] = None,
    junit_out: Annotated[str | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    baseline: Annotated[str | None, typer.Option(help="Judge against this baseline first.")] = None,
    min_grade: Annotated[str | None, typer.Option(help="Exit 1 if the grade is below this.")] = None,
    fail_under: Annotated[float | None, typer.Option(help="Exit 1 if the score is under this.")] = None,
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 1 on a failed finding at or above this severity.")
    ] = None,
) -> None:
    """Re-render a saved result in any format (and re-apply a baseline and thresholds)."""
    from confaudit.results.baseline import apply_baseline, load_baseline
    from confaudit.results.scoring import score_result
    from confaudit.results.thresholds import check_thresholds

    check_thresholds(fail_on, min_grade)
    result = load_result(result_file)
    if baseline:
        apply_baseline(result, load_baseline(baseline), baseline)
        score_result(result)
    write_outputs_asked(
        result,
        json_out=json_out,
        html_out=html_out,
        markdown_out=markdown_out,
        sarif_out=sarif_out,
        junit_out=junit_out,
    )
    finish(result, fail_under, fail_on, min_grade)


@app.command("baseline")
def baseline_cmd(
    result_file: Annotated[str, typer.Argument(help="A result written by --json.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")],
    days: Annotated[int, typer.Option(help="Days until each entry expires.")] = 90,
) -> None:
    """Write a starting baseline that accepts every open problem of a result, each to be justified."""
    from confaudit.results.baseline import write_baseline

    result = load_result(result_file)
    output.write_text(write_baseline(result, days=days), encoding="utf-8")
    count = len({f.rule for f in result.findings() if f.open})
    err.print(
        f"wrote {output}: {count} entr{'y' if count == 1 else 'ies'}; give each a real reason",
        highlight=False,
    )


@app.command("diff")
def diff_cmd(
    old: Annotated[str, typer.Argument(help="The earlier result (JSON).")],
    new: Annotated[str, typer.Argument(help="The later result (JSON).")],
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 1 on a new finding at or above this severity.")
    ] = None,
) -> None:
    """New, fixed and changed findings between two results, and the score change."""
    from confaudit.results.diff import diff_results
    from confaudit.results.thresholds import check_thresholds

    check_thresholds(fail_on, None)
    d = diff_results(load_result(old), load_result(new))
    move = d.score_change
    out.print(
        f"score {d.score_before} -> {d.score_after}"
        + (f" ({move:+.1f})" if move is not None else "")
        + f", grade {d.grade_before} -> {d.grade_after}",
        highlight=False,
        markup=False,
    )
    for note in d.notes:
        err.print(f"note: {note}", highlight=False, markup=False)
    for title, items in (("new", d.new), ("fixed", d.fixed)):
        out.print(f"{len(items)} {title}", highlight=False)
        for f in items:
            out.print(
                f"  {'+' if title == 'new' else '-'} [{f.severity.value}] {f.rule}: {f.summary}",
                highlight=False,
                markup=False,
            )
    out.print(f"{len(d.changed)} changed", highlight=False)
    for c in d.changed:
        out.print(f"  ~ {c.rule}: {c.before} -> {c.after}", highlight=False, markup=False)
    if fail_on:
        from confaudit.model import Severity

        level = Severity(fail_on).rank
        hits = [f for f in d.new if f.severity.rank >= level]
        if hits:
            err.print(
                f"threshold breached: {len(hits)} new finding(s) at or above {fail_on}, e.g. {hits[0].rule}",
                highlight=False,
                markup=False,
            )
            raise typer.Exit(EXIT_THRESHOLD)


@app.command("history")
def history_cmd(
    url: Annotated[
        str | None, typer.Argument(help="The audited site (omit to list every site in the store).")
    ] = None,
    store: Annotated[str | None, typer.Option(help="The history store (default: the user's).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the most recent N audits.")] = None,
) -> None:
    """Score, grade and problem counts of a site's audits over time."""
    from confaudit.engine.audit import check_target_url
    from confaudit.model import SEVERITY_NAMES
    from confaudit.model.options import UsageError
    from confaudit.storage.history import Store, default_path

    path = Path(store) if store else default_path()
    if not path.exists():
        raise UsageError(f"no history store at {path} (audits are recorded there unless --no-store)")
    with Store(path) as db:
        if url is None:
            sites = db.targets()
            if json_out:
                print(json.dumps([{"url": u, "audits": n} for u, n in sites], indent=2))
                return
            table = new_table(title=f"sites in {path}")
            table.add_column("site")
            table.add_column("audits", justify="right")
            for u, n in sites:
                table.add_row(u, str(n))
            out.print(table)
            return
        key = check_target_url(url).url
        rows = db.history(key, limit)
    if json_out:
        print(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        out.print(f"no audits of {key} in {path}", highlight=False, markup=False)
        return
    table = new_table(title=f"{key}: {len(rows)} audit(s)")
    bundles = any(r.evidence_digest for r in rows)  # the column only when some audit kept a bundle
    for col, justify in (
        ("finished (UTC)", "left"),
        ("grade", "center"),
        ("score", "right"),
        ("change", "right"),
        ("critical", "right"),
        ("high", "right"),
        ("medium", "right"),
        ("low", "right"),
        *((("evidence", "left"),) if bundles else ()),
        ("note", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    previous: float | None = None
    scored_under = rows[0].scoring_version if rows else None
    for r in rows:
        if r.scoring_version != scored_under:
            err.print(
                f"note: from {r.finished[:10]} scores use scoring version {r.scoring_version or 'unrecorded'} "
                f"(before: {scored_under or 'unrecorded'}); a change there may come from the rules, not the site",
                highlight=False,
                markup=False,
            )
            scored_under = r.scoring_version
        change = f"{r.score - previous:+.0f}" if r.score is not None and previous is not None else ""
        table.add_row(
            r.finished[:16].replace("T", " "),
            r.grade,
            f"{r.score:.0f}" if r.score is not None else "-",
            change,
            *(str(r.counts[s]) for s in SEVERITY_NAMES[:-1]),
            *((_short_digest(r.evidence_digest),) if bundles else ()),
            (f"error: {r.error[:60]}" if r.error else r.source) + f", confaudit {r.tool_version}",
        )
        if r.score is not None:
            previous = r.score
    out.print(table)
    if bundles:
        err.print(
            "evidence: the bundle's digest, abbreviated (--json gives it whole, for verify-evidence --expect)",
            highlight=False,
            markup=False,
        )


def _short_digest(digest: str | None) -> str:
    return digest[: len("sha256:") + 16] + "…" if digest else "-"
