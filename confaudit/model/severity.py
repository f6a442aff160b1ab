"""Severities and statuses, ordered so every layer ranks them the same way."""

from __future__ import annotations

import enum
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Severity(enum.StrEnum):
    """Worst first: the declaration order is the one order every layer ranks by."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse (critical 4 ... info 0); lets thresholds compare severities."""
        return len(SEVERITIES) - 1 - SEVERITIES.index(self)

    def lower(self) -> Severity:
        """One step milder (info stays info)."""
        return SEVERITIES[min(len(SEVERITIES) - 1, SEVERITIES.index(self) + 1)]


SEVERITIES: tuple[Severity, ...] = tuple(Severity)
SEVERITY_NAMES: tuple[str, ...] = tuple(s.value for s in SEVERITIES)


class FindingStatus(enum.StrEnum):
    FAIL = "fail"
    WARN = "warn"
    PASS = "pass"
    INFO = "info"


class CheckStatus(enum.StrEnum):
    OK = "ok"
    ERROR = "error"
    SKIPPED = "skipped"
