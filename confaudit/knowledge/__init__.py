"""Shipped knowledge the checks consult: domains, and (in later modules) trackers, clauses, locations.

Loaded lazily so a check that needs none of it costs nothing.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any


class Knowledge:
    """The bag of shipped data handed to every check's judge."""

    def __init__(self, tracker_lists: list[str] | tuple[str, ...] = ()) -> None:
        self.tracker_lists = tuple(tracker_lists)

    @cached_property
    def trackers(self) -> Any:
        """The vendor table, EasyPrivacy and any ``--tracker-list`` files (see ``knowledge/trackers.py``)."""
        from confaudit.knowledge.trackers import load_table

        return load_table(self.tracker_lists)

    @cached_property
    def location(self) -> Any:
        """The offline IP-location database and CDN table (see ``knowledge/location.py``), for addresses the
        DNS probe did not place (the DNS evidence carries its own dated locations)."""
        from confaudit.knowledge.location import default_locator

        return default_locator()

    @cached_property
    def versions(self) -> dict[str, str]:
        from confaudit.knowledge import domains

        return {"public-suffix-list": domains.psl_version()}

    def extra(self) -> dict[str, Any]:
        return {}
