"""Fetch one published notice for ``confaudit policy``, through the same guarded client an audit uses."""

from __future__ import annotations

import httpcore

from confaudit.engine.audit import target_network, validate_options
from confaudit.model import Target
from confaudit.model.options import AuditOptions
from confaudit.net.client import Net
from confaudit.net.guard import AddressGuard


async def fetch_notice(target: Target, options: AuditOptions) -> tuple[bytes, str | None, str, str | None]:
    """The body, its content type, the final URL, and the problem (None when the notice was fetched)."""
    hostmap = validate_options(options)
    try:
        kind = await target_network(target, hostmap, options)
    except (httpcore.ConnectError, OSError) as exc:
        return b"", None, target.url, f"cannot reach {target.host}: {exc}"
    guard = AddressGuard(target_class=kind, allow_private=options.allow_private)
    async with Net(options, hostmap, guard) as net:
        ex = await net.fetch(target.url)
    problem = ex.error or (f"HTTP {ex.status}" if ex.status is None or ex.status >= 400 else None)
    return ex.body, ex.content_type, ex.final_url or target.url, problem
