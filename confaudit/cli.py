"""The ``confaudit`` command: audit, checks, demo.

Exit codes are a contract CI relies on: 0 audited and within thresholds, 1 a threshold was breached,
2 a usage error (one line, no traceback), 3 the target could not be audited at all.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from confaudit.baseline import apply_baseline, load_baseline, write_baseline
from confaudit.cliapp import (
    EXIT_THRESHOLD,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    AllowPrivateOpt,
    BrowserOpt,
    BudgetOpt,
    CaFileOpt,
    ChecksOpt,
    ConnectToOpt,
    GeoipDbOpt,
    MaxBodyOpt,
    MaxPagesOpt,
    NameserverOpt,
    OnlyResolvedOpt,
    ResolveOpt,
    TimeoutOpt,
    TrackerListOpt,
    app,
    audit_options,
    err,
    out,
)
from confaudit.cliapp import split_checks as _split_checks
from confaudit.diff import diff_results
from confaudit.engine import AuditRun, audit, check_target_url
from confaudit.model import AuditResult, FindingStatus, Severity
from confaudit.options import AuditOptions, UsageError
from confaudit.registry import load
from confaudit.report import ranked, write_outputs
from confaudit.scoring import ORDER, grade_rank, score_result


def run_with_progress(url: str, options: AuditOptions, quiet: bool = False) -> AuditRun:
    target = check_target_url(url)
    registry = load()
    for problem in registry.load_errors:
        err.print(f"[yellow]warning:[/] plugin not loaded: {problem}", highlight=False)
    if quiet or not err.is_terminal:
        return asyncio.run(audit(target, options, registry=registry))
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        tasks: dict[str, int] = {}

        def notify(event: str, name: str) -> None:
            if event == "probe-start":
                tasks[name] = progress.add_task(f"{target.host}: {name}", total=1)
            elif event == "probe-done" and name in tasks:
                progress.update(tasks[name], completed=1)

        return asyncio.run(audit(target, options, registry=registry, progress=notify))


def print_summary(result: AuditResult, console: Console = out, limit: int = 8) -> None:
    table = Table(
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


def threshold_breach(
    result: AuditResult, fail_under: float | None, fail_on: str | None, min_grade: str | None = None
) -> str | None:
    """The first threshold the result breaches, as one line; accepted findings do not count."""
    if fail_under is not None and result.score is not None and result.score < fail_under:
        return f"score {result.score:.0f} is under --fail-under {fail_under:g}"
    if min_grade is not None and grade_rank(result.grade) > grade_rank(min_grade):
        return f"grade {result.grade} is below --min-grade {min_grade}"
    if fail_on:
        level = Severity(fail_on).rank
        hits = [
            f
            for f in result.findings()
            if f.open and f.status == FindingStatus.FAIL and f.severity.rank >= level
        ]
        if hits:
            return f"{len(hits)} failed finding(s) at or above {fail_on}, e.g. {hits[0].rule}"
    return None


def check_thresholds(fail_on: str | None, min_grade: str | None) -> None:
    if fail_on and fail_on not in {s.value for s in Severity}:
        raise UsageError(f"--fail-on must be one of critical, high, medium, low, info; got {fail_on!r}")
    if min_grade and min_grade not in ORDER:
        raise UsageError(f"--min-grade must be one of {', '.join(ORDER)}; got {min_grade!r}")


def load_result(path: str) -> AuditResult:
    try:
        return AuditResult.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path} is not a confaudit result: {exc}") from None


@app.command("audit")
def audit_cmd(
    url: Annotated[str, typer.Argument(help="The provider's site, e.g. https://example-therapy.co.uk/")],
    checks: ChecksOpt = None,
    browser: BrowserOpt = "auto",
    max_pages: MaxPagesOpt = 25,
    resolve: ResolveOpt = None,
    connect_to: ConnectToOpt = None,
    only_resolved: OnlyResolvedOpt = False,
    ca_file: CaFileOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = 15.0,
    budget: BudgetOpt = 180.0,
    max_body: MaxBodyOpt = 5_000_000,
    tracker_list: TrackerListOpt = None,
    nameserver: NameserverOpt = None,
    geoip_db: GeoipDbOpt = None,
    json_out: Annotated[str | None, typer.Option("--json", help="Write the result as JSON here.")] = None,
    html_out: Annotated[str | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    markdown_out: Annotated[
        str | None, typer.Option("--markdown", help="Write a Markdown summary here.")
    ] = None,
    sarif_out: Annotated[str | None, typer.Option("--sarif", help="Write SARIF 2.1.0 here.")] = None,
    junit_out: Annotated[str | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    baseline: Annotated[str | None, typer.Option(help="TOML file of accepted findings.")] = None,
    min_grade: Annotated[
        str | None, typer.Option(help="Exit 1 if the grade is below this (A+ A B C D F).")
    ] = None,
    fail_under: Annotated[float | None, typer.Option(help="Exit 1 if the score is under this.")] = None,
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 1 on a failed finding at or above: critical|high|medium|low.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display or summary.")] = False,
    evidence: Annotated[
        str | None, typer.Option(help="Write an evidence bundle here (verify-evidence, recheck).")
    ] = None,
    store: Annotated[
        str | None, typer.Option(help="History store (default: the user's data directory).")
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not record this audit in the history store.")
    ] = False,
) -> None:
    """Audit one provider's site and write the outputs asked for."""
    check_thresholds(fail_on, min_grade)
    accepted = load_baseline(baseline) if baseline else None
    options = audit_options(
        checks=checks,
        browser=browser,
        max_pages=max_pages,
        resolve=resolve,
        connect_to=connect_to,
        only_resolved=only_resolved,
        ca_file=ca_file,
        allow_private=allow_private,
        timeout=timeout,
        budget=budget,
        max_body=max_body,
        tracker_list=tracker_list,
        nameserver=nameserver,
        geoip_db=geoip_db,
    )
    run = run_with_progress(url, options, quiet)
    result = run.result
    from confaudit.batch_cli import keep_evidence, remember

    if evidence:
        keep_evidence(run, evidence, options)
    if accepted is not None and baseline:
        apply_baseline(result, accepted, baseline)
        score_result(result)
    written = write_outputs(
        result,
        json_path=json_out,
        html_path=html_out,
        markdown_path=markdown_out,
        sarif_path=sarif_out,
        junit_path=junit_out,
        evidence=run.evidence,
    )
    for path in written:
        err.print(f"wrote {path}", highlight=False)
    remember(result, store, no_store)
    if run.unreachable:
        err.print(f"error: {result.error}", highlight=False, markup=False)
        raise typer.Exit(EXIT_UNREACHABLE)
    if not quiet:
        print_summary(result)
    finish(result, fail_under, fail_on, min_grade)


