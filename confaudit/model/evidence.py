"""Everything the probes collected for one target, handed to the checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from confaudit.model.crawl import (
    CrawlEvidence,
)
from confaudit.model.target import Target

T = TypeVar("T")


@dataclass
class Evidence:
    """Everything the probes collected for one target, keyed by probe name.

    Checks read it and never do I/O themselves, so the same evidence always gives the same findings.
    """

    target: Target
    parts: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # readings several checks share (the notice, say), made once per evidence; never saved or pickled
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()`` once for this evidence; later calls return the same object."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_memo": {}}

    def get(self, probe: str) -> Any:
        return self.parts.get(probe)

    @property
    def crawl(self) -> CrawlEvidence | None:
        return self.parts.get("crawl")
