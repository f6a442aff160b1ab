"""Reading the Strict-Transport-Security header: shared by the HSTS rules and the grade (A+ needs HSTS)."""

from __future__ import annotations

from confaudit.model import CrawlEvidence
from confaudit.model.tls import TlsEvidence


def parse_hsts(value: str) -> tuple[int | None, bool, bool]:
    """(max-age, includeSubDomains, preload) as RFC 6797 reads the header; max-age None if unparseable."""
    max_age: int | None = None
    subdomains = preload = False
    for part in value.split(";"):
        name, _, arg = part.strip().partition("=")
        name = name.strip().lower()
        if name == "max-age":
            arg = arg.strip().strip('"')
            max_age = int(arg) if arg.isdigit() else None
        elif name == "includesubdomains":
            subdomains = True
        elif name == "preload":
            preload = True
    return max_age, subdomains, preload


def hsts_header(crawl: CrawlEvidence | None, tls: TlsEvidence) -> tuple[str | None, str | None, str | None]:
    """(header value, where it was seen, why it could not be judged): the crawl's HTTPS fetch first, else the
    TLS probe's own request (the crawl's client refuses some servers browsers still reach)."""
    ex = crawl.https if crawl is not None else None
    if ex is not None and ex.status is not None:
        return ex.header("strict-transport-security"), ex.final_url or ex.url, None
    if tls.http_checked:
        return tls.hsts, f"https://{tls.host}/ (TLS probe)", None
    return None, None, "no HTTPS response was fetched" if crawl is not None else "the crawl did not run"
