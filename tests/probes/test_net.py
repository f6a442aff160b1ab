"""The shared client's bounds and guards, against real hostile servers on loopback."""

from __future__ import annotations

import asyncio
import gzip
import socket
import time
import zlib

import pytest

from confaudit.demo.server import Reply, Site
from confaudit.engine.audit import audit, check_target_url
from confaudit.knowledge.addresses import address_class
from confaudit.model import HttpExchange
from confaudit.model.options import HostMap, UsageError, parse_connect_to, parse_resolve
from confaudit.net.client import Net
from confaudit.net.guard import AddressGuard, BlockedAddress
from tests.conftest import page
from tests.sites.served import start_served

CRAWL = {"checks": ["headers"], "browser": "never"}  # the crawl alone: no TLS scan, no browser


def fetch(served, url: str, **opts) -> HttpExchange:
    options = served.options(**opts)
    hostmap = options.validate()

    async def go() -> HttpExchange:
        async with Net(options, hostmap, AddressGuard(target_class="loopback")) as net:
            return await net.fetch(url)

    return asyncio.run(go())


def drip(chunks: int, pause: float):
    for _ in range(chunks):
        time.sleep(pause)
        yield b"<p>" + b"x" * 10 + b"</p>"


def hostile_site() -> Site:
    bomb = gzip.compress(b"\0" * 60_000_000, compresslevel=9)
    deflated = zlib.compress(b"<p>deflated</p>" * 10)
    return Site(
        host="hostile.example",
        routes={
            "/huge": lambda r: Reply(
                200, [("Content-Type", "text/html")], (b"<p>" + b"a" * 65_536 for _ in range(400))
            ),
            "/bomb": Reply(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], bomb),
            "/deflate": Reply(
                200, [("Content-Type", "text/html"), ("Content-Encoding", "deflate")], deflated
            ),
            "/brotli": Reply(200, [("Content-Type", "text/html"), ("Content-Encoding", "br")], b"\x1b\x00"),
            "/loop1": Reply(302, [("Location", "/loop2")]),
            "/loop2": Reply(302, [("Location", "/loop1")]),
            **{f"/chain{i}": Reply(302, [("Location", f"/chain{i + 1}")]) for i in range(20)},
            "/slow": Reply(200, [("Content-Type", "text/html")], b"late", delay=3.0),
            "/drip": lambda r: Reply(200, [("Content-Type", "text/html")], drip(40, 0.25)),
            "/to-metadata": Reply(302, [("Location", "http://metadata.example/latest/")]),
            "/to-intranet": Reply(302, [("Location", "https://intranet.example/")]),
            "/to-unmapped": Reply(302, [("Location", "https://nowhere-mapped.example/")]),
            "/to-file": Reply(302, [("Location", "file:///etc/passwd")]),
        },
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One hostile server for the module: its replies never change and no test reads its log."""
    served = start_served(tmp_path_factory.mktemp("hostile"), hostile_site())
    yield served
    served.stop()


def test_huge_body_is_cut_at_the_cap(hostile):
    ex = fetch(hostile, "https://hostile.example/huge", max_body=1_000_000)
    assert ex.status == 200 and ex.truncated
    assert ex.body_size == 1_000_000 == len(ex.body)


def test_gzip_bomb_stops_at_the_cap_counted_after_decompression(hostile):
    t0 = time.perf_counter()
    ex = fetch(hostile, "https://hostile.example/bomb", max_body=2_000_000)
    assert ex.truncated and ex.body_size == 2_000_000
    assert set(ex.body) == {0}
    assert time.perf_counter() - t0 < 10  # it stopped early instead of inflating 60 MB


def test_deflate_is_decoded_and_unknown_encoding_is_an_error(hostile):
    ex = fetch(hostile, "https://hostile.example/deflate")
    assert ex.body == b"<p>deflated</p>" * 10 and not ex.truncated
    br = fetch(hostile, "https://hostile.example/brotli")
    assert br.status is None and "content-encoding" in br.error


def test_redirect_loop_stops(hostile):
    ex = fetch(hostile, "https://hostile.example/loop1")
    assert ex.status is None and "loop" in ex.error
    assert len(ex.redirects) == 2


def test_redirect_chain_stops_after_ten(hostile):
    ex = fetch(hostile, "https://hostile.example/chain0")
    assert ex.status is None and "more than 10 redirects" in ex.error
    assert len(ex.redirects) == 11


def test_redirect_to_another_scheme_is_refused(hostile):
    ex = fetch(hostile, "https://hostile.example/to-file")
    assert ex.status is None and "unsupported scheme" in ex.error


def test_slow_server_times_out(hostile):
    t0 = time.perf_counter()
    ex = fetch(hostile, "https://hostile.example/slow", timeout=1.0)
    assert ex.status is None and ex.error == "timed out after 1 s"
    assert time.perf_counter() - t0 < 2.5


def test_drip_fed_body_times_out_as_a_whole(hostile):
    """A server that sends a byte now and then never trips a read timeout; the request's own bound stops it."""
    ex = fetch(hostile, "https://hostile.example/drip", timeout=1.5)
    assert ex.status is None and "timed out" in ex.error


