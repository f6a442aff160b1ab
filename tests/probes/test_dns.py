"""The DNS probe against a DNS server on loopback, the host map, --only-resolved, and IP location."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from pathlib import Path

import pytest

from confaudit.api.probe import ProbeContext
from confaudit.engine.audit import validate_options
from confaudit.knowledge.location import Locator, area_of, edge_table, iptocc_source, open_database
from confaudit.model import (
    CrawlEvidence,
    Evidence,
    Form,
    HttpExchange,
    Page,
    PageKind,
    Resource,
    Script,
    Target,
)
from confaudit.model.dns import NOT_RESOLVED_ONLY, DnsEvidence
from confaudit.model.options import AuditOptions, UsageError, parse_nameserver
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.probes import dns as dns_probe
from tests.sites.claims import SITES, Zone, build_mmdb, country, dns_server, lab, loopback_ok

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SITE = "https://www.harbour-test.co.uk/"


def crawled(*third_party_urls: str, form_action: str | None = None) -> Evidence:
    page = Page(
        SITE,
        PageKind.HOME,
        HttpExchange(SITE, status=200),
        scripts=[Script(src=u) for u in third_party_urls if u.endswith(".js")],
        resources=[Resource("image", u) for u in third_party_urls if not u.endswith(".js")],
        forms=[Form(form_action, "post")] if form_action else [],
    )
    return Evidence(Target(SITE), {"crawl": CrawlEvidence(SITE, pages=[page])})


def context(evidence: Evidence, **options: object) -> ProbeContext:
    opts = AuditOptions(**options)  # type: ignore[arg-type]
    hostmap = opts.validate()
    return ProbeContext(evidence.target, opts, hostmap, None, evidence)  # type: ignore[arg-type]


def run_probe(ctx: ProbeContext) -> DnsEvidence:
    return asyncio.run(dns_probe.collect(ctx))


def zone() -> Zone:
    return (
        Zone()
        .add("www.harbour-test.co.uk", "CNAME", "harbour-test.co.uk.cdn.cloudflare.net")
        .add("harbour-test.co.uk.cdn.cloudflare.net", "A", "104.16.1.1")
        .add("harbour-test.co.uk.cdn.cloudflare.net", "AAAA", "2606:4700::6810:101")
        .add("connect.facebook.net", "A", "157.240.1.35")
        .add("formspree.io", "A", "81.2.69.142")
        .add("harbour-test.co.uk", "MX", "10 aspmx.l.google.com.", "20 alt1.aspmx.l.google.com.")
        .add("aspmx.l.google.com", "A", "142.250.1.27")
        .add("alt1.aspmx.l.google.com", "A", "142.250.1.28")
    )


def test_probe_asks_the_nameserver_for_site_third_parties_and_mx() -> None:
    z = zone()
    ev = crawled("https://connect.facebook.net/en_US/fbevents.js", form_action="https://formspree.io/f/x")
    with dns_server(z) as ns:
        out = run_probe(context(ev, nameserver=ns))
    site = out.host("www.harbour-test.co.uk")
    assert site is not None and site.role == "site" and site.source == "dns"
    assert site.cnames == ["harbour-test.co.uk.cdn.cloudflare.net"]
    assert site.addresses == ["104.16.1.1", "2606:4700::6810:101"]
    assert out.host("connect.facebook.net").role == "third-party"  # type: ignore[union-attr]
    assert out.host("formspree.io").addresses == ["81.2.69.142"]  # type: ignore[union-attr]
    assert out.domain == "harbour-test.co.uk"
    assert [m.exchange for m in out.mx] == ["aspmx.l.google.com", "alt1.aspmx.l.google.com"]
    assert out.host("aspmx.l.google.com").role == "mail"  # type: ignore[union-attr]
    assert out.queries_sent > 0 and ("harbour-test.co.uk", "MX", "udp") in z.asked
    cf = out.located("104.16.1.1")
    assert cf is not None and cf.edge == "Cloudflare" and cf.country == "US"
    assert cf.database_date and DATE.fullmatch(cf.database_date) and "iptocc" in cf.source
    uk = out.located("81.2.69.142")
    assert uk is not None and uk.country == "GB"
    assert any("iptocc" in d and DATE.search(d) for d in out.databases)


def test_pinned_names_are_answered_from_the_host_map_and_never_asked() -> None:
    z = zone()
    ev = crawled("https://connect.facebook.net/en_US/fbevents.js")
    with dns_server(z) as ns:
        out = run_probe(context(ev, nameserver=ns, resolve=["www.harbour-test.co.uk:443:127.0.0.5"]))
    site = out.host("www.harbour-test.co.uk")
    assert site is not None and site.source == "host map" and site.addresses == ["127.0.0.5"]
    asked = {name for name, _, _ in z.asked}
    assert "www.harbour-test.co.uk" not in asked
    assert "connect.facebook.net" in asked  # not pinned: asked
    loc = out.located("127.0.0.5")
    assert loc is not None and loc.country is None and loc.network == "loopback"


def test_only_resolved_asks_nothing() -> None:
    z = zone()
    ev = crawled("https://connect.facebook.net/en_US/fbevents.js")
    with dns_server(z) as ns:
        out = run_probe(
            context(
                ev,
                nameserver=ns,
                only_resolved=True,
                connect_to=["www.harbour-test.co.uk:443:127.0.0.1:8443"],
            )
        )
    assert z.asked == [] and out.queries_sent == 0
    assert out.host("www.harbour-test.co.uk").source == "host map"  # type: ignore[union-attr]
    fb = out.host("connect.facebook.net")
    assert fb is not None and fb.status == NOT_RESOLVED_ONLY and fb.addresses == []
    assert out.mx_status == NOT_RESOLVED_ONLY


def test_silent_server_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dns_probe, "QUERY_TIMEOUT", 0.3)
    monkeypatch.setattr(dns_probe, "QUERY_LIFETIME", 0.6)
    z = zone()
    z.silent.add("connect.facebook.net")
    ev = crawled("https://connect.facebook.net/en_US/fbevents.js")
    with dns_server(z) as ns:
        out = run_probe(context(ev, nameserver=ns))
    fb = out.host("connect.facebook.net")
    assert fb is not None and fb.status == "timeout" and fb.addresses == []
    assert out.duration_s < 5


def test_name_count_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dns_probe, "MAX_NAMES", 3)
    urls = [f"https://t{i}.tracker-test.net/p.js" for i in range(6)]
    with dns_server(zone()) as ns:
        out = run_probe(context(crawled(*urls), nameserver=ns))
    assert len(out.hosts) == 3 and len(out.skipped) == 4


def test_nxdomain_and_tcp() -> None:
    import dns.asyncquery
    import dns.message

    z = zone()
    with dns_server(z) as ns:
        out = run_probe(context(crawled("https://nowhere.invalid-test.net/x.js"), nameserver=ns))
        addr, port = parse_nameserver(ns)
        q = dns.message.make_query("connect.facebook.net", "A")
        answer = asyncio.run(dns.asyncquery.tcp(q, addr, port=port, timeout=2))
    assert out.host("nowhere.invalid-test.net").status == "nxdomain"  # type: ignore[union-attr]
    assert answer.answer and ("connect.facebook.net", "A", "tcp") in z.asked


def test_evidence_round_trips_through_serde() -> None:
    with dns_server(zone()) as ns:
        out = run_probe(context(crawled("https://connect.facebook.net/a.js"), nameserver=ns))
    again = from_jsonable(DnsEvidence, to_jsonable(out))
    assert again == out


def test_nameserver_and_geoip_options(tmp_path: Path) -> None:
    assert parse_nameserver("127.0.0.1:5353") == ("127.0.0.1", 5353)
    assert parse_nameserver("::1") == ("::1", 53)
    assert parse_nameserver("[::1]:5300") == ("::1", 5300)
    with pytest.raises(UsageError):
        parse_nameserver("dns.example:53")
    with pytest.raises(UsageError):
        AuditOptions(nameserver="1.2.3.4:99999").validate()
    bad = tmp_path / "not.mmdb"
    bad.write_bytes(b"hello")
    with pytest.raises(UsageError, match="--geoip-db"):
        validate_options(AuditOptions(geoip_db=[str(bad)]))


def test_cli_rejects_a_bad_nameserver() -> None:
    from tests.conftest import run_cli

    proc = run_cli("audit", "https://example.invalid/", "--nameserver", "not-an-ip", "--only-resolved")
    assert proc.returncode == 2 and "not-an-ip" in proc.stderr and "Traceback" not in proc.stderr


# --- location ----------------------------------------------------------------------------------------------


def test_user_database_comes_first_and_is_dated(tmp_path: Path) -> None:
    db = build_mmdb(
        tmp_path / "lab.mmdb", {"127.0.0.2/32": country("GB", 64500, "Lab"), "81.2.69.0/24": country("FR")}
    )
    info = open_database(str(db))
    assert info.built and DATE.fullmatch(info.built)
    loc = Locator([str(db)])
    a = loc.locate("127.0.0.2")
    assert (a.country, a.asn, a.as_org, a.network) == ("GB", 64500, "Lab", "loopback")
    assert a.source == "lab.mmdb (GeoLite2-Country)" and a.database_date == info.built
    assert loc.locate("81.2.69.142").country == "FR"  # the user's file wins over iptocc
    assert loc.locate("127.0.0.9").country is None  # not in the file: loopback has no country
    assert loc.databases[0].startswith("lab.mmdb") and DATE.search(loc.databases[0])


def test_asn_from_user_database_marks_an_edge(tmp_path: Path) -> None:
    db = build_mmdb(tmp_path / "asn.mmdb", {"127.0.0.3/32": country("US", 13335, "CLOUDFLARENET")})
    assert Locator([str(db)]).locate("127.0.0.3").edge == "Cloudflare"


def test_iptocc_is_dated_and_says_registration() -> None:
    label, when = iptocc_source()
    assert label.startswith("iptocc 3.") and "registration" in label
    assert when is not None and DATE.fullmatch(when)
    assert Locator().locate("8.8.8.8").country == "US"


def test_edge_headers_and_storage_regions() -> None:
    table = edge_table()
    marks = table.edge_marks(
        [
            ("CF-Ray", "8a1b-LHR"),
            ("x-amz-cf-pop", "LHR62-C1"),
            ("X-Served-By", "cache-lhr7351-LHR"),
            ("x-vercel-id", "lhr1::iad1::abc-1-2"),
            ("X-Akamai-Transformed", "9 - 0 pmb=mRUM,1"),
            ("Via", "1.1 varnish"),
            ("content-type", "text/html"),
        ]
    )
    assert [m.network for m in marks] == [
        "Cloudflare",
        "Amazon CloudFront",
        "Fastly",
        "Vercel",
        "Akamai",
        "Fastly",
    ]
    assert marks[0].pop == "LHR" and marks[1].pop == "LHR"
    hints = table.region_hints([("x-amz-bucket-region", "eu-west-2"), ("x-vercel-id", "lhr1::iad1::abc-1-2")])
    assert [(h.what, h.country) for h in hints] == [("storage", "GB"), ("processing", "US")]
    assert table.region_hints([], "files.s3.us-east-1.amazonaws.com")[0].country == "US"
    assert table.by_cname(["x.cdn.cloudflare.net"]).name == "Cloudflare"  # type: ignore[union-attr]
    assert table.mail_provider("abc.mail.protection.outlook.com").name.startswith("Microsoft")  # type: ignore[union-attr]


def test_areas() -> None:
    assert area_of("UK").countries == {"GB"}
    assert "IE" in area_of("EU") and "GB" not in area_of("EU")
    assert {"GB", "DE"} <= area_of(["UK", "EU"]).countries
    assert "NO" in area_of("EEA") and not area_of("the country where it was collected").known


# --- no DNS query leaves the machine under --only-resolved ---------------------------------------------------


@pytest.mark.skipif(not loopback_ok("127.0.0.3"), reason="cannot bind 127.0.0.2/3 here")
def test_only_resolved_audit_sends_no_dns_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A socket-level spy: every connect/sendto of the whole audit goes to 127.0.0.x, none to port 53,
    dnspython is never called, and getaddrinfo only ever sees IP literals (a numeric look-up sends nothing)."""
    import dns.asyncresolver

    calls: list[str] = []
    destinations: list[tuple[object, ...]] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def spy(*args: object, **kwargs: object) -> object:
            calls.append(name)
            raise AssertionError(f"{name} called during an --only-resolved audit")

        return spy

    real_connect, real_sendto, real_connect_ex = (
        socket.socket.connect,
        socket.socket.sendto,
        socket.socket.connect_ex,
    )

    def connect(self: socket.socket, address: object) -> None:
        destinations.append(("connect", address))
        return real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        destinations.append(("connect_ex", address))
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def sendto(self: socket.socket, *args: object) -> int:
        destinations.append(("sendto", args[-1]))
        return real_sendto(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", sendto)
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        # numeric look-ups (socket.create_connection does them for IP literals) send nothing; a name would
        try:
            ipaddress.ip_address(str(host).strip("[]"))
        except ValueError:
            calls.append(f"getaddrinfo({host!r})")
            raise AssertionError(f"getaddrinfo({host!r}) during an --only-resolved audit") from None
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(dns.asyncresolver.Resolver, "resolve", refuse("dnspython resolve"))
    monkeypatch.setattr(dns.asyncresolver.Resolver, "__init__", refuse("dnspython Resolver()"))
    with lab(tmp_path, SITES) as the_lab:
        run = the_lab.audit("https://leakycare.co.uk/", checks=["residency", "promises"])
    assert calls == []
    dns_ev = run.evidence.get("dns")
    assert isinstance(dns_ev, DnsEvidence) and dns_ev.queries_sent == 0 and dns_ev.only_resolved
    assert dns_ev.host("leakycare.co.uk").source == "host map"  # type: ignore[union-attr]
    assert destinations, "the spy saw no traffic at all"
    for _, address in destinations:
        host, port = address[0], address[1]  # type: ignore[index]
        assert str(host).startswith("127.") and port != 53, address
