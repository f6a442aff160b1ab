"""Audit options and the host map built from ``--resolve`` and ``--connect-to``.

Both flags have curl's meaning so the same mapping can be handed to every probe (httpx, sslyze,
Chromium's ``--host-resolver-rules``): ``--resolve HOST:PORT:ADDR`` pins where a host and port
connect, ``--connect-to HOST:PORT:CONNECT_HOST:CONNECT_PORT`` also moves the port, which lets local
test servers on high ports stand in for real sites on 80 and 443 while URLs keep their real form.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any


class UsageError(ValueError):
    """A problem with what the user asked for; the CLI prints it on one line and exits 2."""


@dataclass(frozen=True)
class HostPin:
    host: str
    port: int
    addr: str
    addr_port: int


def _split_addr(text: str) -> tuple[str, str]:
    """Split ``ADDR[:REST]`` where ADDR may be a bracketed IPv6 literal."""
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise UsageError(f"unclosed '[' in {text!r}")
        return text[1:end], text[end + 1 :].removeprefix(":")
    addr, _, rest = text.partition(":")
    return addr, rest


def _port(text: str, spec: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise UsageError(f"bad port {text!r} in {spec!r}")
    return int(text)


def _ip(text: str, spec: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise UsageError(f"{text!r} in {spec!r} is not an IP address") from None


def parse_resolve(spec: str) -> HostPin:
    """``HOST:PORT:ADDR`` as curl reads it (ADDR may be ``[::1]``; the first of a comma list is used)."""
    host, sep1, rest = spec.partition(":")
    port, sep2, addr = rest.partition(":")
    if not (sep1 and sep2 and host and addr):
        raise UsageError(f"--resolve wants HOST:PORT:ADDR, got {spec!r}")
    addr = addr.split(",")[0]
    addr = addr[1:-1] if addr.startswith("[") and addr.endswith("]") else addr
    p = _port(port, spec)
    return HostPin(host.lower(), p, _ip(addr, spec), p)


def parse_connect_to(spec: str) -> HostPin:
    """``HOST:PORT:CONNECT_ADDR:CONNECT_PORT`` (curl's ``--connect-to`` with an address to connect to)."""
    host, sep1, rest = spec.partition(":")
    port, sep2, rest = rest.partition(":")
    if not (sep1 and sep2 and host and rest):
        raise UsageError(f"--connect-to wants HOST:PORT:ADDR:PORT, got {spec!r}")
    addr, to_port = _split_addr(rest)
    if not to_port:
        raise UsageError(f"--connect-to wants HOST:PORT:ADDR:PORT, got {spec!r}")
    return HostPin(host.lower(), _port(port, spec), _ip(addr, spec), _port(to_port, spec))


@dataclass
class HostMap:
    """Where each pinned host:port really connects."""

    pins: list[HostPin] = field(default_factory=list)

    @classmethod
    def from_specs(cls, resolve: list[str], connect_to: list[str]) -> HostMap:
        return cls([parse_connect_to(s) for s in connect_to] + [parse_resolve(s) for s in resolve])

    def lookup(self, host: str, port: int) -> tuple[str, int] | None:
        host = host.lower().rstrip(".")
        for pin in self.pins:
            if pin.host == host and pin.port == port:
                return pin.addr, pin.addr_port
        return None

    def knows_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(pin.host == host for pin in self.pins)

    def chromium_rules(self, only_resolved: bool) -> str:
        """The same map as Chromium's ``--host-resolver-rules``."""
        rules = []
        for pin in self.pins:
            addr = f"[{pin.addr}]" if ":" in pin.addr else pin.addr
            rules.append(f"MAP {pin.host}:{pin.port} {addr}:{pin.addr_port}")
        if only_resolved:
            rules.append("MAP * ~NOTFOUND")
        return ", ".join(rules)


def parse_nameserver(spec: str) -> tuple[str, int]:
    """``ADDR[:PORT]`` (``[v6]:PORT`` for IPv6 with a port) for ``--nameserver``; port 53 by default."""
    if spec.startswith("["):
        addr, port = _split_addr(spec)
    elif spec.count(":") == 1:
        addr, _, port = spec.partition(":")
    else:
        addr, port = spec, ""
    return _ip(addr, spec), _port(port, spec) if port else 53


BROWSER_MODES = ("auto", "always", "never")


@dataclass
class AuditOptions:
    """Everything that shapes one audit; recorded in the result so a run can be reproduced."""

    checks: list[str] | None = None
    browser: str = "auto"
    max_pages: int = 25
    resolve: list[str] = field(default_factory=list)
    connect_to: list[str] = field(default_factory=list)
    only_resolved: bool = False
    ca_file: str | None = None
    allow_private: bool = False
    timeout: float = 15.0
    budget: float = 180.0
    max_body: int = 5_000_000
    max_redirects: int = 10
    per_host: int = 4
    tracker_lists: list[str] = field(default_factory=list)
    nameserver: str | None = None  # ADDR[:PORT] the DNS probe asks instead of the system resolver
    geoip_db: list[str] = field(default_factory=list)  # MaxMind-format databases, consulted before iptocc

    def validate(self) -> HostMap:
        if self.browser not in BROWSER_MODES:
            raise UsageError(f"--browser must be one of {', '.join(BROWSER_MODES)}, got {self.browser!r}")
        if self.max_pages < 1:
            raise UsageError("--max-pages must be at least 1")
        if self.timeout <= 0 or self.budget <= 0:
            raise UsageError("--timeout and --budget must be positive")
        if self.max_body < 1024:
            raise UsageError("--max-body must be at least 1024 bytes")
        if self.ca_file is not None:
            try:
                with open(self.ca_file, "rb") as fh:
                    if b"BEGIN CERTIFICATE" not in fh.read(1_000_000):
                        raise UsageError(f"--ca-file {self.ca_file} holds no PEM certificate")
            except OSError as exc:
                raise UsageError(f"--ca-file {self.ca_file}: {exc.strerror}") from None
        for path in self.tracker_lists:
            try:
                with open(path, "rb"):
                    pass
            except OSError as exc:
                raise UsageError(f"--tracker-list {path}: {exc.strerror}") from None
        if self.nameserver is not None:
            parse_nameserver(self.nameserver)
        for path in self.geoip_db:  # its format is checked where location data is loaded (the engine)
            try:
                with open(path, "rb"):
                    pass
            except OSError as exc:
                raise UsageError(f"--geoip-db {path}: {exc.strerror}") from None
        return HostMap.from_specs(self.resolve, self.connect_to)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items()}
