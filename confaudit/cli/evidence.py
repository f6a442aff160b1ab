"""``verify-evidence`` and ``recheck``: a saved evidence bundle checked and judged again, offline."""

from pathlib import Path
from typing import Annotated

import typer

from confaudit.cli.app import EXIT_THRESHOLD, app, err, out


@app.command("verify-evidence")
def verify_evidence_cmd(
    directory: Annotated[Path, typer.Argument(help="An evidence bundle (written by --evidence or batch).")],
) -> None:
    """Check every file of an evidence bundle against the SHA-256 in its manifest (exit 1 if any fails)."""
    from confaudit.storage.bundle import verify_bundle

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
    from confaudit.engine.recheck import BundleTampered, recheck
    from confaudit.engine.registry import known_rules
    from confaudit.report import write_outputs

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
        rules=known_rules() if sarif_out else None,
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
