"""The tls check: is the connection to a provider what "secure, encrypted sessions" promises?

Judged from the TLS probe's evidence (protocols, suites, certificate, known vulnerabilities) and, for what a
browser sees before TLS even starts (the HTTP to HTTPS redirect, HSTS), from the crawl's entry fetches. Each
rule is a small pure function returning an ``Outcome``; the judge also computes an SSL Labs-style transport
grade (A+ to F, T for a certificate browsers reject) with the reason for every cap.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from confaudit_checks.tls.mozilla import mozilla_deviations

from confaudit.api.check import Check, Outcome, Verdict
from confaudit.model import CrawlEvidence, Evidence, EvidenceItem, FindingStatus, HttpExchange, Rule, Severity
from confaudit.model.tls import CertificateDeployment, CipherSuite, TlsEvidence

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO
YEAR = 31_536_000
SOON_DAYS = 30

GDPR32 = "gdpr-art-32-1-a"
HIPAA = "hipaa-164-312-e-1"
BACP = "bacp-ef-gp-55"
NIST = "nist-sp-800-52r2"
BCP195 = "rfc-9325"
MOZ = "mozilla-server-side-tls"
HOSTED = "On hosted website builders (Squarespace, Wix, WordPress.com ...) ask your hosting provider to "

RULES = [
    Rule(
        "tls/https-unavailable",
        "The site cannot be reached over HTTPS",
        Severity.CRITICAL,
        "Without HTTPS everything a client sends or reads, including booking details and anything they write "
        "about their health, crosses the network readable and changeable by anyone on the path.",
        "Serve the site over HTTPS on port 443 with a certificate from a public CA (Let's Encrypt is free). "
        "nginx: listen 443 ssl; ssl_certificate /etc/letsencrypt/live/SITE/fullchain.pem; ssl_certificate_key "
        ".../privkey.pem; Apache: SSLEngine on with SSLCertificateFile/SSLCertificateKeyFile; IIS: add an https "
        "binding in Site Bindings. " + HOSTED + "turn on HTTPS/SSL for your domain.",
        [GDPR32, HIPAA, BACP, BCP195],
    ),
    Rule(
        "tls/http-not-redirected",
        "Plain HTTP serves pages instead of redirecting to HTTPS",
        Severity.HIGH,
        "A client who types the address or follows an old link gets the site over plain HTTP, where pages and "
        "forms can be read and rewritten on the way (for example on public Wi-Fi).",
        "Answer every plain-HTTP request with a permanent redirect to the same path over HTTPS. nginx: server { "
        "listen 80; return 301 https://$host$request_uri; } Apache: Redirect permanent / https://SITE/ (or "
        "RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]); IIS: URL Rewrite rule 'HTTP to HTTPS' "
        "with a 301. " + HOSTED + "enable 'force HTTPS'.",
        [GDPR32, HIPAA, "rfc-6797-7-2", BCP195],
    ),
    Rule(
        "tls/cert-expired",
        "The certificate has expired (or is not valid yet)",
        Severity.CRITICAL,
        "Browsers block a site with an expired certificate behind a full-page warning; clients who click "
        "through can no longer tell the real site from an impostor.",
        "Renew the certificate and automate renewal (certbot renew via a systemd timer or cron; win-acme on "
        "IIS), then reload the server (nginx -s reload; apachectl graceful). " + HOSTED + "renew it.",
        [GDPR32, "cabf-br", "rfc-5280-4-1-2-5"],
    ),
    Rule(
        "tls/cert-expiring-soon",
        "The certificate expires within 30 days",
        Severity.MEDIUM,
        "If it is not renewed in time the site goes dark behind a browser warning.",
        "Renew now and automate renewal (certbot renew, win-acme, or your host's auto-renew); monitor expiry.",
        ["cabf-br", "letsencrypt-renewal"],
    ),
    Rule(
        "tls/cert-hostname-mismatch",
        "The certificate does not name the site",
        Severity.CRITICAL,
        "A certificate issued for another name is what an impostor would present; browsers block the page.",
        "Install a certificate whose Subject Alternative Names include every name the site is served under "
        "(e.g. certbot -d example.org -d www.example.org), and point ssl_certificate (nginx) / "
        "SSLCertificateFile (Apache) / the IIS binding at it. "
        + HOSTED
        + "add the domain to the certificate.",
        [GDPR32, "rfc-9525", "cabf-br"],
    ),
    Rule(
        "tls/cert-untrusted",
        "The certificate is not trusted by browsers",
        Severity.CRITICAL,
        "A self-signed certificate, one from an unknown CA, or a chain missing its intermediate certificate "
        "gets a browser warning (or breaks apps and older phones); clients learn to click through warnings.",
        "Use a certificate from a publicly trusted CA and serve the full chain: nginx ssl_certificate "
        "fullchain.pem (not cert.pem); Apache 2.4.8+ SSLCertificateFile with the chain appended; IIS: import "
        "the intermediate into 'Intermediate Certification Authorities'. "
        + HOSTED
        + "install a trusted one.",
        [GDPR32, HIPAA, "cabf-br", "rfc-5280-6"],
    ),
    Rule(
        "tls/cert-weak-key",
        "The certificate key is too weak",
        Severity.HIGH,
        "An RSA key under 2048 bits (or a weak curve or signature hash) can be broken with affordable "
        "computing, letting someone impersonate the site.",
        "Issue a new certificate with an ECDSA P-256 key or RSA of at least 2048 bits, signed with SHA-256 "
        "(certbot --key-type ecdsa; openssl req -newkey rsa:2048).",
        [NIST, "nist-sp-800-57p1r5", "cabf-br-6-1-5"],
    ),
    Rule(
        "tls/protocol-ssl",
        "SSL 2.0 or 3.0 is enabled",
        Severity.CRITICAL,
        "SSL 2.0 and 3.0 are broken (DROWN, POODLE): traffic can be decrypted.",
        "Disable SSL. nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3; IIS: "
        "disable SSL 2.0/3.0 under SCHANNEL\\Protocols (or IIS Crypto). " + HOSTED + "disable SSL.",
        ["rfc-6176", "rfc-7568", NIST, GDPR32],
    ),
    Rule(
        "tls/protocol-tls10",
        "TLS 1.0 is enabled",
        Severity.MEDIUM,
        "TLS 1.0 is deprecated (RFC 8996) and lacks modern protections; no current browser needs it.",
        "nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3; IIS: disable TLS 1.0 "
        "under SCHANNEL\\Protocols (or with IIS Crypto's 'Best Practices'). " + HOSTED + "disable TLS 1.0.",
        ["rfc-8996", NIST, "pci-dss-v4", MOZ],
    ),
    Rule(
        "tls/protocol-tls11",
        "TLS 1.1 is enabled",
        Severity.MEDIUM,
        "TLS 1.1 is deprecated (RFC 8996); no current browser needs it.",
        "nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3; IIS: disable TLS 1.1 "
        "under SCHANNEL\\Protocols. " + HOSTED + "disable TLS 1.1.",
        ["rfc-8996", NIST, MOZ],
    ),
    Rule(
        "tls/no-tls13",
        "TLS 1.3 is not offered",
        Severity.LOW,
        "TLS 1.3 encrypts more of the handshake and removes legacy weaknesses; every current browser uses it.",
        "nginx (OpenSSL 1.1.1+): ssl_protocols TLSv1.2 TLSv1.3; Apache 2.4.37+: SSLProtocol -all +TLSv1.2 "
        "+TLSv1.3; IIS on Windows Server 2022+: TLS 1.3 is on by default. " + HOSTED + "enable TLS 1.3.",
        ["rfc-8446", NIST, BCP195],
    ),
    Rule(
        "tls/weak-cipher",
        "Weak cipher suites are accepted",
        Severity.HIGH,
        "NULL suites send data unencrypted, anonymous suites skip authentication, EXPORT/DES/RC4/3DES can be "
        "broken: a client's browser may be steered onto one.",
        "Offer only AEAD suites with forward secrecy (Mozilla intermediate). nginx: ssl_ciphers "
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305; Apache: the "
        "same list in SSLCipherSuite; IIS: set the cipher suite order by Group Policy or IIS Crypto.",
        ["rfc-7465", "rfc-9325-4-1", NIST, MOZ],
    ),
    Rule(
        "tls/no-forward-secrecy",
        "Sessions lack forward secrecy",
        Severity.HIGH,
        "Without (EC)DHE key exchange, anyone who records today's sessions and later obtains the server's key "
        "can decrypt them, therapy messages included.",
        "Prefer ECDHE suites and drop plain-RSA key exchange: use the Mozilla intermediate ssl_ciphers list "
        "(nginx) / SSLCipherSuite (Apache), and on IIS move TLS_ECDHE_* suites first and disable "
        "TLS_RSA_WITH_*.",
        ["rfc-9325-4-1", NIST, MOZ],
    ),
    Rule(
        "tls/heartbleed",
        "Vulnerable to Heartbleed",
        Severity.CRITICAL,
        "Heartbleed (CVE-2014-0160) lets anyone read the server's memory: private keys, passwords, messages.",
        "Upgrade OpenSSL (1.0.1g or later; any supported version), restart the server, then replace the "
        "certificate and key and revoke the old one. " + HOSTED + "patch it.",
        ["cve-2014-0160", GDPR32],
    ),
    Rule(
        "tls/robot",
        "Vulnerable to ROBOT",
        Severity.HIGH,
        "ROBOT (CVE-2017-13099 and related) lets an attacker decrypt RSA key-exchange sessions or sign as the "
        "server.",
        "Patch the TLS stack or load balancer, and disable RSA key exchange (keep only ECDHE suites).",
        ["robot", GDPR32],
    ),
    Rule(
        "tls/ccs-injection",
        "Vulnerable to OpenSSL CCS injection",
        Severity.HIGH,
        "CVE-2014-0224 lets a network attacker force weak keys and read or change traffic.",
        "Upgrade OpenSSL to a supported version and restart the server. " + HOSTED + "patch it.",
        ["cve-2014-0224", GDPR32],
    ),
    Rule(
        "tls/insecure-renegotiation",
        "Insecure TLS renegotiation",
        Severity.HIGH,
        "Without secure renegotiation (RFC 5746) an attacker can splice requests into a client's session; a "
        "server that honours client-initiated renegotiation can be knocked over cheaply.",
        "Upgrade the TLS library (every supported OpenSSL does RFC 5746) and disable client-initiated "
        "renegotiation: nginx does by default; Apache: SSLInsecureRenegotiation off; IIS: set "
        "AllowInsecureRenegoClients/AllowInsecureRenegoServers to 0 and DisableRenegoOnServer to 1 under "
        "SCHANNEL.",
        ["rfc-5746", "cve-2009-3555", NIST],
    ),
    Rule(
        "tls/compression",
        "TLS compression is enabled",
        Severity.HIGH,
        "TLS-level compression allows the CRIME attack, recovering cookies and session tokens.",
        "Disable TLS compression: upgrade OpenSSL (compression is off by default since 1.1.0); Apache: "
        "SSLCompression off; nginx and IIS do not compress at the TLS layer.",
        ["cve-2012-4929", "rfc-9325-3-3", NIST],
    ),
    Rule(
        "tls/hsts-missing",
        "No HTTP Strict Transport Security",
        Severity.MEDIUM,
        "Without HSTS, a client's first request can be silently downgraded to plain HTTP (SSL stripping) on a "
        "hostile network.",
        "Send Strict-Transport-Security on HTTPS responses. nginx: add_header Strict-Transport-Security "
        '"max-age=63072000; includeSubDomains" always; Apache: Header always set Strict-Transport-Security '
        '"max-age=63072000; includeSubDomains"; IIS 10 (1709+): HSTS settings on the site. '
        + HOSTED
        + "enable HSTS.",
        ["rfc-6797", "owasp-hsts", MOZ],
    ),
    Rule(
        "tls/hsts-weak",
        "HSTS is too short or leaves subdomains out",
        Severity.LOW,
        "A max-age under a year lets the protection lapse between visits; without includeSubDomains a "
        "subdomain (booking., portal.) can still be reached over plain HTTP.",
        "Use Strict-Transport-Security: max-age=63072000; includeSubDomains (once every subdomain serves "
        "HTTPS), then consider preload (hstspreload.org).",
        ["rfc-6797", "owasp-hsts", MOZ],
    ),
    Rule(
        "tls/mozilla-intermediate",
        "Compliance with Mozilla's intermediate TLS configuration",
        Severity.INFO,
        "Mozilla's intermediate configuration is the widely used baseline for a general-purpose site; each "
        "deviation is listed so an administrator can compare against ssl-config.mozilla.org.",
        "Generate a configuration at https://ssl-config.mozilla.org/ (profile 'Intermediate') for nginx, "
        "Apache, IIS or your load balancer.",
        [MOZ],
    ),
]

# --- helpers --------------------------------------------------------------------------------------

WEAK_PATTERNS: list[tuple[str, str, Severity]] = [
    (r"_NULL_|_WITH_NULL", "NULL (no encryption)", Severity.CRITICAL),
    (r"_anon_", "anonymous (no authentication)", Severity.CRITICAL),
    (r"EXPORT|_40_|DES40", "EXPORT", Severity.CRITICAL),
    (r"_RC4_|RC4_", "RC4", Severity.HIGH),
    (r"3DES|DES_192|DES_EDE", "3DES", Severity.HIGH),
    (r"_DES_|DES_64|DES_CBC", "DES", Severity.HIGH),
    (r"_RC2_|RC2_", "RC2", Severity.HIGH),
]


def weakness(suite: CipherSuite) -> tuple[str, Severity] | None:
    for pattern, label, severity in WEAK_PATTERNS:
        if re.search(pattern, suite.name):
            return label, severity
    if 0 < suite.key_size < 112:
        return f"{suite.key_size}-bit key", Severity.HIGH
    return None


def tls_item(text: str, **data: object) -> EvidenceItem:
    return EvidenceItem("tls", text, data=dict(data))


def cert_item(dep: CertificateDeployment, text: str) -> EvidenceItem:
    leaf = dep.leaf
    return EvidenceItem(
        "certificate",
        text,
        data={
            "subject": leaf.subject,
            "issuer": leaf.issuer,
            "san": leaf.san_dns + leaf.san_ip,
            "not_before": leaf.not_before.isoformat(),
            "not_after": leaf.not_after.isoformat(),
            "key": f"{leaf.key_type} {leaf.key_size}",
            "signature": leaf.signature_algorithm,
            "sha256": leaf.sha256,
        },
    )


def not_tested(why: str) -> Outcome:
    return Outcome(INFO, f"Not tested: {why}.")


# --- rules on the TLS scan --------------------------------------------------------------------------


def check_available(tls: TlsEvidence) -> Outcome:
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


def check_expired(deps: list[CertificateDeployment]) -> Outcome:
    bad = [d for d in deps if d.expired or d.not_yet_valid]
    if bad:
        d = bad[0]
        when = (
            f"expired on {d.leaf.not_after:%Y-%m-%d}"
            if d.expired
            else f"is not valid until {d.leaf.not_before:%Y-%m-%d}"
        )
        return Outcome(
            FAIL,
            f"The site's certificate {when}; browsers show a full-page warning.",
            [
                cert_item(
                    x, f"{x.leaf.subject}: valid {x.leaf.not_before:%Y-%m-%d} to {x.leaf.not_after:%Y-%m-%d}"
                )
                for x in bad
            ],
        )
    d = deps[0]
    return Outcome(
        PASS,
        f"The certificate is valid until {d.leaf.not_after:%Y-%m-%d}.",
        [cert_item(d, f"not after {d.leaf.not_after:%Y-%m-%d}")],
    )


def check_expiring(deps: list[CertificateDeployment]) -> Outcome:
    live = [d for d in deps if not d.expired]
    if not live:
        return Outcome(INFO, "The certificate has already expired (see the expiry finding).")
    soon = [d for d in live if d.days_left < SOON_DAYS]
    if soon:
        d = min(soon, key=lambda x: x.days_left)
        return Outcome(
            WARN,
            f"The certificate expires in {d.days_left} days ({d.leaf.not_after:%Y-%m-%d}).",
            [cert_item(d, f"{d.days_left} days left")],
        )
    d = min(live, key=lambda x: x.days_left)
    return Outcome(
        PASS, f"The certificate has {d.days_left} days left.", [cert_item(d, f"{d.days_left} days left")]
    )


def check_hostname(tls: TlsEvidence, deps: list[CertificateDeployment]) -> Outcome:
    bad = [d for d in deps if not d.hostname_matches]
    if bad:
        d = bad[0]
        names = ", ".join(d.leaf.san_dns + d.leaf.san_ip) or d.leaf.common_name or "(none)"
        return Outcome(
            FAIL,
            f"The certificate is for {names}, not {tls.host}; browsers block the page.",
            [cert_item(x, f"names in the certificate: {names}") for x in bad],
        )
    d = deps[0]
    return Outcome(
        PASS,
        f"The certificate names {tls.host}.",
        [cert_item(d, f"names: {', '.join(d.leaf.san_dns + d.leaf.san_ip)}")],
    )


def check_trust(tls: TlsEvidence, deps: list[CertificateDeployment]) -> Outcome:
    bad = [d for d in deps if not d.issuer_trusted]
    if bad:
        d = bad[0]
        leaf = d.leaf
        if leaf.self_signed:
            why = "it is self-signed"
        elif len(d.chain) == 1:
            why = f"it was issued by '{leaf.issuer}', whose certificate the server does not send and no trust store holds"
        else:
            why = f"its chain (issuer '{leaf.issuer}') does not lead to a trusted root"
        errors = sorted({t.error for t in d.trust if t.error})
        items = [cert_item(x, f"{x.leaf.subject} issued by {x.leaf.issuer}") for x in bad]
        items += [tls_item(f"validation: {e[:200]}") for e in errors[:3]]
        return Outcome(FAIL, f"Browsers do not trust the certificate: {why}.", items)
    d = deps[0]
    stores = ", ".join(d.issuer_trusted_by)
    extra = " (only through the --ca-file given)" if d.issuer_trusted_by == ["custom CA file"] else ""
    return Outcome(
        PASS,
        f"The certificate chain is trusted by {stores}{extra}.",
        [cert_item(d, f"issued by {d.leaf.issuer}; trusted by {stores}")],
    )


def check_key(deps: list[CertificateDeployment]) -> Outcome:
    problems = []
    severity = Severity.HIGH
    for d in deps:
        for i, c in enumerate(d.chain):
            if c.self_signed and i > 0:
                continue  # a root's own signature is not checked by clients
            who = "certificate" if i == 0 else f"chain certificate {c.subject}"
            if c.key_type in ("RSA", "DSA") and c.key_size < 2048:
                problems.append(cert_item(d, f"{who}: {c.key_type} key of {c.key_size} bits"))
                if c.key_size < 1024:
                    severity = Severity.CRITICAL
            elif c.key_type == "EC" and c.key_size < 224:
                problems.append(cert_item(d, f"{who}: EC key on {c.curve} ({c.key_size} bits)"))
            if c.signature_hash in ("md5", "sha1", "md2", "md4"):
                problems.append(cert_item(d, f"{who}: signed with {c.signature_algorithm}"))
    if problems:
        return Outcome(
            FAIL, f"The certificate uses weak cryptography: {problems[0].text}.", problems, severity
        )
    leaf = deps[0].leaf
    return Outcome(
        PASS,
        f"The certificate key ({leaf.key_type} {leaf.key_size}) and signature "
        f"({leaf.signature_algorithm}) are strong.",
        [cert_item(deps[0], "key and signature")],
    )


def _protocol_outcome(
    tls: TlsEvidence, versions: tuple[str, ...], severity: Severity | None = None
) -> Outcome:
    on = [v for v in versions if tls.accepts(v)]
    unknown = [v for v in versions if tls.accepts(v) is None]
    label = " and ".join(versions)
    if on:
        items = [
            tls_item(
                f"{v} accepted with {len(tls.suites(v))} suites: "
                f"{', '.join(s.name for _, s in tls.suites(v)[:6])}",
                protocol=v,
            )
            for v in on
        ]
        return Outcome(FAIL, f"The server still accepts {' and '.join(on)}.", items, severity)
    if unknown:
        return Outcome(
            INFO,
            f"Could not tell whether {' and '.join(unknown)} is accepted: "
            f"{tls.protocol(unknown[0]).error if tls.protocol(unknown[0]) else 'not scanned'}.",
        )
    return Outcome(
        PASS,
        f"{label} {'is' if len(versions) == 1 else 'are'} refused.",
        [tls_item(f"accepted: {', '.join(tls.accepted_protocols)}")],
    )


def check_tls13(tls: TlsEvidence) -> Outcome:
    if tls.accepts("TLS 1.3"):
        return Outcome(
            PASS, "TLS 1.3 is offered.", [tls_item(f"accepted: {', '.join(tls.accepted_protocols)}")]
        )
    if tls.accepts("TLS 1.3") is None:
        return Outcome(INFO, "Could not tell whether TLS 1.3 is offered.")
    return Outcome(
        FAIL,
        f"TLS 1.3 is not offered (best: {tls.highest_version}).",
        [tls_item(f"accepted: {', '.join(tls.accepted_protocols)}")],
    )


def check_weak_ciphers(tls: TlsEvidence) -> Outcome:
    found: list[EvidenceItem] = []
    worst = Severity.HIGH
    for version, suite in tls.suites():
        weak = weakness(suite)
        if weak:
            label, severity = weak
            found.append(tls_item(f"{version} {suite.name}: {label}", protocol=version, suite=suite.name))
            worst = severity if severity.rank > worst.rank else worst
    if found:
        kinds = sorted({i.text.split(": ")[-1] for i in found})
        return Outcome(
            FAIL, f"{len(found)} weak cipher suite(s) are accepted ({', '.join(kinds)}).", found, worst
        )
    total = len(tls.suites())
    return Outcome(
        PASS,
        f"None of the {total} accepted cipher suites is NULL, anonymous, EXPORT, RC4, DES or 3DES.",
        [tls_item(f"{total} suites accepted")],
    )


def check_forward_secrecy(tls: TlsEvidence) -> Outcome:
    suites = tls.suites()
    if not suites:
        return Outcome(INFO, "No cipher suite was recorded.")
    without = [(v, s) for v, s in suites if not s.forward_secrecy]
    items = [
        tls_item(f"{v} {s.name}: RSA key exchange, no forward secrecy", protocol=v, suite=s.name)
        for v, s in without
    ]
    if len(without) == len(suites):
        return Outcome(
            FAIL,
            "No accepted cipher suite offers forward secrecy: recorded sessions can be "
            "decrypted later with the server's key.",
            items,
            Severity.HIGH,
        )
    if without:
        return Outcome(
            WARN,
            f"{len(without)} of {len(suites)} accepted suites lack forward secrecy; a client "
            "limited to them gets none.",
            items,
            Severity.LOW,
        )
    return Outcome(
        PASS,
        f"All {len(suites)} accepted suites use ephemeral (EC)DH key exchange.",
        [tls_item("every suite has forward secrecy")],
    )


def _flag(value: bool | None, bad: bool, fail_text: str, pass_text: str, evidence: str) -> Outcome:
    if value is None:
        return not_tested("the scan could not run this test")
    if value == bad:
        return Outcome(FAIL, fail_text, [tls_item(evidence, value=value)])
    return Outcome(PASS, pass_text, [tls_item(evidence, value=value)])


def check_robot(tls: TlsEvidence) -> Outcome:
    if tls.robot is None:
        return not_tested("the scan could not run this test")
    item = [tls_item(f"ROBOT result: {tls.robot}", value=tls.robot)]
    if tls.robot == "VULNERABLE_STRONG_ORACLE":
        return Outcome(
            FAIL,
            "The server is vulnerable to ROBOT (strong oracle): RSA sessions can be decrypted.",
            item,
            Severity.CRITICAL,
        )
    if tls.robot == "VULNERABLE_WEAK_ORACLE":
        return Outcome(FAIL, "The server is vulnerable to ROBOT (weak oracle).", item, Severity.HIGH)
    if tls.robot == "UNKNOWN_INCONSISTENT_RESULTS":
        return Outcome(INFO, "The ROBOT test gave inconsistent results.", item)
    return Outcome(PASS, "The server is not vulnerable to ROBOT.", item)


def check_renegotiation(tls: TlsEvidence) -> Outcome:
    if tls.secure_renegotiation is None:
        return not_tested("the scan could not run this test")
    data = {"secure": tls.secure_renegotiation, "client_initiated": tls.client_renegotiation}
    if not tls.secure_renegotiation:
        return Outcome(
            FAIL,
            "The server does not support secure renegotiation (RFC 5746).",
            [tls_item("no renegotiation_info (RFC 5746) support", **data)],
            Severity.HIGH,
        )
    if tls.client_renegotiation:
        return Outcome(
            WARN,
            "The server honours client-initiated renegotiation, which lets one client tie up "
            "its CPU (denial of service).",
            [tls_item("client-initiated renegotiation accepted", **data)],
            Severity.MEDIUM,
        )
    return Outcome(
        PASS,
        "Renegotiation is secure and clients cannot start it.",
        [tls_item("secure renegotiation; client-initiated renegotiation refused", **data)],
    )


# --- rules on the crawl -------------------------------------------------------------------------------


def check_redirect(crawl: CrawlEvidence | None) -> Outcome:
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


def check_hsts_missing(crawl: CrawlEvidence | None, tls: TlsEvidence) -> Outcome:
    if not tls.available:
        return not_tested("HTTPS is unavailable")
    value, url, why = hsts_header(crawl, tls)
    if why:
        return not_tested(why)
    if value is None:
        return Outcome(
            FAIL,
            "The HTTPS site sends no Strict-Transport-Security header.",
            [EvidenceItem("header", "Strict-Transport-Security: (absent)", url)],
        )
    max_age, _, _ = parse_hsts(value)
    if not max_age:
        return Outcome(
            FAIL,
            f"The Strict-Transport-Security header is ineffective (max-age={max_age}).",
            [EvidenceItem("header", f"Strict-Transport-Security: {value}", url, {"value": value})],
        )
    return Outcome(
        PASS,
        "The HTTPS site sends Strict-Transport-Security.",
        [EvidenceItem("header", f"Strict-Transport-Security: {value}", url, {"value": value})],
    )


def check_hsts_weak(crawl: CrawlEvidence | None, tls: TlsEvidence) -> Outcome:
    if not tls.available:
        return not_tested("HTTPS is unavailable")
    value, url, why = hsts_header(crawl, tls)
    if why:
        return not_tested(why)
    if value is None or not parse_hsts(value)[0]:
        return Outcome(INFO, "No effective HSTS header to judge (see the missing-HSTS finding).")
    max_age, subdomains, preload = parse_hsts(value)
    item = EvidenceItem(
        "header",
        f"Strict-Transport-Security: {value}",
        url,
        {"max_age": max_age, "include_subdomains": subdomains, "preload": preload},
    )
    problems = []
    if max_age is not None and max_age < YEAR:
        problems.append(f"max-age is {max_age} s ({max_age // 86400} days), under a year")
    if not subdomains:
        problems.append("includeSubDomains is missing")
    if problems:
        return Outcome(FAIL, f"HSTS is weak: {'; '.join(problems)}.", [item])
    return Outcome(
        PASS, f"HSTS lasts {max_age // 86400 if max_age else 0} days and covers subdomains.", [item]
    )


# --- grade ----------------------------------------------------------------------------------------

GRADES = ["A+", "A", "A-", "B", "C", "D", "F"]


def transport_grade(
    tls: TlsEvidence, outcomes: dict[str, Outcome], crawl: CrawlEvidence | None
) -> dict[str, object]:
    """SSL Labs-style: start at A, apply every cap, award A+ for HSTS of 6 months or more with no warning.

    A certificate browsers reject gives T (SSL Labs' "trust" grade) with the grade the server would have had.
    """
    if not tls.available:
        return {
            "grade": "F",
            "grade_reasons": [f"F: HTTPS unavailable ({tls.unavailable_reason})"],
            "grade_if_trusted": None,
        }
    caps: list[tuple[str, str]] = []

    def cap(grade: str, reason: str) -> None:
        caps.append((grade, reason))

    def failed(rule: str) -> bool:
        o = outcomes.get(rule)
        return o is not None and o.status in (FAIL, WARN)

    if tls.accepts("SSL 2.0"):
        cap("F", "SSL 2.0 is accepted")
    if tls.accepts("SSL 3.0"):
        cap("C", "SSL 3.0 is accepted")
    if tls.heartbleed:
        cap("F", "vulnerable to Heartbleed")
    if tls.ccs_injection:
        cap("F", "vulnerable to OpenSSL CCS injection")
    if tls.robot == "VULNERABLE_STRONG_ORACLE":
        cap("F", "vulnerable to ROBOT (strong oracle)")
    elif tls.robot == "VULNERABLE_WEAK_ORACLE":
        cap("C", "vulnerable to ROBOT (weak oracle)")
    if tls.secure_renegotiation is False:
        cap("C", "no secure renegotiation (RFC 5746)")
    if tls.compression:
        cap("C", "TLS compression enabled (CRIME)")
    for _, suite in tls.suites():
        weak = weakness(suite)
        if weak and weak[1] == Severity.CRITICAL:
            cap("F", f"{weak[0]} cipher suite accepted ({suite.name})")
            break
    else:
        if any(weakness(s) for _, s in tls.suites()):
            cap("C", "RC4, DES or 3DES cipher suites accepted")
    if tls.accepts("TLS 1.0") or tls.accepts("TLS 1.1"):
        cap("B", "TLS 1.0 or 1.1 accepted")
    fs = outcomes.get("tls/no-forward-secrecy")
    if fs is not None and fs.status == FAIL:
        cap("B", "no forward secrecy")
    dh = [s.key_exchange_size for _, s in tls.suites() if s.key_exchange == "DH" and s.key_exchange_size]
    if dh and min(dh) < 1024:
        cap("F", f"DH group of {min(dh)} bits")
    elif dh and min(dh) < 2048:
        cap("B", f"DH group of {min(dh)} bits")
    for dep in tls.certificates[:1]:
        leaf = dep.leaf
        if leaf.key_type in ("RSA", "DSA") and leaf.key_size < 1024:
            cap("F", f"{leaf.key_type} key of {leaf.key_size} bits")
        elif leaf.key_type in ("RSA", "DSA") and leaf.key_size < 2048:
            cap("B", f"{leaf.key_type} key of {leaf.key_size} bits")
        if leaf.signature_hash in ("md5", "sha1", "md2"):
            cap("F", f"certificate signed with {leaf.signature_algorithm}")
    if tls.accepts("TLS 1.3") is False:
        cap("A-", "TLS 1.3 not offered")
    if tls.fallback_scsv is False and (tls.accepts("TLS 1.0") or tls.accepts("TLS 1.1")):
        cap("A-", "no TLS_FALLBACK_SCSV downgrade protection")
    if tls.client_renegotiation:
        cap("A-", "client-initiated renegotiation accepted")

    grade = "A"
    for g, _ in caps:
        if GRADES.index(g) > GRADES.index(grade):
            grade = g
    reasons = [f"{g}: {r}" for g, r in sorted(caps, key=lambda c: -GRADES.index(c[0]))]
    hsts = outcomes.get("tls/hsts-missing")
    hsts_value = hsts_header(crawl, tls)[0]
    hsts_age = parse_hsts(hsts_value)[0] if hsts_value else None
    if grade == "A" and hsts is not None and hsts.status == PASS and hsts_age and hsts_age >= 15_552_000:
        grade = "A+"
        reasons.append("A+: no warnings and HSTS of at least 180 days")
    elif grade == "A":
        reasons.append(
            "A: no cap applies"
            + (
                ""
                if hsts_age and hsts_age >= 15_552_000
                else "; A+ needs HSTS with max-age of at least 180 days"
            )
        )
    trust_problems = [
        r
        for r, text in (
            ("tls/cert-untrusted", "certificate not trusted"),
            ("tls/cert-expired", "certificate expired or not yet valid"),
            ("tls/cert-hostname-mismatch", "certificate does not name the site"),
        )
        if failed(r)
    ]
    if trust_problems:
        texts = {
            "tls/cert-untrusted": "certificate not trusted",
            "tls/cert-expired": "certificate expired",
            "tls/cert-hostname-mismatch": "certificate does not name the site",
        }
        return {
            "grade": "T",
            "grade_if_trusted": grade,
            "grade_reasons": [f"T: {texts[r]}" for r in trust_problems] + reasons,
        }
    return {"grade": grade, "grade_reasons": reasons, "grade_if_trusted": grade}


# --- judge ----------------------------------------------------------------------------------------

CERT_RULES = (
    "tls/cert-expired",
    "tls/cert-expiring-soon",
    "tls/cert-hostname-mismatch",
    "tls/cert-untrusted",
    "tls/cert-weak-key",
)
SCAN_RULES = (
    "tls/protocol-ssl",
    "tls/protocol-tls10",
    "tls/protocol-tls11",
    "tls/no-tls13",
    "tls/weak-cipher",
    "tls/no-forward-secrecy",
    "tls/heartbleed",
    "tls/robot",
    "tls/ccs-injection",
    "tls/insecure-renegotiation",
    "tls/compression",
)


def judge_tls(tls: TlsEvidence, crawl: CrawlEvidence | None) -> tuple[dict[str, Outcome], dict[str, object]]:
    """Every rule's outcome and the grade: a pure function of the two evidence parts."""
    outcomes: dict[str, Outcome] = {"tls/https-unavailable": check_available(tls)}
    outcomes["tls/http-not-redirected"] = check_redirect(crawl)
    if not tls.available:
        for rule in CERT_RULES + SCAN_RULES:
            outcomes[rule] = not_tested("HTTPS is unavailable")
    else:
        deps = tls.certificates
        if deps:
            outcomes["tls/cert-expired"] = check_expired(deps)
            outcomes["tls/cert-expiring-soon"] = check_expiring(deps)
            outcomes["tls/cert-hostname-mismatch"] = check_hostname(tls, deps)
            outcomes["tls/cert-untrusted"] = check_trust(tls, deps)
            outcomes["tls/cert-weak-key"] = check_key(deps)
        else:
            why = tls.errors.get("certificate_info", "no certificate was retrieved")
            for rule in CERT_RULES:
                outcomes[rule] = not_tested(f"the certificate could not be read ({why})")
        scan: dict[str, Callable[[], Outcome]] = {
            "tls/protocol-ssl": lambda: _protocol_outcome(tls, ("SSL 2.0", "SSL 3.0")),
            "tls/protocol-tls10": lambda: _protocol_outcome(tls, ("TLS 1.0",)),
            "tls/protocol-tls11": lambda: _protocol_outcome(tls, ("TLS 1.1",)),
            "tls/no-tls13": lambda: check_tls13(tls),
            "tls/weak-cipher": lambda: check_weak_ciphers(tls),
            "tls/no-forward-secrecy": lambda: check_forward_secrecy(tls),
            "tls/heartbleed": lambda: _flag(
                tls.heartbleed,
                True,
                "The server leaks memory through Heartbleed (CVE-2014-0160).",
                "The server is not vulnerable to Heartbleed.",
                f"heartbleed: {tls.heartbleed}",
            ),
            "tls/robot": lambda: check_robot(tls),
            "tls/ccs-injection": lambda: _flag(
                tls.ccs_injection,
                True,
                "The server is vulnerable to OpenSSL CCS injection (CVE-2014-0224).",
                "The server is not vulnerable to CCS injection.",
                f"ccs injection: {tls.ccs_injection}",
            ),
            "tls/insecure-renegotiation": lambda: check_renegotiation(tls),
            "tls/compression": lambda: _flag(
                tls.compression,
                True,
                "The server accepts TLS compression (CRIME).",
                "TLS compression is disabled.",
                f"compression: {tls.compression}",
            ),
        }
        for rule, fn in scan.items():
            outcomes[rule] = fn()
    outcomes["tls/hsts-missing"] = check_hsts_missing(crawl, tls)
    outcomes["tls/hsts-weak"] = check_hsts_weak(crawl, tls)
    deviations = mozilla_deviations(tls)
    if not tls.available:
        outcomes["tls/mozilla-intermediate"] = not_tested("HTTPS is unavailable")
    elif deviations:
        outcomes["tls/mozilla-intermediate"] = Outcome(
            INFO,
            f"{len(deviations)} deviation(s) from Mozilla's intermediate configuration: "
            + "; ".join(d.text for d in deviations)
            + ".",
            [tls_item(d.text, key=d.key) for d in deviations],
        )
    else:
        outcomes["tls/mozilla-intermediate"] = Outcome(
            PASS, "The server matches Mozilla's intermediate configuration."
        )
    data = transport_grade(tls, outcomes, crawl)
    data["mozilla_intermediate_deviations"] = [d.key for d in deviations]
    data["protocols"] = tls.accepted_protocols
    if tls.errors:
        data["scan_errors"] = dict(tls.errors)
    return outcomes, data


def judge(evidence: Evidence, knowledge: object) -> Verdict:
    tls: TlsEvidence = evidence.get("tls")
    crawl = evidence.crawl
    outcomes, data = judge_tls(tls, crawl)
    findings = [CHECK.judged(rule.id, outcomes[rule.id]) for rule in RULES]
    target = evidence.target.url
    url = target if target.startswith("https://") else f"https://{tls.host}/"
    for f in findings:
        f.url = f.url or url
    return Verdict(findings, data)


CHECK = Check(
    id="tls",
    title="Encrypted connection (TLS)",
    category="transport",
    weight=1.5,
    needs=("tls",),
    wants=("crawl",),
    rules=RULES,
    judge=judge,
    version="1.0",
    description="HTTPS availability, redirect and HSTS, certificate, protocols, cipher suites, known TLS "
    "vulnerabilities, Mozilla intermediate compliance and an SSL Labs-style transport grade.",
)