def finish(result: AuditResult, fail_under: float | None, fail_on: str | None, min_grade: str | None) -> None:
    """Name expired baseline entries and apply the thresholds (exit 1 on a breach)."""
    if result.baseline:
        for entry in result.baseline.expired:
            err.print(f"baseline entry expired, counted again: {entry}", highlight=False, markup=False)
    breach = threshold_breach(result, fail_under, fail_on, min_grade)
    if breach:
        err.print(f"threshold breached: {breach}", highlight=False, markup=False)
        raise typer.Exit(EXIT_THRESHOLD)


@app.command("checks")
def checks_cmd() -> None:
    """List every check and rule, with severity."""
    registry = load()
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
    check_thresholds(fail_on, min_grade)
    result = load_result(result_file)
    if baseline:
        apply_baseline(result, load_baseline(baseline), baseline)
        score_result(result)
    for path in write_outputs(
        result,
        json_path=json_out,
        html_path=html_out,
        markdown_path=markdown_out,
        sarif_path=sarif_out,
        junit_path=junit_out,
    ):
        err.print(f"wrote {path}", highlight=False)
    finish(result, fail_under, fail_on, min_grade)


@app.command("baseline")
def baseline_cmd(
    result_file: Annotated[str, typer.Argument(help="A result written by --json.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")],
    days: Annotated[int, typer.Option(help="Days until each entry expires.")] = 90,
) -> None:
    """Write a starting baseline that accepts every open problem of a result, each to be justified."""
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
        level = Severity(fail_on).rank
        hits = [f for f in d.new if f.severity.rank >= level]
        if hits:
            err.print(
                f"threshold breached: {len(hits)} new finding(s) at or above {fail_on}, e.g. {hits[0].rule}",
                highlight=False,
                markup=False,
            )
            raise typer.Exit(EXIT_THRESHOLD)


@app.command("demo")
def demo_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Where the reports go.")] = Path("confaudit-demo"),
    browser: Annotated[str, typer.Option(help="auto|always|never")] = "auto",
    checks: Annotated[str | None, typer.Option(help="Comma-separated check ids (default: all).")] = None,
) -> None:
    """Start the bundled fictional providers on loopback, audit each, and write their reports."""
    from confaudit.demo.run import run_demo

    rows = run_demo(out_dir, browser=browser, checks=_split_checks(checks), console=err)
    table = Table(title="confaudit demo")
    for col in ("provider", "grade", "score", "problems", "time", "report"):
        table.add_column(col)
    for row in rows:
        table.add_row(
            row.name,
            row.result.grade,
            f"{row.result.score:.0f}" if row.result.score is not None else "-",
            str(sum(1 for f in row.result.findings() if f.failed)),
            f"{row.seconds:.2f} s",
            str(row.html),
        )
    out.print(table)
    out.print(f"Reports are in {out_dir.resolve()}/ (open index.html).", highlight=False)
    if any(row.result.error for row in rows):
        raise typer.Exit(EXIT_UNREACHABLE)


