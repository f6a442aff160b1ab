"""Commands for regulators' spot checks: ``batch``, ``recheck``, ``verify-evidence`` and ``history``.

Registered on the main typer app by importing this module from ``confaudit.cli``; the ``audit`` command
calls ``keep_evidence`` and ``remember`` for its ``--evidence`` and ``--store`` options.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from confaudit.cliapp import (
    EXIT_THRESHOLD,
    EXIT_UNREACHABLE,
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
from confaudit.engine import AuditRun, check_target_url
from confaudit.model import AuditResult
from confaudit.options import AuditOptions, UsageError
from confaudit.report import write_outputs

# --- used by `audit` -------------------------------------------------------------------------------


def keep_evidence(run: AuditRun, directory: str, options: AuditOptions) -> None:
    """``audit --evidence DIR``: write the bundle (and point the result at it) before any output."""
    from confaudit.evidence_bundle import save_evidence
    from confaudit.knowledge import Knowledge

    path = save_evidence(
        run.result, run.evidence, directory, knowledge=Knowledge(tracker_lists=options.tracker_lists)
    )
    err.print(
        f"wrote evidence bundle {path}/ (check it with: confaudit verify-evidence {path})", highlight=False
    )


def remember(result: AuditResult, store: str | None, no_store: bool) -> None:
    """Record the audit in the history store; a store that cannot be written only warns."""
    if no_store:
        return
    from confaudit.store import record_audit

    try:
        record_audit(result, store)
    except Exception as exc:  # history is a convenience: never fail an audit over it
        err.print(f"warning: audit not recorded in the history store: {exc}", highlight=False, markup=False)


# --- batch -----------------------------------------------------------------------------------------


class BatchDisplay:
    """A progress bar with counts and ETA on a terminal; one line per finished target otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.live = err.is_terminal and not quiet
        self.lock = threading.Lock()
        self.ok = self.errors = self.done = 0
        self.total = 0
        self.progress: Progress | None = None
        self.task: int | None = None

    def plan(self, total: int, skipped: int) -> None:
        self.total = total - skipped
        if skipped and not self.quiet:
            err.print(f"resuming: {skipped} of {total} target(s) already recorded", highlight=False)
        if self.live and self.total:
            self.progress = Progress(
                TextColumn("[bold]batch[/]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(
                    "{task.fields[ok]} ok, {task.fields[errors]} error(s), {task.fields[running]} running"
                ),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=err,
                transient=False,
            )
            self.progress.start()
            self.task = self.progress.add_task("batch", total=self.total, ok=0, errors=0, running=0)

    def __call__(self, target, status, row) -> None:  # type: ignore[no-untyped-def]
        with self.lock:
            running_delta = 1 if status == "running" else -1
            if status != "running":
                self.done += 1
                if status == "done":
                    self.ok += 1
                else:
                    self.errors += 1
            if self.progress is not None and self.task is not None:
                running = self.progress.tasks[0].fields["running"] + running_delta
                self.progress.update(
                    self.task, completed=self.done, ok=self.ok, errors=self.errors, running=max(0, running)
                )
            elif not self.quiet and status != "running":
                what = (
                    f"grade {row.grade}" + (f", score {row.score:.0f}" if row.score is not None else "")
                    if status == "done"
                    else f"error: {row.error}"
                )
                err.print(
                    f"[{self.done}/{self.total}] {target.name or target.key}: {what}",
                    highlight=False,
                    markup=False,
                )

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@app.command("batch")
def batch_cmd(
    targets: Annotated[
        str, typer.Argument(help="A text file of URLs (one a line, # comments) or a CSV with url,name.")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Where results, evidence and summaries go.")] = Path(
        "confaudit-batch"
    ),
    concurrency: Annotated[
        int | None, typer.Option(help="Targets audited at once (default: from the machine's cores).")
    ] = None,
    per_host: Annotated[int, typer.Option(help="Audits of the same host at once (politeness).")] = 1,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Local processes sharing the audits (default: one per 8 at once, at most one per core; "
            "1 runs them all in this process)."
        ),
    ] = None,
    browser_pool: Annotated[
        int | None, typer.Option(help="Browser visits at once (default: about one per two cores).")
    ] = None,
    shard: Annotated[str | None, typer.Option(help="i/N: audit only this stable share of the list.")] = None,
    retry_failed: Annotated[
        bool, typer.Option(help="Audit again the targets that ended in an error.")
    ] = False,
    dask_scheduler: Annotated[
        str | None, typer.Option(help="Run the targets on this Dask scheduler (tcp://HOST:PORT).")
    ] = None,
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
    store: Annotated[
        str | None, typer.Option(help="Also record each audit in this history store (default: the user's).")
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Keep the audits only in the batch's own store.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Audit many providers: resumable (DIR/results.sqlite), with reports, evidence and a league table."""
    from confaudit.batch import BatchConfig, default_browser_pool, default_concurrency, parse_shard, run_batch
    from confaudit.batch_workers import default_workers

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
    config = BatchConfig(
        targets_file=targets,
        out=out_dir,
        options=options,
        concurrency=concurrency or default_concurrency(),
        per_host=per_host,
        workers=workers or default_workers(concurrency or default_concurrency()),
        browser_pool=browser_pool or default_browser_pool(),
        shard=parse_shard(shard) if shard else None,
        retry_failed=retry_failed,
        dask_scheduler=dask_scheduler,
    )
    if not no_store:
        from confaudit.store import default_path

        config.history_store = Path(store) if store else default_path()
    display = BatchDisplay(quiet)
    try:
        report = run_batch(config, notify=display, on_plan=display.plan)
    finally:
        display.stop()
    for warning in report.warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)
    if not quiet:
        table = Table(
            title=f"batch: {report.targets} target(s), {report.ran} audited now, {report.skipped} earlier"
        )
        for col in ("done", "errors", "summary"):
            table.add_column(col)
        table.add_row(str(report.done), str(report.errors), str(report.summary["html"]))
        out.print(table)
    if report.errors:
        err.print(
            f"{report.errors} target(s) could not be audited; see {report.summary['html']}", highlight=False
        )
        raise typer.Exit(EXIT_UNREACHABLE)


