"""Who a third party is: the curated vendor table, inline-snippet signatures and EasyPrivacy for the long tail.

The table (``data/trackers.json``) names the company behind a host, its category, home country and the
enforcement cases it figured in, which is what a practice and a regulator need to read a finding. Hosts
the table does not know are matched against EasyPrivacy (bundled, see ``data/EASYPRIVACY.md``) and any
``--tracker-list`` files with the ``adblock`` package (adblock-rust), so an unknown analytics endpoint is
still named as a tracker, with the rule that matched.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

EASYPRIVACY_DATE = "2025-10-31"
EASYPRIVACY_SOURCE = "Debian webext-ublock-origin-chromium 1.67.0+dfsg-1~deb12u1"

# Categories whose presence on a page is tracking (as opposed to a service the page uses).
TRACKING = frozenset(
    {"advertising", "analytics", "session-replay", "tag-manager", "marketing", "fingerprinting"}
)
# Cookie names that are never tracking: sessions, CSRF, load balancers, consent records.
ESSENTIAL_COOKIE = re.compile(
    r"sess|^sid$|csrf|xsrf|token|auth|login|^__host-|^__secure-|consent|cookielaw|optanon|cookieyes|"
    r"cmplz|^awsalb|^__cf_bm$|^cf_clearance$|^__cfruid$|^lb|balancer|^wp-settings|^wordpress_|^lang|locale|"
    r"^cart|basket|^currency",
    re.I,
)
TRACKING_COOKIE_HINT = re.compile(r"visitor|track|^_?uid$|^_?vid$|uuid|analytics|campaign|utm|^_", re.I)


@dataclass(frozen=True)
class Entity:
    """A vendor as the table describes it."""

    name: str
    owner: str
    category: str
    country: str
    domains: tuple[str, ...]
    cases: tuple[str, ...] = ()
    cookies: tuple[str, ...] = ()

    @property
    def tracking(self) -> bool:
        return self.category in TRACKING

    def describe(self) -> str:
        return f"{self.name} ({self.owner}, {self.country}, {self.category})"


@dataclass(frozen=True)
class Signature:
    """An inline snippet that installs a tracker, with the account id it carries."""

    entity: str
    label: str
    pattern: re.Pattern[str]


def _sig(entity: str, label: str, pattern: str) -> Signature:
    return Signature(entity, label, re.compile(pattern, re.I))


# Each pattern's first group is the account or container id the snippet configures.
SIGNATURES: tuple[Signature, ...] = (
    _sig("Meta Pixel / Facebook", "Meta Pixel", r"""fbq\(\s*['"]init['"]\s*,\s*['"]?(\d{6,20})"""),
    _sig("Meta Pixel / Facebook", "Meta Pixel", r"facebook\.com/tr/?\?id=(\d{6,20})"),
    _sig("Google Tag Manager", "Tag Manager container", r"\b(GTM-[A-Z0-9]{4,10})\b"),
    _sig("Google Analytics", "Google Analytics 4", r"""(?:config|id=)['",\s]*\b(G-[A-Z0-9]{6,12})\b"""),
    _sig("Google Analytics", "Universal Analytics", r"\b(UA-\d{4,10}-\d{1,4})\b"),
    _sig("Google Ads / DoubleClick", "Google Ads", r"\b(AW-\d{6,12})\b"),
    _sig("Google Ads / DoubleClick", "Floodlight", r"\b(DC-\d{6,12})\b"),
    _sig("TikTok Pixel", "TikTok Pixel", r"""ttq\.load\(\s*['"]([A-Z0-9]{10,30})['"]"""),
    _sig("LinkedIn Insight Tag", "LinkedIn Insight", r"""_linkedin_partner_id\s*=\s*['"]?(\d{3,12})"""),
    _sig("LinkedIn Insight Tag", "LinkedIn Insight", r"px\.ads\.linkedin\.com/collect/?\?pid=(\d+)"),
    _sig("Snap Pixel", "Snap Pixel", r"""snaptr\(\s*['"]init['"]\s*,\s*['"]([0-9a-f-]{20,40})['"]"""),
    _sig("Pinterest Tag", "Pinterest Tag", r"""pintrk\(\s*['"]load['"]\s*,\s*['"]?(\d{6,16})"""),
    _sig(
        "X (Twitter) Pixel", "X Pixel", r"""twq\(\s*['"](?:init|config)['"]\s*,\s*['"]([a-z0-9]{4,10})['"]"""
    ),
    _sig(
        "Microsoft Advertising (Bing UET)",
        "Bing UET",
        r"""\bti\s*:\s*['"]?(\d{5,12})['"]?[\s\S]{0,400}bat\.bing""",
    ),
    _sig(
        "Microsoft Advertising (Bing UET)",
        "Bing UET",
        r"""bat\.bing\.com[\s\S]{0,600}?\bti\s*:\s*['"]?(\d{5,12})""",
    ),
    _sig("Reddit Pixel", "Reddit Pixel", r"""rdt\(\s*['"]init['"]\s*,\s*['"]([a-z0-9_-]{6,40})['"]"""),
    _sig("Quora Pixel", "Quora Pixel", r"""qp\(\s*['"]init['"]\s*,\s*['"]([0-9a-f]{32})['"]"""),
    _sig("Criteo", "Criteo OneTag", r"""criteo_q[\s\S]{0,300}?account\s*:\s*['"]?(\d{3,10})"""),
    _sig("Hotjar", "Hotjar", r"hjid\s*:\s*(\d{5,10})"),
    _sig(
        "Microsoft Clarity",
        "Clarity",
        r"""['"]clarity['"]\s*,\s*['"]script['"]\s*,\s*['"]([a-z0-9]{6,14})['"]""",
    ),
    _sig("Microsoft Clarity", "Clarity", r"clarity\.ms/tag/([a-z0-9]{6,14})"),
    _sig("FullStory", "FullStory", r"""_fs_org['"\]]*\s*=\s*['"]([A-Za-z0-9-]{4,20})['"]"""),
    _sig("LogRocket", "LogRocket", r"""LogRocket\.init\(\s*['"]([a-z0-9]+/[a-z0-9-]+)['"]"""),
    _sig("Mouseflow", "Mouseflow", r"mouseflow\.com/projects/([0-9a-f-]{36})"),
    _sig("Smartlook", "Smartlook", r"""smartlook\(\s*['"]init['"]\s*,\s*['"]([0-9a-f]{40})['"]"""),
    _sig("Yandex Metrica", "Yandex Metrica", r"""ym\(\s*(\d{5,10})\s*,\s*['"]init['"]"""),
    _sig("Inspectlet", "Inspectlet", r"""__insp\.push\(\s*\[\s*['"]wid['"]\s*,\s*(\d{3,12})"""),
    _sig("Lucky Orange", "Lucky Orange", r"""luckyorange\.(?:com|net)/[^'"]*?(?:site-?id=|/)(\d{4,10})"""),
    _sig("Mixpanel", "Mixpanel", r"""mixpanel\.init\(\s*['"]([0-9a-f]{32})['"]"""),
    _sig("Segment", "Segment", r"""analytics\.load\(\s*['"]([A-Za-z0-9]{20,40})['"]"""),
    _sig("Heap", "Heap", r"""heap\.load\(\s*['"](\d{6,12})['"]"""),
    _sig("Amplitude", "Amplitude", r"""amplitude[\s\S]{0,80}?init\(\s*['"]([0-9a-f]{32})['"]"""),
    _sig("HubSpot", "HubSpot tracking", r"js\.hs-scripts\.com/(\d{4,10})\.js"),
    _sig(
        "Fingerprint (FingerprintJS)",
        "FingerprintJS",
        r"""FingerprintJS\.load\(\s*\{[^}]*apiKey\s*:\s*['"]([A-Za-z0-9]{8,40})['"]""",
    ),
)

URL_IN_SCRIPT = re.compile(
    r"""(?:https?:)?//([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(/[^\s'"`)\\]*)?""",
    re.I,
)


@dataclass
class ListMatch:
    """A request URL matched by a filter list."""

    list_name: str
    rule: str


_ENGINE_LOCK = threading.Lock()


@dataclass
class ListSource:
    """One filter list: its name in findings, its text (read when an engine is built) and, for the shipped
    list, the key its built engine is cached under (``filtercache``)."""

    name: str
    text: Callable[[], str]
    cache_key: str | None = None


@dataclass
class FilterLists:
    """EasyPrivacy plus user lists, each behind an adblock-rust engine (built or read back on first use)."""

    sources: list[ListSource] = field(default_factory=list)
    error: str | None = None

    @property
    def _engines(self) -> list[tuple[str, Any]]:
        built = self.__dict__.get("_built")
        if built is None:
            with _ENGINE_LOCK:  # concurrent first matches (a batch's first judges) build the engines once
                built = self.__dict__.get("_built")
                if built is None:
                    built = self.__dict__["_built"] = self._build_engines()
        return built

    def prepare(self) -> None:
        """Build the engines now (in a thread while an audit's probes run), not on the first match."""
        _ = self._engines

    def _build_engines(self) -> list[tuple[str, Any]]:
        try:
            import adblock  # type: ignore[import-not-found]
        except ImportError:
            self.error = "the adblock package is not installed: EasyPrivacy matching is off"
            return []
        from confaudit.knowledge.filtercache import engine_for

        return [(s.name, engine_for(adblock, s.text, s.cache_key)) for s in self.sources]

    def match(self, url: str, source_url: str, resource_type: str) -> ListMatch | None:
        """The first list and rule that would block this request, if any."""
        for name, engine in self._engines:
            try:
                result = engine.check_network_urls(url, source_url, _adblock_type(resource_type))
            except Exception:  # a URL the engine cannot parse is simply not matched
                continue
            if result.matched and not result.exception:
                return ListMatch(name, result.filter or "")
        return None


def _adblock_type(kind: str) -> str:
    """Map the crawl's and Playwright's resource kinds to adblock's request types."""
    return {
        "iframe": "sub_frame",
        "subdocument": "sub_frame",
        "document": "sub_frame",
        "image": "image",
        "stylesheet": "stylesheet",
        "font": "font",
        "script": "script",
        "xhr": "xmlhttprequest",
        "fetch": "xmlhttprequest",
        "ping": "ping",
        "beacon": "ping",
        "media": "media",
        "video": "media",
        "audio": "media",
        "websocket": "websocket",
        "object": "object",
        "embed": "object",
    }.get(kind, "other")


class TrackerTable:
    """The shipped vendor table with a host-suffix index, plus the filter lists for unknown hosts."""

    def __init__(self, data: dict[str, Any], lists: FilterLists) -> None:
        self.updated: str = data.get("updated", "")
        self.categories: dict[str, str] = data.get("categories", {})
        self.cases: dict[str, str] = data.get("cases", {})
        self.entities: list[Entity] = [
            Entity(
                name=e["name"],
                owner=e["owner"],
                category=e["category"],
                country=e["country"],
                domains=tuple(d.lower() for d in e["domains"]),
                cases=tuple(e.get("cases", ())),
                cookies=tuple(e.get("cookies", ())),
            )
            for e in data["entities"]
        ]
        self.by_name = {e.name: e for e in self.entities}
        self._index: dict[str, list[tuple[str, Entity]]] = {}
        for entity in self.entities:
            for entry in entity.domains:
                host, _, path = entry.partition("/")
                self._index.setdefault(host, []).append(("/" + path if path else "", entity))
        self.lists = lists
        self._cookie_names = {
            c.lower(): e
            for e in self.entities
            if e.tracking or e.category == "social"
            for c in e.cookies
            if len(c) >= 3
        }

    def lookup(self, url_or_host: str) -> Entity | None:
        """The entity behind a URL or host: the longest matching domain suffix (and path, where listed)."""
        if "//" in url_or_host:
            parts = urlsplit(url_or_host)
            host, path = (parts.hostname or "").lower(), parts.path or "/"
        else:
            host, path = url_or_host.lower().rstrip("."), "/"
        labels = host.split(".")
        for i in range(len(labels) - 1):
            candidates = self._index.get(".".join(labels[i:]))
            if not candidates:
                continue
            with_path = [e for p, e in candidates if p and path.startswith(p)]
            if with_path:
                return with_path[0]
            plain = [e for p, e in candidates if not p]
            if plain:
                return plain[0]
        return None

    def cookie_entity(self, name: str) -> Entity | None:
        """A tracking vendor known to set a cookie of this name (or name prefix, e.g. ``_hjSession_123``)."""
        lowered = name.lower()
        if lowered in self._cookie_names:
            return self._cookie_names[lowered]
        for known, entity in self._cookie_names.items():
            if len(known) >= 4 and (known.endswith("_") or known.endswith("-")) and lowered.startswith(known):
                return entity
            if len(known) >= 5 and lowered.startswith(known + "_"):
                return entity
        return None

    def case_notes(self, entity: Entity) -> list[str]:
        return [self.cases.get(c, c) for c in entity.cases]


def load_table_data() -> dict[str, Any]:
    return json.loads(files("confaudit.knowledge").joinpath("data/trackers.json").read_text(encoding="utf-8"))


def easyprivacy_source() -> ListSource:
    """The shipped list, decompressed only if its engine is not in the cache (keyed by the file's SHA-256)."""
    raw = files("confaudit.knowledge").joinpath("data/easyprivacy.txt.gz").read_bytes()
    return ListSource(
        f"EasyPrivacy {EASYPRIVACY_DATE}",
        lambda: gzip.decompress(raw).decode("utf-8", "replace"),
        cache_key=f"easyprivacy.txt.gz sha256 {hashlib.sha256(raw).hexdigest()}",
    )


def read_list(path: str) -> ListSource:
    """A user's ``--tracker-list`` file, named with its SHA-256 so a result says exactly what was used."""
    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    digest = hashlib.sha256(data).hexdigest()[:12]
    text = data.decode("utf-8", "replace")
    return ListSource(f"{Path(path).name} (sha256 {digest})", lambda: text)


def load_table(extra_lists: list[str] | tuple[str, ...] = (), easyprivacy: bool = True) -> TrackerTable:
    """The table and lists, built once per process for the same files (a batch judges many targets)."""
    stamps = tuple((p, os.stat(p).st_mtime_ns) for p in extra_lists)
    return _load_table(stamps, easyprivacy)


@cache
def _load_table(stamps: tuple[tuple[str, int], ...], easyprivacy: bool) -> TrackerTable:
    extra_lists = [p for p, _ in stamps]
    sources = [easyprivacy_source()] if easyprivacy else []
    sources += [read_list(p) for p in extra_lists]
    return TrackerTable(load_table_data(), FilterLists(sources))


def essential_cookie(name: str) -> bool:
    return bool(ESSENTIAL_COOKIE.search(name))
