"""Where an address is, offline, and what an address's location can and cannot say.

Three sources, each named with its date in every result so a reader can weigh it:

- ``iptocc`` (PyPI, MIT OR Apache-2.0): the country a Regional Internet Registry assigned each block to,
  built into the wheel. It is the country of registration, not of use: a cloud provider's London
  addresses can be registered in the US. Its data date is the wheel's build time (its SBOM timestamp),
  since the data is refreshed nightly at build.
- ``--geoip-db FILE`` (repeatable): a MaxMind-format database the user has (GeoLite2/GeoIP2 Country, City or
  ASN, DB-IP, IPinfo Lite ...), read with ``maxminddb``; it is consulted first, for every address, which
  also lets a test lab say where its loopback servers "are".
- ``location_data/edge_networks.json``: CDN, anycast and cloud-edge networks (published ranges, AS numbers,
  CNAME suffixes, edge headers). An edge's location is where the nearest point of presence is, never
  where data is stored; storage-region headers (``x-amz-bucket-region``) and S3 regional host names are.

Private and loopback addresses have no country unless a user database names one.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, cached_property
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from typing import Any

from confaudit.knowledge.addresses import address_class
from confaudit.knowledge.places import (  # noqa: F401  re-exported: places used to live here
    ADEQUATE,
    EEA,
    EU27,
    UK,
    Area,
    area_of,
    country_name,
    in_uk_or_eea,
    place_countries,
)
from confaudit.model.dns import Located

# --- the edge-network table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EdgeNetwork:
    name: str
    kind: str
    source: str
    ranges: tuple[Any, ...]  # ipaddress networks
    asns: frozenset[int]
    cname_suffixes: tuple[str, ...]
    headers: tuple[str, ...]
    header_prefixes: tuple[str, ...]
    header_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    server: tuple[str, ...]


@dataclass(frozen=True)
class EdgeMark:
    """A response header that says an edge answered, with the point of presence when it names one."""

    network: str
    header: str
    value: str
    pop: str | None = None


@dataclass(frozen=True)
class RegionHint:
    """Where a header or a host name says data is stored or processed (not an edge)."""

    what: str  # "storage" or "processing"
    country: str
    region: str
    evidence: str  # the header or host name it was read from


@dataclass(frozen=True)
class MailProvider:
    name: str
    country: str
    regional: str | None


_POP = {
    "cf-ray": re.compile(r"-([A-Z]{3})$"),
    "x-amz-cf-pop": re.compile(r"^([A-Z]{3})\d"),
    "x-served-by": re.compile(r"cache-([a-z]{3})\d", re.I),
    "x-vercel-id": re.compile(r"^([a-z]{3})\d::"),
}
S3_HOST = re.compile(
    r"(?:^|\.)s3[.-](?:dualstack\.)?([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com$|"
    r"(?:^|\.)s3\.amazonaws\.com$",
    re.I,
)


class EdgeTable:
    """The shipped table of CDN / anycast networks, storage-region clues and mail providers."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.compiled: str = data.get("compiled", "")
        self.caution: str = data.get("caution", "")
        self.networks: list[EdgeNetwork] = []
        for n in data["networks"]:
            self.networks.append(
                EdgeNetwork(
                    name=n["name"],
                    kind=n["kind"],
                    source=n["source"],
                    ranges=tuple(ipaddress.ip_network(r) for r in n.get("ranges", [])),
                    asns=frozenset(n.get("asns", [])),
                    cname_suffixes=tuple(s.lower() for s in n.get("cname_suffixes", [])),
                    headers=tuple(h.lower() for h in n.get("headers", [])),
                    header_prefixes=tuple(h.lower() for h in n.get("header_prefixes", [])),
                    header_patterns=tuple(
                        (k.lower(), re.compile(v, re.I)) for k, v in n.get("header_patterns", {}).items()
                    ),
                    server=tuple(s.lower() for s in n.get("server", [])),
                )
            )
        self.storage_headers: dict[str, str] = data.get("storage_region_headers", {})
        self.aws_regions: dict[str, str] = data.get("aws_regions", {})
        self.vercel_regions: dict[str, str] = data.get("vercel_regions", {})
        self.mail = [
            (m["suffix"].lower(), MailProvider(m["name"], m["country"], m.get("regional")))
            for m in data.get("mail_providers", [])
        ]

    @property
    def label(self) -> str:
        return f"confaudit edge-network table compiled {self.compiled}"

    def by_address(self, address: str) -> EdgeNetwork | None:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        for net in self.networks:
            if any(ip.version == r.version and ip in r for r in net.ranges):
                return net
        return None

    def by_asn(self, asn: int | None) -> EdgeNetwork | None:
        if asn is None:
            return None
        return next((n for n in self.networks if asn in n.asns), None)

    def by_cname(self, names: Iterable[str]) -> EdgeNetwork | None:
        for name in names:
            name = name.lower().rstrip(".")
            for net in self.networks:
                if any(name == s or name.endswith("." + s) for s in net.cname_suffixes):
                    return net
        return None

    def edge_marks(self, headers: Iterable[tuple[str, str]]) -> list[EdgeMark]:
        """Headers that show a CDN edge answered (``cf-ray``, ``x-amz-cf-pop``, ``x-served-by`` ...)."""
        marks: list[EdgeMark] = []
        for key, value in headers:
            k = key.lower()
            for net in self.networks:
                hit = (
                    k in net.headers
                    or any(k.startswith(p) for p in net.header_prefixes)
                    or any(k == hk and rx.search(value) for hk, rx in net.header_patterns)
                    or (k == "server" and value.strip().lower() in net.server)
                )
                if hit:
                    m = _POP[k].search(value) if k in _POP else None
                    marks.append(EdgeMark(net.name, key, value[:200], m.group(1).upper() if m else None))
                    break
        return marks

    def region_hints(self, headers: Iterable[tuple[str, str]], host: str | None = None) -> list[RegionHint]:
        """Storage or processing places that headers or a host name state (never an edge's)."""
        hints: list[RegionHint] = []
        for key, value in headers:
            k = key.lower()
            if k in self.storage_headers:
                region = value.strip().lower()
                country = self.aws_regions.get(region)
                if country:
                    hints.append(RegionHint("storage", country, region, f"{key}: {value[:80]}"))
            elif k == "x-vercel-id":
                # "<edge>::<function region>::<id>": the region before the id ran the serverless function
                parts = value.strip().split("::")
                if len(parts) >= 3:
                    region = parts[-2].lower()
                    country = self.vercel_regions.get(region)
                    if country:
                        hints.append(RegionHint("processing", country, region, f"{key}: {value[:80]}"))
        if host:
            m = S3_HOST.search(host.lower())
            if m:
                region = m.group(1) or "us-east-1"
                country = self.aws_regions.get(region)
                if country:
                    hints.append(RegionHint("storage", country, region, f"S3 host name {host}"))
        return hints

    def mail_provider(self, exchange: str) -> MailProvider | None:
        name = exchange.lower().rstrip(".")
        best: tuple[int, MailProvider] | None = None
        for suffix, provider in self.mail:
            if (name == suffix or name.endswith("." + suffix)) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), provider)
        return best[1] if best else None


