"""Rules on whether a client reaches the site over HTTPS at all: the handshake, and plain HTTP's redirect."""

from __future__ import annotations

from confaudit_checks.tls.check import CHECK, HOSTED, Connection
from confaudit_checks.tls.items import tls_item
from confaudit_checks.tls.requires import not_tested

from confaudit.api.check import Outcome
from confaudit.model import EvidenceItem, FindingStatus, HttpExchange, Severity

FAIL, WARN, PASS = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS


@CHECK.rule(
    "tls/https-unavailable",
    "The site cannot be reached over HTTPS",
    Severity.CRITICAL,
    rationale=(
        "Without HTTPS everything a client sends or reads, including booking details and anything they write "
        "about their health, crosses the network readable and changeable by anyone on the path."
    ),
    remediation=(
        "Serve the site over HTTPS on port 443 with a certificate from a public CA (Let's Encrypt is free). "
        "nginx: listen 443 ssl; ssl_certificate /etc/letsencrypt/live/SITE/fullchain.pem; ssl_certificate_key "
        ".../privkey.pem; Apache: SSLEngine on with SSLCertificateFile/SSLCertificateKeyFile; IIS: add an https "
        "binding in Site Bindings. " + HOSTED + "turn on HTTPS/SSL for your domain."
    ),
    references=["gdpr-art-32-1-a", "hipaa-164-312-e-1", "bacp-ef-gp-55", "rfc-9325"],
)
def check_available(conn: Connection) -> Outcome:
    tls = conn.tls
    target = f"{tls.host}:{tls.port}" + (f" ({tls.ip_address})" if tls.ip_address else "")
    if not tls.available:
        return Outcome(
            FAIL,
            f"No HTTPS connection could be made to {tls.host}: {tls.unavailable_reason}.",
            [tls_item(f"{target}: {tls.unavailable_reason}", host=tls.host, port=tls.port)],
        )
    return Outcome(
        PASS,
        f"{tls.host} answers over HTTPS (up to {tls.highest_version}).",
        [tls_item(f"{target}: TLS handshake completed", highest=tls.highest_version)],
    )


@CHECK.rule(
    "tls/http-not-redirected",
    "Plain HTTP serves pages instead of redirecting to HTTPS",
    Severity.HIGH,
    rationale=(
        "A client who types the address or follows an old link gets the site over plain HTTP, where pages and "
        "forms can be read and rewritten on the way (for example on public Wi-Fi)."
    ),
    remediation=(
        "Answer every plain-HTTP request with a permanent redirect to the same path over HTTPS. nginx: server { "
        "listen 80; return 301 https://$host$request_uri; } Apache: Redirect permanent / https://SITE/ (or "
        "RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]); IIS: URL Rewrite rule 'HTTP to HTTPS' "
        "with a 301. " + HOSTED + "enable 'force HTTPS'."
    ),
    references=["gdpr-art-32-1-a", "hipaa-164-312-e-1", "rfc-6797-7-2", "rfc-9325"],
)
def check_redirect(conn: Connection) -> Outcome:
    crawl = conn.crawl
    if crawl is None:
        return not_tested("the crawl did not run")
    ex: HttpExchange | None = crawl.http
    if ex is None:
        return not_tested("plain HTTP was not fetched (the target names a port)")
    if ex.error and ex.status is None:
        if ex.redirects and ex.redirects[0].location.startswith("https://"):
            return Outcome(
                PASS,
                "Plain HTTP redirects to HTTPS.",
                [EvidenceItem("redirect", f"{ex.redirects[0].status} -> {ex.redirects[0].location}", ex.url)],
            )
        return Outcome(
            PASS, "Plain HTTP is not served at all.", [EvidenceItem("redirect", f"{ex.error}", ex.url)]
        )
    final = ex.final_url or ex.url
    hops = [f"{h.status} {h.url} -> {h.location}" for h in ex.redirects]
    items = [EvidenceItem("redirect", h, ex.url) for h in hops]
    if final.startswith("https://"):
        first = ex.redirects[0].location if ex.redirects else final
        if not first.startswith("https://"):
            return Outcome(
                WARN, "Plain HTTP reaches HTTPS only after another plain-HTTP hop.", items, Severity.LOW
            )
        return Outcome(PASS, f"Plain HTTP redirects to HTTPS ({ex.redirects[0].status}).", items)
    if ex.status is not None and ex.status >= 400:
        return Outcome(
            PASS,
            f"Plain HTTP serves no content (HTTP {ex.status}).",
            [*items, EvidenceItem("http", f"HTTP {ex.status}", final)],
        )
    return Outcome(
        FAIL,
        f"{ex.url} serves the site over plain HTTP (HTTP {ex.status}) instead of redirecting.",
        [
            *items,
            EvidenceItem(
                "http",
                f"HTTP {ex.status}, {ex.body_size} bytes, no redirect to https://",
                final,
                {"status": ex.status},
            ),
        ],
    )
