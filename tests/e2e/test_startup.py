"""``confaudit --version`` and ``--help`` start at once: they import no engine, no rich, no HTTP or TLS stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import version

import pytest

from tests.conftest import REPO

HEAVY = ("rich", "pydantic", "httpx", "sslyze", "jinja2", "lxml", "confaudit.model", "confaudit.engine")


def run_main(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``confaudit ARGS`` in a fresh interpreter; return the process and the modules it imported."""
    code = f"""
        import atexit, json, sys
        atexit.register(lambda: sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n"))
        sys.argv = ["confaudit", *{list(args)!r}]
        from confaudit.cli import main
        main()
    """
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
        cwd=str(REPO),
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES "))
    return proc, json.loads(line.removeprefix("MODULES "))


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]


def test_version_is_the_installed_one_and_loads_nothing() -> None:
    proc, modules = run_main("--version")
    assert proc.returncode == 0
    assert proc.stdout == f"confaudit {version('confaudit')}\n"
    assert "typer" not in modules and "importlib.metadata" not in modules
    assert heavy(modules) == []


@pytest.mark.parametrize("args", [["--help"], ["audit", "--help"], ["batch", "--help"]])
def test_help_lists_the_commands_without_loading_the_engine(args: list[str]) -> None:
    proc, modules = run_main(*args)
    assert proc.returncode == 0, proc.stderr
    if args == ["--help"]:
        for command in ("audit", "policy", "batch", "recheck", "checks", "report", "diff", "history", "demo"):
            assert f"  {command} " in proc.stdout
        assert heavy(modules) == []
    else:
        assert "--checks" in proc.stdout and "--resolve" in proc.stdout
        # typer itself builds a command's parameter converters with pydantic; nothing else is loaded
        assert [m for m in heavy(modules) if not m.startswith("pydantic")] == []


def test_a_usage_error_is_one_line_without_loading_the_engine_first() -> None:
    proc, _ = run_main("audit", "not a url", "--no-store")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == "error: not an http(s) URL: 'not a url'"
    assert "Traceback" not in proc.stderr
