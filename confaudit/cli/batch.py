"""``confaudit batch``: many providers at once, resumable, with reports, evidence and a league table."""

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from confaudit.cli.app import (
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
    SignKeyOpt,
    TimeoutOpt,
    TrackerListOpt,
    app,
    audit_options,
    err,
    load_sign_key,
    out,
)

if TYPE_CHECKING:
    from rich.progress import Progress


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
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

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
                console=err.console,
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
    sign_key: SignKeyOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Audit many providers: resumable (DIR/results.sqlite), with reports, evidence and a league table."""
    from confaudit.engine.batch.config import BatchConfig, default_browser_pool, default_concurrency
    from confaudit.engine.batch.runner import run_batch
    from confaudit.engine.batch.targets import parse_shard
    from confaudit.engine.batch.workers import default_workers

    key = load_sign_key(sign_key, evidence=True)  # every batch target keeps a bundle
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
        sign_key=key,
    )
    if not no_store:
        from confaudit.storage.history import default_path

        config.history_store = Path(store) if store else default_path()
    display = BatchDisplay(quiet)
    try:
        report = run_batch(config, notify=display, on_plan=display.plan)
    finally:
        display.stop()
    for warning in report.warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)
    if not quiet:
        from rich.table import Table

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
