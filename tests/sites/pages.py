"""Minimal HTML pages and replies, so site builders read as the page content alone."""

from __future__ import annotations

from confaudit.demo.server import Reply


def html(body: str, title: str = "Test page", head: str = "") -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()


def page(
    body: str, title: str = "Test page", head: str = "", headers: list[tuple[str, str]] | None = None
) -> Reply:
    return Reply(
        200, [("Content-Type", "text/html; charset=utf-8"), *(headers or [])], html(body, title, head)
    )
