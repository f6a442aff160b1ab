"""Moved to ``tests/sites/trackers.py``; kept for ``bench/browser.py``, which imports it by this name."""

from tests.sites.trackers import *  # noqa: F403
