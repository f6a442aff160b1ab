"""What kind of network an address is on: the one table the address guard and location data share."""

from __future__ import annotations

import ipaddress


def address_class(addr: str) -> str:
    """Which kind of network an address is on; the guard compares these, not raw ranges."""
    ip = ipaddress.ip_address(addr)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback or ip.is_unspecified:
        return "loopback"  # 0.0.0.0 reaches the local machine on Linux
    if ip.is_link_local:
        return "link-local"
    if ip.is_private or ip.is_reserved or ip.is_multicast:
        return "private"
    return "public"
