"""Old import path, kept for one release: use ``confaudit.api``."""

from confaudit.api.probe import Probe, ProbeContext

__all__ = ["Probe", "ProbeContext"]
