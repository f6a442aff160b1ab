"""``confaudit demo``: the bundled fictional providers on loopback, audited and reported."""

from pathlib import Path
from typing import Annotated

import typer

from confaudit.cli.app import EXIT_UNREACHABLE, app, err, out, split_checks


@app.command("demo")
def demo_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Where the reports go.")] = Path("confaudit-demo"),
    browser: Annotated[str, typer.Option(help="auto|always|never")] = "auto",
    checks: Annotated[str | None, typer.Option(help="Comma-separated check ids (default: all).")] = None,
) -> None:
    """Start the bundled fictional providers on loopback, audit each, and write their reports."""
    from rich.table import Table

    from confaudit.demo.run import run_demo

    rows = run_demo(out_dir, browser=browser, checks=split_checks(checks), console=err.console)
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
