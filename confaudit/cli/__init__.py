"""The ``confaudit`` command.

Each command lives in its own module and imports the engine only when it runs, so ``--version`` and
``--help`` start at once. ``main`` answers ``--version`` before loading any command. The command modules
do without ``from __future__ import annotations``: typer reads every parameter's annotation, and string
annotations would be compiled anew by ``eval`` in each process (a third of ``--help``'s time), where real
ones come compiled in the bytecode. Names imported only for type checking are quoted instead.
"""

from __future__ import annotations

import sys

COMMAND_MODULES = ("audit", "policy", "batch", "evidence", "results", "demo")


def _load_commands() -> None:
    from importlib import import_module

    for name in COMMAND_MODULES:
        import_module(f"confaudit.cli.{name}")


def main() -> None:
    """Run the app; click handles its own usage errors (exit 2), ours are printed on one line."""
    if sys.argv[1:] == ["--version"]:
        from confaudit import __version__

        print(f"confaudit {__version__}")
        return
    _load_commands()
    from confaudit.cli.app import EXIT_USAGE, app, err

    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        sys.exit(130)
    except Exception as exc:
        from confaudit.model.options import UsageError  # loaded by whatever raised one

        if not isinstance(exc, UsageError):
            raise
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(EXIT_USAGE)
