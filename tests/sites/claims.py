"""Helpers for the residency, promises and DNS tests: a loopback DNS server, a test MaxMind database, and
provider sites on several loopback addresses so a test database can say where each one "is".

Everything listens on 127.0.0.x; the DNS server answers from a dict and logs every question it gets, which
is how the tests prove which names were (and were not) asked.
"""

from __future__ import annotations

import asyncio
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

from confaudit.demo.ca import LocalCA, make_ca
from confaudit.demo.server import LoopbackSites, Reply, Site
from confaudit.engine.audit import AuditRun, audit, check_target_url
from confaudit.model.options import AuditOptions


def html_page(body: str, title: str = "Page", head: str = "") -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()


def reply(
    body: str, title: str = "Page", head: str = "", headers: list[tuple[str, str]] | None = None
) -> Reply:
    return Reply(
        200, [("Content-Type", "text/html; charset=utf-8"), *(headers or [])], html_page(body, title, head)
    )


# --- a DNS server on loopback ------------------------------------------------------------------------------


@dataclass
class Zone:
    """Records by (name, type); names are lower-case, without the trailing dot."""

    records: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    silent: set[str] = field(default_factory=set)  # names the server never answers (timeouts)
    asked: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, transport)

    def add(self, name: str, rtype: str, *values: str) -> Zone:
        self.records.setdefault((name.lower(), rtype), []).extend(values)
        return self

    def answer(self, wire: bytes, transport: str) -> bytes | None:
        query = dns.message.from_wire(wire)
        q = query.question[0]
        name = str(q.name).rstrip(".").lower()
        rtype = dns.rdatatype.to_text(q.rdtype)
        self.asked.append((name, rtype, transport))
        if name in self.silent:
            return None
        response = dns.message.make_response(query)
        current = name
        for _ in range(8):  # follow CNAMEs inside the zone, as a recursive server would
            cname = self.records.get((current, "CNAME"))
            if not cname or rtype == "CNAME":
                break
            response.answer.append(dns.rrset.from_text(current + ".", 300, "IN", "CNAME", cname[0] + "."))
            current = cname[0].rstrip(".").lower()
        values = self.records.get((current, rtype))
        if values:
            response.answer.append(dns.rrset.from_text_list(current + ".", 300, "IN", rtype, values))
        elif not any(n == current for n, _ in self.records):
            response.set_rcode(dns.rcode.NXDOMAIN)
        return response.to_wire()


