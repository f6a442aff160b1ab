"""Renderers: a result to HTML, JSON, Markdown, SARIF and JUnit; the plain verdict; the batch league table.

The names below are imported on first use, so writing JSON alone never loads the HTML templates' engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from confaudit.report.html import render_html
    from confaudit.report.markdown import render_markdown
    from confaudit.report.outputs import render_json, write_outputs
    from confaudit.results.ranking import ranked

_HOME = {
    "ranked": "confaudit.results.ranking",
    "render_html": "confaudit.report.html",
    "render_json": "confaudit.report.outputs",
    "render_markdown": "confaudit.report.markdown",
    "write_outputs": "confaudit.report.outputs",
}

__all__ = ["ranked", "render_html", "render_json", "render_markdown", "write_outputs"]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(import_module(_HOME[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