@cache
def edge_table() -> EdgeTable:
    raw = (
        files("confaudit.knowledge").joinpath("location_data/edge_networks.json").read_text(encoding="utf-8")
    )
    return EdgeTable(json.loads(raw))


# --- databases ------------------------------------------------------------------------------------------


@cache
def iptocc_source() -> tuple[str, str | None]:
    """(label, data date) of the installed iptocc; the date is its wheel's build time (data is built in)."""
    try:
        dist = metadata.distribution("iptocc")
    except metadata.PackageNotFoundError:
        return "iptocc (not installed)", None
    when: str | None = None
    for f in dist.files or []:
        if f.name.endswith(".cyclonedx.json"):
            try:
                stamp = json.loads(f.read_text())["metadata"]["timestamp"]
                when = stamp[:10]
            except (OSError, ValueError, KeyError, TypeError):
                pass
            break
    return f"iptocc {dist.version} (Regional Internet Registry delegations: country of registration)", when


@dataclass
class UserDatabase:
    """A MaxMind-format file given with ``--geoip-db``."""

    path: str
    reader: Any
    kind: str
    built: str | None

    @property
    def label(self) -> str:
        return f"{Path(self.path).name} ({self.kind})"

    def get(self, address: str) -> dict[str, Any] | None:
        try:
            rec = self.reader.get(address)
        except ValueError:
            return None
        return rec if isinstance(rec, dict) else None