import confaudit.batch_cli  # noqa: E402, F401  registers batch, recheck, verify-evidence, history


@app.command("policy")
def policy_cmd(
    source: Annotated[
        str, typer.Argument(help="A notice: .html/.htm/.pdf/.txt/.md file, or an http(s) URL.")
    ],
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the clause table as JSON ('-': stdout).")
    ] = None,
    resolve: ResolveOpt = None,
    connect_to: ConnectToOpt = None,
    only_resolved: OnlyResolvedOpt = False,
    ca_file: CaFileOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = 15.0,
) -> None:
    """Lint one privacy notice (a draft file or a published URL): each clause's status with its first quote."""
    import httpcore
    from rich.text import Text

    from confaudit.engine import target_network
    from confaudit.net import AddressGuard, Net
    from confaudit.policytext import ExtractionError, analyse, extract_any, severity_for

    if "://" in source:
        target = check_target_url(source)
        options = audit_options(
            resolve=resolve,
            connect_to=connect_to,
            only_resolved=only_resolved,
            ca_file=ca_file,
            allow_private=allow_private,
            timeout=timeout,
        )
        hostmap = options.validate()

        async def fetch() -> tuple[bytes, str | None, str, str | None]:
            try:
                kind = await target_network(target, hostmap, options)
            except (httpcore.ConnectError, OSError) as exc:
                return b"", None, source, f"cannot reach {target.host}: {exc}"
            guard = AddressGuard(target_class=kind, allow_private=options.allow_private)
            async with Net(options, hostmap, guard) as net:
                ex = await net.fetch(target.url)
            problem = ex.error or (f"HTTP {ex.status}" if ex.status is None or ex.status >= 400 else None)
            return ex.body, ex.content_type, ex.final_url or target.url, problem

        body, ctype, url, problem = asyncio.run(fetch())
        if problem:
            err.print(f"error: {source}: {problem}", highlight=False, markup=False)
            raise typer.Exit(EXIT_UNREACHABLE)
        data: bytes = body
    else:
        path = Path(source)
        if not path.is_file():
            raise UsageError(f"no such file: {source}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"{source}: {exc.strerror}") from None
        suffix = path.suffix.lower()
        ctype = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html"}.get(
            suffix, "text/plain"
        )
        url = str(path)
    try:
        doc = extract_any(data, url, ctype)
    except ExtractionError as exc:
        err.print(f"error: cannot read the notice: {exc}", highlight=False, markup=False)
        raise typer.Exit(EXIT_UNREACHABLE) from None
    result = analyse(doc)
    payload = {"source": source, "title": doc.title, "word_count": doc.word_count, **result.to_dict()}
    english = doc.language in ("en", "unknown")
    if not english:
        payload["skipped"] = f"the notice is in {doc.language}; the clause rules read English only"
    if json_out == "-":
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if json_out:
        Path(json_out).write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        err.print(f"wrote {json_out}", highlight=False, markup=False)
    if not english:
        err.print(f"note: {payload['skipped']}", highlight=False, markup=False)
        return
    table = Table(
        title=Text(
            f"{doc.title or url}: {sum(r.status == 'present' for r in result.clauses.values())}"
            f"/{len(result.clauses)} clauses present"
        )
    )
    for col in ("clause", "status", "severity", "first quote"):
        table.add_column(col, no_wrap=col == "clause")
    style = {"present": "green", "partial": "yellow", "absent": "red"}
    for cid, r in result.clauses.items():
        quote = r.quotes[0].text if r.quotes else ""
        table.add_row(
            Text(cid),
            Text(r.status, style=style[r.status]),
            Text(severity_for(cid, r.status) or ""),
            Text(quote[:160] + ("…" if len(quote) > 160 else "")),
        )
    out.print(table)
    updated = result.last_updated.isoformat() if result.last_updated else "no date found"
    ease = result.readability
    out.print(
        Text(
            f"last updated: {updated}; reading ease {ease.flesch_reading_ease:.0f}, "
            f"about {ease.reading_time_minutes:.0f} min to read ({ease.word_count} words)"
        )
    )
    for q in result.over_promises:
        out.print(Text(f"over-promise: {q.text[:200]}"))


def main() -> None:
    """Run the app; click handles its own usage errors (exit 2), ours are printed on one line."""
    try:
        app()
    except UsageError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        sys.exit(130)


if __name__ == "__main__":
    main()
