"""Rules on the certificate the server presents: dates, the name it covers, who vouches for it, its key."""

from __future__ import annotations

from confaudit_checks.tls import requires
from confaudit_checks.tls.check import CHECK, HOSTED
from confaudit_checks.tls.items import cert_item, tls_item

from confaudit.api.check import Outcome
from confaudit.model import FindingStatus, Severity
from confaudit.model.tls import CertificateDeployment, TlsEvidence

FAIL, WARN, PASS, INFO = FindingStatus.FAIL, FindingStatus.WARN, FindingStatus.PASS, FindingStatus.INFO
SOON_DAYS = 30


@CHECK.rule(
    "tls/cert-expired",
    "The certificate has expired (or is not valid yet)",
    Severity.CRITICAL,
    rationale=(
        "Browsers block a site with an expired certificate behind a full-page warning; clients who click "
        "through can no longer tell the real site from an impostor."
    ),
    remediation=(
        "Renew the certificate and automate renewal (certbot renew via a systemd timer or cron; win-acme on "
        "IIS), then reload the server (nginx -s reload; apachectl graceful). " + HOSTED + "renew it."
    ),
    references=["gdpr-art-32-1-a", "cabf-br", "rfc-5280-4-1-2-5"],
)
@requires.certificate
def check_expired(tls: TlsEvidence, deps: list[CertificateDeployment]) -> Outcome:
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


@CHECK.rule(
    "tls/cert-expiring-soon",
    "The certificate expires within 30 days",
    Severity.MEDIUM,
    rationale="If it is not renewed in time the site goes dark behind a browser warning.",
    remediation="Renew now and automate renewal (certbot renew, win-acme, or your host's auto-renew); monitor expiry.",
    references=["cabf-br", "letsencrypt-renewal"],
)
@requires.certificate
def check_expiring(tls: TlsEvidence, deps: list[CertificateDeployment]) -> Outcome:
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


@CHECK.rule(
    "tls/cert-hostname-mismatch",
    "The certificate does not name the site",
    Severity.CRITICAL,
    rationale="A certificate issued for another name is what an impostor would present; browsers block the page.",
    remediation=(
        "Install a certificate whose Subject Alternative Names include every name the site is served under "
        "(e.g. certbot -d example.org -d www.example.org), and point ssl_certificate (nginx) / "
        "SSLCertificateFile (Apache) / the IIS binding at it. "
        + HOSTED
        + "add the domain to the certificate."
    ),
    references=["gdpr-art-32-1-a", "rfc-9525", "cabf-br"],
)
@requires.certificate
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


@CHECK.rule(
    "tls/cert-untrusted",
    "The certificate is not trusted by browsers",
    Severity.CRITICAL,
    rationale=(
        "A self-signed certificate, one from an unknown CA, or a chain missing its intermediate certificate "
        "gets a browser warning (or breaks apps and older phones); clients learn to click through warnings."
    ),
    remediation=(
        "Use a certificate from a publicly trusted CA and serve the full chain: nginx ssl_certificate "
        "fullchain.pem (not cert.pem); Apache 2.4.8+ SSLCertificateFile with the chain appended; IIS: import "
        "the intermediate into 'Intermediate Certification Authorities'. " + HOSTED + "install a trusted one."
    ),
    references=["gdpr-art-32-1-a", "hipaa-164-312-e-1", "cabf-br", "rfc-5280-6"],
)
@requires.certificate
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


@CHECK.rule(
    "tls/cert-weak-key",
    "The certificate key is too weak",
    Severity.HIGH,
    rationale=(
        "An RSA key under 2048 bits (or a weak curve or signature hash) can be broken with affordable "
        "computing, letting someone impersonate the site."
    ),
    remediation=(
        "Issue a new certificate with an ECDSA P-256 key or RSA of at least 2048 bits, signed with SHA-256 "
        "(certbot --key-type ecdsa; openssl req -newkey rsa:2048)."
    ),
    references=["nist-sp-800-52r2", "nist-sp-800-57p1r5", "cabf-br-6-1-5"],
)
@requires.certificate
def check_key(tls: TlsEvidence, deps: list[CertificateDeployment]) -> Outcome:
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
