"""Renderers: an ``AuditResult`` into JSON, Markdown and a self-contained HTML page."""

from __future__ import annotations

from confaudit.report.render import ranked, render_html, render_json, render_markdown, write_outputs

__all__ = ["ranked", "render_html", "render_json", "render_markdown", "write_outputs"]