def open_database(path: str) -> UserDatabase:
    """Open a MaxMind-format file; ValueError with a reason when it is not one."""
    try:
        import maxminddb
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ValueError("the maxminddb package is not installed") from exc
    try:
        reader = maxminddb.open_database(path)
    except (OSError, maxminddb.InvalidDatabaseError) as exc:
        raise ValueError(f"not a MaxMind-format database ({exc})") from None
    meta = reader.metadata()
    built = datetime.fromtimestamp(meta.build_epoch, UTC).date().isoformat() if meta.build_epoch else None
    return UserDatabase(path, reader, str(meta.database_type), built)


def _country_of(rec: dict[str, Any]) -> str | None:
    for key in ("country", "registered_country"):
        value = rec.get(key)
        if isinstance(value, dict) and isinstance(value.get("iso_code"), str):
            return value["iso_code"].upper()
        if isinstance(value, str) and len(value) == 2:
            return value.upper()
    code = rec.get("country_code")
    return code.upper() if isinstance(code, str) and len(code) == 2 else None


def _asn_of(rec: dict[str, Any]) -> tuple[int | None, str | None]:
    asn = rec.get("autonomous_system_number")
    org = rec.get("autonomous_system_organization")
    if asn is None and isinstance(rec.get("asn"), str | int):
        raw = str(rec["asn"]).upper().removeprefix("AS")
        asn = int(raw) if raw.isdigit() else None
        org = rec.get("as_name") or rec.get("as_org")
    return (int(asn) if isinstance(asn, int) else asn), (str(org) if org else None)


@dataclass
class Locator:
    """Places addresses: the user's databases first, then iptocc; marks edge networks."""

    geoip_dbs: list[str] = field(default_factory=list)

    @cached_property
    def user_databases(self) -> list[UserDatabase]:
        return [open_database(p) for p in self.geoip_dbs]

    @cached_property
    def edges(self) -> EdgeTable:
        return edge_table()

    @property
    def databases(self) -> list[str]:
        """Every source this locator may use, each with its date."""
        label, when = iptocc_source()
        out = [f"{db.label}, built {db.built or 'date unknown'}" for db in self.user_databases]
        out.append(f"{label}, data of {when or 'unknown date'}")
        out.append(self.edges.label)
        return out

    def locate(self, address: str) -> Located:
        try:
            network = address_class(address)
        except ValueError:
            return Located(address, None, "not an IP address", None, "invalid")
        country: str | None = None
        source, when = "", None
        asn: int | None = None
        org: str | None = None
        for db in self.user_databases:
            rec = db.get(address)
            if not rec:
                continue
            c = _country_of(rec)
            if c and country is None:
                country, source, when = c, db.label, db.built
            a, o = _asn_of(rec)
            if a is not None and asn is None:
                asn, org = a, o
        note = None
        if country is None and network == "public":
            label, when = iptocc_source()
            country = _iptocc(address)
            source = label
            note = "country of registration, which for cloud and CDN addresses may not be where they are used"
        elif country is None:
            source, when = f"{network} network", None
            note = f"a {network} address has no country"
        edge = self.edges.by_address(address) or self.edges.by_asn(asn)
        return Located(
            address,
            country,
            source,
            when,
            network,
            asn,
            org,
            edge.name if edge else None,
            note,
        )


def _iptocc(address: str) -> str | None:
    try:
        from iptocc import country_code
    except ImportError:
        return None
    try:
        code = country_code(address)
    except (ValueError, TypeError):
        return None
    return code.upper() if isinstance(code, str) else None


def default_locator() -> Locator:
    return Locator()
