"""Moved to ``tests/sites/tls.py``; kept for ``bench/tls.py``, which imports it by this name."""

from tests.sites.tls import *  # noqa: F403
from tests.sites.tls import lab as lab
