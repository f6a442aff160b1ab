"""Shipped knowledge the checks consult: domains, and (in later modules) trackers, clauses, locations.

Loaded lazily so a check that needs none of it costs nothing.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any


class Knowledge:
    """The bag of shipped data handed to every check's judge."""

    @cached_property
    def versions(self) -> dict[str, str]:
        from confaudit.knowledge import domains

        return {"public-suffix-list": domains.psl_version()}

    def extra(self) -> dict[str, Any]:
        return {}
