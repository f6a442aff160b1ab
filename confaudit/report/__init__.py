"""Renderers: a result to HTML, JSON, Markdown, SARIF and JUnit; the plain verdict; the batch league table."""

from __future__ import annotations

from confaudit.report.html import render_html
from confaudit.report.markdown import render_markdown
from confaudit.report.outputs import render_json, write_outputs
from confaudit.results.ranking import ranked

__all__ = ["ranked", "render_html", "render_json", "render_markdown", "write_outputs"]
