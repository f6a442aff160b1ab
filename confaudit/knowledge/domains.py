"""First party or third party: decided by registrable domain (Public Suffix List, shipped, never fetched).

The list is parsed once per installed version and kept in the user's cache directory (``pslcache``).
"""

from __future__ import annotations

import ipaddress
import threading
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

_PSL_LOCK = threading.Lock()


@cache
def _psl() -> PublicSuffixList:
    with _PSL_LOCK:  # concurrent first calls (a batch's first judges) parse the list once, not each
        return _psl_once()


@cache
def _psl_once() -> PublicSuffixList:
    from confaudit.knowledge.pslcache import load_psl

    return load_psl()


def psl_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"publicsuffixlist {version('publicsuffixlist')}"
    except PackageNotFoundError:
        return "publicsuffixlist"


@cache
def site_of(host: str) -> str:
    """The registrable domain of a host (``www.calm.co.uk`` -> ``calm.co.uk``); IPs and bare names stand alone."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    return _psl().privatesuffix(host) or host


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def same_site(host_a: str, host_b: str) -> bool:
    return site_of(host_a) == site_of(host_b)


def is_third_party(url: str, site_host: str) -> bool:
    host = host_of(url)
    return bool(host) and not same_site(host, site_host)
