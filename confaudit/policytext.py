"""Old import path, kept for one release: use ``confaudit.analysis.policytext``."""

from confaudit.analysis.policytext import *  # noqa: F403
from confaudit.analysis.policytext import __all__  # noqa: F401
