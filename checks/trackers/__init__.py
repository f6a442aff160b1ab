"""The trackers check: which third parties learn what, on which page, before the visitor consents.

``check`` holds the metadata, the reading and the result's data; ``rules`` the rule functions (imported
here so they register, in declaration order); ``visit``, ``sightings``, ``cookies`` and ``leaks`` what the
rules read. The entry point ``confaudit_checks.trackers:CHECK`` names the one ``Check``.
"""

from __future__ import annotations

from confaudit_checks.trackers import rules as rules  # registers the rule functions on CHECK
from confaudit_checks.trackers.check import CHECK

__all__ = ["CHECK"]
