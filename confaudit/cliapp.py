"""The typer app and its consoles, shared by every module that adds commands.

Kept apart from the commands so ``cli.py`` and ``batch_cli.py`` can both register on the one app
without importing each other (and so ``python -m confaudit.cli`` runs the same app as the script).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from confaudit import __version__

EXIT_OK, EXIT_THRESHOLD, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3

app = typer.Typer(
    name="confaudit",
    help="Audit online-therapy and counselling providers for confidentiality practices.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        print(f"confaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Audit online-therapy and counselling providers for confidentiality practices."""


def split_checks(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]
