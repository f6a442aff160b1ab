"""Host to address: the host map first, literals as they are, DNS only when allowed."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import httpcore

from confaudit.model.options import HostMap


class Resolver:
    """Turns a host and port into the address to connect to, without DNS when the map says so."""

    def __init__(self, hostmap: HostMap, only_resolved: bool) -> None:
        self.hostmap = hostmap
        self.only_resolved = only_resolved

    async def resolve(self, host: str, port: int) -> list[tuple[str, int]]:
        pinned = self.hostmap.lookup(host, port)
        if pinned:
            return [pinned]
        bare = host.strip("[]")
        try:
            return [(str(ipaddress.ip_address(bare)), port)]
        except ValueError:
            pass
        if self.only_resolved:
            raise httpcore.ConnectError(
                f"{host}:{port} is not in --resolve/--connect-to and --only-resolved is set"
            )
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from None
        seen: list[tuple[str, int]] = []
        for info in infos:
            item = (str(info[4][0]), port)
            if item not in seen:
                seen.append(item)
        return seen
