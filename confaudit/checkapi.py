"""Old import path, kept for one release: use ``confaudit.api``."""

from confaudit.api.check import Check, Judge, Outcome, SkipCheck, Verdict

__all__ = ["Check", "Judge", "Outcome", "SkipCheck", "Verdict"]