# --- evidence ----------------------------------------------------------------------------------------


@app.command("verify-evidence")
def verify_evidence_cmd(
    directory: Annotated[Path, typer.Argument(help="An evidence bundle (written by --evidence or batch).")],
) -> None:
    """Check every file of an evidence bundle against the SHA-256 in its manifest (exit 1 if any fails)."""
    from confaudit.evidence_bundle import verify_bundle

    report = verify_bundle(directory)
    if report.ok:
        out.print(
            f"ok: {report.checked} file(s) match their SHA-256; bundle sha256 {report.digest}",
            highlight=False,
        )
        return
    for path, problem in report.problems:
        err.print(f"{path}: {problem}", highlight=False, markup=False)
    err.print(f"evidence NOT intact: {len(report.problems)} problem(s) in {directory}", highlight=False)
    raise typer.Exit(EXIT_THRESHOLD)


@app.command("recheck")
def recheck_cmd(
    directory: Annotated[Path, typer.Argument(help="An evidence bundle (written by --evidence or batch).")],
    json_out: Annotated[str | None, typer.Option("--json", help="Write the result as JSON here.")] = None,
    html_out: Annotated[str | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    markdown_out: Annotated[str | None, typer.Option("--markdown", help="Write Markdown here.")] = None,
    sarif_out: Annotated[str | None, typer.Option("--sarif", help="Write SARIF 2.1.0 here.")] = None,
    junit_out: Annotated[str | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="Judge even if files fail their hashes.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Exit 1 if the findings differ from the original.")] = False,
) -> None:
    """Judge saved evidence again, offline (no network), and compare with the original findings."""
    from confaudit.evidence_bundle import BundleTampered, recheck

    try:
        outcome = recheck(directory, verify=not no_verify)
    except BundleTampered as exc:
        for path, problem in exc.verification.problems:
            err.print(f"{path}: {problem}", highlight=False, markup=False)
        err.print(
            f"error: {exc} (use verify-evidence; --no-verify to judge anyway)", highlight=False, markup=False
        )
        raise typer.Exit(EXIT_THRESHOLD) from None
    result = outcome.result
    for path in write_outputs(
        result,
        json_path=json_out,
        html_path=html_out,
        markdown_path=markdown_out,
        sarif_path=sarif_out,
        junit_path=junit_out,
    ):
        err.print(f"wrote {path}", highlight=False)
    score = f", score {result.score:.0f}" if result.score is not None else ""
    collected = outcome.original.started.strftime("%Y-%m-%d %H:%M UTC")
    if not outcome.differences:
        out.print(
            f"{result.target.label}: grade {result.grade}{score}; the same findings as the audit of {collected}",
            highlight=False,
            markup=False,
        )
        return
    out.print(
        f"{result.target.label}: grade {result.grade}{score}; DIFFERENT from the audit of {collected}:",
        highlight=False,
        markup=False,
    )
    for line in outcome.differences:
        out.print(f"  {line}", highlight=False, markup=False)
    if strict:
        raise typer.Exit(EXIT_THRESHOLD)


# --- history -----------------------------------------------------------------------------------------


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
    from confaudit.store import Store, default_path

    path = Path(store) if store else default_path()
    if not path.exists():
        raise UsageError(f"no history store at {path} (audits are recorded there unless --no-store)")
    with Store(path) as db:
        if url is None:
            sites = db.targets()
            if json_out:
                print(json.dumps([{"url": u, "audits": n} for u, n in sites], indent=2))
                return
            table = Table(title=f"sites in {path}")
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
    table = Table(title=f"{key}: {len(rows)} audit(s)")
    for col, justify in (
        ("finished (UTC)", "left"),
        ("grade", "center"),
        ("score", "right"),
        ("change", "right"),
        ("critical", "right"),
        ("high", "right"),
        ("medium", "right"),
        ("low", "right"),
        ("note", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    previous: float | None = None
    for r in rows:
        change = f"{r.score - previous:+.0f}" if r.score is not None and previous is not None else ""
        table.add_row(
            r.finished[:16].replace("T", " "),
            r.grade,
            f"{r.score:.0f}" if r.score is not None else "-",
            change,
            *(str(r.counts[s]) for s in ("critical", "high", "medium", "low")),
            (f"error: {r.error[:60]}" if r.error else r.source) + f", confaudit {r.tool_version}",
        )
        if r.score is not None:
            previous = r.score
    out.print(table)
