"""The private-address guard: a public site's links and redirects never lead the auditor inside."""

from __future__ import annotations

from dataclasses import dataclass

import httpcore

from confaudit.knowledge.addresses import address_class


class BlockedAddress(httpcore.ConnectError):
    """The guard refused to connect; carries a message a reader understands."""


@dataclass
class AddressGuard:
    """Never follow a site's links or redirects into networks the target itself is not on."""

    target_class: str = "public"
    allow_private: bool = False

    def check(self, host: str, addr: str) -> None:
        cls = address_class(addr)
        if self.allow_private or cls == "public" or cls == self.target_class:
            return
        raise BlockedAddress(
            f"refused to connect to {host} ({addr}): a {cls} address reached from a {self.target_class} "
            "target (use --allow-private to permit)"
        )
