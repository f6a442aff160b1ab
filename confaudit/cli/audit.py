"""``confaudit audit``: one provider, the outputs asked for, thresholds as exit codes.

Exit codes are a contract CI relies on: 0 audited and within thresholds, 1 a threshold was breached,
2 a usage error (one line, no traceback), 3 the target could not be audited at all.
"""

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
    print_bundle,
    write_outputs_asked,
)

if TYPE_CHECKING:
    from confaudit.engine.audit import AuditRun
    from confaudit.model.options import AuditOptions


def run_with_progress(url: str, options: "AuditOptions", quiet: bool = False) -> "AuditRun":
    import asyncio
    import contextlib

    from confaudit.net.tls import warm

    warm(options.ca_file)  # the trust store loads on another core while the engine is imported
    from confaudit.engine.registry import load
    from confaudit.model.options import UsageError

    registry = load()
    with contextlib.suppress(UsageError):  # the audit reports it, after the options are checked
        # imports the checks and probes this audit runs; the probes' libraries load in threads meanwhile
        registry.preload(registry.plan(registry.select(options.checks)))
    from confaudit.engine.audit import audit, check_target_url

    target = check_target_url(url)
    for problem in registry.load_errors:
        err.print(f"[yellow]warning:[/] plugin not loaded: {problem}", highlight=False)
    if quiet or not err.is_terminal:
        return asyncio.run(audit(target, options, registry=registry))

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err.console,
        transient=True,
    ) as progress:
        tasks: dict[str, int] = {}

        def notify(event: str, name: str) -> None:
            if event == "probe-start":
                tasks[name] = progress.add_task(f"{target.host}: {name}", total=1)
            elif event == "probe-done" and name in tasks:
                progress.update(tasks[name], completed=1)

        return asyncio.run(audit(target, options, registry=registry, progress=notify))


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
    sign_key: SignKeyOpt = None,
    store: Annotated[
        str | None, typer.Option(help="History store (default: the user's data directory).")
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not record this audit in the history store.")
    ] = False,
) -> None:
    """Audit one provider's site and write the outputs asked for."""
    from confaudit.results.thresholds import check_thresholds

    check_thresholds(fail_on, min_grade)
    key = load_sign_key(sign_key, evidence)
    accepted = None
    if baseline:
        from confaudit.results.baseline import load_baseline

        accepted = load_baseline(baseline)
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
    from confaudit.cli.results import finish, print_summary
    from confaudit.engine.record import keep_evidence, remember
    from confaudit.results.scoring import score_result

    result = run.result
    if evidence:
        path = keep_evidence(run, evidence, options, key)
        print_bundle(path, result, key)
    if accepted is not None and baseline:
        from confaudit.results.baseline import apply_baseline

        apply_baseline(result, accepted, baseline)
        score_result(result)
    write_outputs_asked(
        result,
        json_out=json_out,
        html_out=html_out,
        markdown_out=markdown_out,
        sarif_out=sarif_out,
        junit_out=junit_out,
        evidence=run.evidence,
    )
    if not no_store:
        problem = remember(result, store)
        if problem:
            err.print(f"warning: {problem}", highlight=False, markup=False)
    if run.unreachable:
        err.print(f"error: {result.error}", highlight=False, markup=False)
        raise typer.Exit(EXIT_UNREACHABLE)
    if not quiet:
        print_summary(result)
    finish(result, fail_under, fail_on, min_grade)
