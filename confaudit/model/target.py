"""The audited site as the user named it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Target:
    """What is audited: a provider's site, named for people."""

    url: str
    name: str | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def label(self) -> str:
        return self.name or self.host