def test_guard_blocks_redirect_into_link_local_and_private_networks(hostile):
    """A loopback-hosted site may not send the auditor to 169.254.169.254 or 10.x; no packet goes there."""
    pins = [
        *hostile.server.connect_to(),
        "metadata.example:80:169.254.169.254:80",
        "intranet.example:443:10.20.30.40:443",
    ]
    ex = fetch(hostile, "https://hostile.example/to-metadata", connect_to=pins)
    assert ex.status is None and "refused to connect to metadata.example (169.254.169.254)" in ex.error
    ex = fetch(hostile, "https://hostile.example/to-intranet", connect_to=pins)
    assert "refused to connect to intranet.example (10.20.30.40): a private address" in ex.error


def test_guard_rules():
    public = AddressGuard(target_class="public")
    for addr in (
        "127.0.0.1",
        "10.0.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fd00::1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
    ):
        with pytest.raises(BlockedAddress):
            public.check("h", addr)
    public.check("h", "93.184.216.34")
    AddressGuard(target_class="public", allow_private=True).check("h", "10.0.0.1")
    loop = AddressGuard(target_class="loopback")
    loop.check("h", "127.0.0.2")
    with pytest.raises(BlockedAddress):
        loop.check("h", "10.0.0.1")
    assert address_class("172.16.0.9") == "private" and address_class("8.8.8.8") == "public"


def test_only_resolved_sends_no_dns_query(hostile, monkeypatch):
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def spy(host, *a, **kw):  # records, then answers as the system would
        looked_up.append(str(host))
        return real(host, *a, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", spy)
    ex = fetch(hostile, "https://hostile.example/to-unmapped")
    assert ex.status is None and "--only-resolved" in ex.error
    assert looked_up == []


def test_unreachable_target_is_reported_not_raised(hostile):
    run = asyncio.run(audit(check_target_url("https://nowhere.example/"), hostile.options()))
    assert run.result.error and "nowhere.example" in run.result.error
    assert run.result.grade == "?"


@pytest.mark.parametrize(
    ("body", "ctype", "title", "links"),
    [
        (
            b"<html><head><title>Caf\xe9 \xa3</title></head><body><a href=/x>x</a>",
            "text/html; charset=iso-8859-1",
            "Café £",
            1,
        ),
        (
            b"<title>broken \xff\xfe utf8</title><a href='/y'>y<a href=\"/z\">",
            "text/html; charset=utf-8",
            "broken",
            2,
        ),
        (
            b"<<<>>><title>t</title><form action=><input name=a></div></span><a href=/q>q</a><p",
            "text/html",
            "t",
            1,
        ),
        (b"\x00\x01\x02<title>nul</title>", "text/html", "nul", 0),
    ],
)
def test_malformed_and_non_utf8_html_parse(serve, body, ctype, title, links):
    served = serve(Site(host="mal.example", routes={"/": Reply(200, [("Content-Type", ctype)], body)}))
    run = served.audit("https://mal.example/", max_pages=1, **CRAWL)
    home = run.evidence.crawl.pages[0]
    assert title in (home.title or "")
    assert len(home.links) == links
    assert run.result.error is None


def test_host_map_parsing():
    assert parse_resolve("a.example:443:127.0.0.1").addr == "127.0.0.1"
    assert parse_resolve("a.example:443:[::1]").addr == "::1"
    assert parse_resolve("A.example:80:127.0.0.2,127.0.0.3").host == "a.example"
    pin = parse_connect_to("a.example:443:127.0.0.1:8443")
    assert (pin.port, pin.addr_port) == (443, 8443)
    assert parse_connect_to("a.example:443:[::1]:8443").addr == "::1"
    for bad in (
        "a.example:443",
        "a.example:http:127.0.0.1",
        "a.example:443:not-an-ip",
        ":443:127.0.0.1",
        "a.example:70000:127.0.0.1",
    ):
        with pytest.raises(UsageError):
            parse_resolve(bad)
    hm = HostMap.from_specs(["a.example:443:127.0.0.1"], ["b.example:443:127.0.0.1:9443"])
    assert hm.lookup("a.example", 443) == ("127.0.0.1", 443)
    assert hm.lookup("a.example", 80) is None  # curl semantics: only that port
    assert hm.lookup("B.EXAMPLE.", 443) == ("127.0.0.1", 9443)
    assert (
        hm.chromium_rules(True)
        == "MAP b.example:443 127.0.0.1:9443, MAP a.example:443 127.0.0.1:443, MAP * ~NOTFOUND"
    )


def test_resolve_with_explicit_port(serve):
    served = serve(Site(host="port.example", routes={"/": page("<p>on a port</p>", title="Port")}))
    port = served.server.https_port
    run = asyncio.run(
        audit(
            check_target_url(f"https://port.example:{port}/"),
            served.options(connect_to=[], resolve=[f"port.example:{port}:127.0.0.1"], **CRAWL),
        )
    )
    crawl = run.evidence.crawl
    assert crawl.pages[0].title == "Port"
    assert crawl.http is None and any("only https:// was fetched" in e for e in crawl.errors)