class _Udp(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data, sock = self.request
        out = self.server.zone.answer(data, "udp")  # type: ignore[attr-defined]
        if out is not None:
            sock.sendto(out, self.client_address)


class _Tcp(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        head = self.request.recv(2)
        if len(head) < 2:
            return
        (length,) = struct.unpack("!H", head)
        data = b""
        while len(data) < length:
            chunk = self.request.recv(length - len(data))
            if not chunk:
                return
            data += chunk
        out = self.server.zone.answer(data, "tcp")  # type: ignore[attr-defined]
        if out is not None:
            self.request.sendall(struct.pack("!H", len(out)) + out)


class _UdpServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    allow_reuse_address = True


class _TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def dns_server(zone: Zone) -> Iterator[str]:
    """A UDP and TCP DNS server on one 127.0.0.1 port; yields ``127.0.0.1:PORT`` for ``--nameserver``."""
    for _ in range(20):  # TCP first (no TIME_WAIT clash later), then UDP on the same port
        tcp = _TcpServer(("127.0.0.1", 0), _Tcp)
        port = tcp.server_address[1]
        try:
            udp = _UdpServer(("127.0.0.1", port), _Udp)
            break
        except OSError:
            tcp.server_close()
    else:  # pragma: no cover
        raise OSError("no free port for the test DNS server")
    for server in (udp, tcp):
        server.zone = zone  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        for server in (udp, tcp):
            server.shutdown()
            server.server_close()


# --- a MaxMind-format database ----------------------------------------------------------------------------


def build_mmdb(path: Path, entries: dict[str, dict[str, object]]) -> Path:
    """A real MaxMind DB (GeoLite2-Country layout, ASN fields too) mapping networks to records."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    writer = MMDBWriter(ip_version=4, database_type="GeoLite2-Country", description="confaudit test database")
    for network, record in entries.items():
        writer.insert_network(IPSet([network]), record)
    writer.to_db_file(str(path))
    return path


def country(code: str, asn: int | None = None, org: str | None = None) -> dict[str, object]:
    rec: dict[str, object] = {"country": {"iso_code": code}}
    if asn is not None:
        rec["autonomous_system_number"] = asn
        rec["autonomous_system_organization"] = org or f"AS{asn}"
    return rec


# --- sites on several loopback addresses ------------------------------------------------------------------


@dataclass
class Lab:
    """Loopback servers on several addresses (one per address) sharing one test CA."""

    servers: dict[str, LoopbackSites]
    ca: LocalCA

    def connect_to(self) -> list[str]:
        return [spec for server in self.servers.values() for spec in server.connect_to()]

    def options(self, **kw: object) -> AuditOptions:
        base: dict[str, object] = {
            "connect_to": self.connect_to(),
            "only_resolved": True,
            "ca_file": str(self.ca.ca_file),
            "timeout": 5.0,
            "budget": 60.0,
            "browser": "never",
        }
        base.update(kw)
        return AuditOptions(**base)  # type: ignore[arg-type]

    def audit(self, url: str, **kw: object) -> AuditRun:
        return asyncio.run(audit(check_target_url(url), self.options(**kw)))


@contextmanager
def lab(tmp: Path, by_address: dict[str, list[Site]]) -> Iterator[Lab]:
    hosts = [s.host for sites in by_address.values() for s in sites]
    ca = make_ca(tmp / "ca", hosts)
    servers: dict[str, LoopbackSites] = {}
    try:
        for addr, sites in by_address.items():
            servers[addr] = LoopbackSites(sites, str(ca.cert_file), str(ca.key_file), bind=addr).start()
        yield Lab(servers, ca)
    finally:
        for server in servers.values():
            server.stop()


def loopback_ok(addr: str) -> bool:
    """Whether this machine lets a server bind another 127.0.0.x address (Linux does)."""
    s = socket.socket()
    try:
        s.bind((addr, 0))
        return True
    except OSError:
        return False
    finally:
        s.close()


# --- the providers the residency and promises tests audit -------------------------------------------------

UK_NOTICE = """<h1>Privacy notice</h1><h2>Confidentiality</h2><p>What you tell your counsellor stays confidential.</p>
<h2>Where your data is kept</h2><p>All client records are stored on servers in the United Kingdom and never
leave it.</p><h2>Advertising</h2><p>We never share your information with advertisers.</p>
<h2>Cookies</h2><p>We only use essential cookies needed for booking.</p>
<h2>Security</h2><p>Our website and forms are protected with TLS encryption in transit.</p>
<h2>Your rights</h2><p>You can ask for a copy of your data or complain to the Information Commissioner's Office
(ICO).</p>"""
NO_CLAIM_NOTICE = """<h1>Privacy notice</h1><h2>Confidentiality</h2><p>What you tell your counsellor stays
confidential.</p><h2>Cookies</h2><p>We use Google Analytics cookies to understand visits to our website.</p>
<h2>Your rights</h2><p>You can ask for a copy of your data or complain to the Information Commissioner's Office
(ICO).</p>"""
PIXEL = (
    '<script src="https://connect.facebook.net/en_US/fbevents.js"></script>'
    "<script>fbq('init', '123456789012345'); fbq('track', 'PageView');</script>"
    '<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-ABC1234"></script>'
)
BOOK_FORM = (
    '<h1>Book an appointment</h1><form action="/book" method="post"><label>Name <input name="name"></label>'
    '<label>Email <input type="email" name="email"></label><textarea name="reason"></textarea>'
    "<button>Book</button></form>"
)


def provider(host: str, notice: str, extra: str = "", headers: list[tuple[str, str]] | None = None) -> Site:
    """A small counselling practice: home, booking page and privacy notice; ``extra`` goes on every page."""
    nav = '<p><a href="/book">Book a session</a> <a href="/privacy">Privacy notice</a></p>'
    return Site(
        host=host,
        headers=list(headers or []),
        routes={
            "/": reply(
                f"<h1>{host}</h1><p>Counselling for adults, online and in person.</p>{nav}{extra}", "Home"
            ),
            "/book": reply(BOOK_FORM + nav + extra, "Book an appointment"),
            "/privacy": reply(notice + nav + extra, "Privacy notice"),
        },
    )


def vendors() -> list[Site]:
    js = Reply(200, [("Content-Type", "application/javascript")], b"/* stand-in */")
    return [
        Site(host="connect.facebook.net", routes={"/en_US/fbevents.js": js}),
        Site(host="www.googletagmanager.com", routes={"/gtm.js": js}),
    ]


# truecare: a true UK claim, no third parties, at an address the test database places in GB
# leakycare: the same promises, broken by Meta and Google tags (US advertisers per the trackers knowledge)
# edgecare: a UK claim behind a Cloudflare edge the test database places in the US
# quietcare: no claim at all
SITES = {
    "127.0.0.2": [
        provider("truecare.co.uk", UK_NOTICE),
        provider("leakycare.co.uk", UK_NOTICE, PIXEL),
        provider("quietcare.co.uk", NO_CLAIM_NOTICE),
    ],
    "127.0.0.3": [
        provider(
            "edgecare.co.uk",
            UK_NOTICE,
            headers=[("cf-ray", "8a1b2c3d4e5f6789-LHR"), ("Server", "cloudflare")],
        )
    ],
    "127.0.0.1": vendors(),
}
MMDB = {
    "127.0.0.2/32": country("GB", 64500, "Test UK Hosting Ltd"),
    "127.0.0.3/32": country("US", 13335, "CLOUDFLARENET"),
}
