"""What the TLS probe saw, as plain dataclasses.

No sslyze or cryptography objects live here: the evidence must survive ``serde.to_jsonable`` /
``from_jsonable`` so a saved bundle can be re-judged offline (``confaudit recheck``) with any sslyze version,
or none. Facts sslyze gives only as an error string (expiry, hostname match, whether the issuer chain is
trusted at all) are computed by the probe and stored as booleans beside the raw strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PROTOCOLS = ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3")


@dataclass
class CipherSuite:
    """One cipher suite the server accepted with one protocol version."""

    name: str  # IANA name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    openssl_name: str = ""
    key_size: int = 0  # symmetric key bits
    key_exchange: str | None = None  # ephemeral key type: "ECDH", "DH"; None when the key is not ephemeral
    key_exchange_size: int | None = None  # bits of the ephemeral key (DH group or curve)
    curve: str | None = None

    @property
    def forward_secrecy(self) -> bool:
        """Ephemeral (EC)DH, which every TLS 1.3 suite uses; a recorded session cannot be decrypted later."""
        if self.name.startswith(("TLS_AES_", "TLS_CHACHA20_", "TLS_SM4_")):
            return True
        return self.key_exchange in ("ECDH", "DH") or "_DHE_" in self.name or "_ECDHE_" in self.name


@dataclass
class ProtocolSupport:
    """One protocol version: tested or not, accepted or not, and with which suites."""

    version: str  # one of PROTOCOLS
    tested: bool = True
    accepted: bool = False
    cipher_suites: list[CipherSuite] = field(default_factory=list)
    error: str | None = None


@dataclass
class CertificateInfo:
    subject: str
    issuer: str
    common_name: str | None
    san_dns: list[str]
    san_ip: list[str]
    serial: str
    not_before: datetime
    not_after: datetime
    key_type: str  # RSA, EC, Ed25519, Ed448, DSA
    key_size: int
    curve: str | None
    signature_algorithm: str  # e.g. sha256WithRSAEncryption, ecdsa-with-SHA256
    signature_hash: str | None
    sha256: str
    self_signed: bool
    is_ca: bool
    pem: str = ""


@dataclass
class TrustResult:
    """sslyze's validation against one trust store, at scan time and for the scanned host name."""

    store: str
    version: str
    trusted: bool
    error: str | None = None
    custom: bool = False  # the --ca-file store


@dataclass
class CertificateDeployment:
    """A certificate chain the server sent (most servers send one; some send an ECDSA and an RSA chain)."""

    chain: list[CertificateInfo]  # as received; [0] is the leaf
    trust: list[TrustResult]
    issuer_trusted: bool  # the chain leads to a trusted root, whatever the name and date
    issuer_trusted_by: list[str]
    hostname_matches: bool
    expired: bool
    not_yet_valid: bool
    days_left: int
    chain_order_valid: bool | None = None
    chain_has_anchor: bool | None = None
    verified_chain_has_sha1: bool | None = None
    ocsp_stapled: bool = False
    must_staple: bool = False
    sct_count: int | None = None

    @property
    def leaf(self) -> CertificateInfo:
        return self.chain[0]

    @property
    def trusted(self) -> bool:
        return any(t.trusted for t in self.trust)


@dataclass
class MozillaDeviation:
    """One way the server differs from Mozilla's intermediate server configuration."""

    key: str  # e.g. tls_versions, ciphers, certificate_curves, tls_vulnerability_fallback_scsv
    text: str


@dataclass
class TlsEvidence:
    """The TLS scan of one host and port."""

    host: str
    port: int
    ip_address: str | None = None
    scanned_at: datetime | None = None
    available: bool = False
    unavailable_reason: str | None = None
    scanner: str = ""
    duration_s: float = 0.0
    highest_version: str | None = None
    protocols: list[ProtocolSupport] = field(default_factory=list)
    certificates: list[CertificateDeployment] = field(default_factory=list)
    custom_ca_file: str | None = None
    heartbleed: bool | None = None
    ccs_injection: bool | None = None
    robot: str | None = None  # sslyze's RobotScanResultEnum name, e.g. NOT_VULNERABLE_NO_ORACLE
    compression: bool | None = None
    secure_renegotiation: bool | None = None  # RFC 5746
    client_renegotiation: bool | None = None  # the server honours client-initiated renegotiation (DoS)
    fallback_scsv: bool | None = None
    extended_master_secret: bool | None = None
    ecdh_supported: bool | None = None
    curves: list[str] | None = None
    # HSTS as sslyze's own HTTPS GET / saw it (rebuilt from its parsed form); used when the crawl could not
    # fetch over HTTPS (its client refuses what browsers still accept, e.g. RSA-1024 or RSA key exchange)
    http_checked: bool = False
    hsts: str | None = None
    mozilla_deviations: list[MozillaDeviation] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # scan command -> what went wrong
    addresses: list[str] = field(default_factory=list)

    def protocol(self, version: str) -> ProtocolSupport | None:
        for p in self.protocols:
            if p.version == version:
                return p
        return None

    def accepts(self, version: str) -> bool | None:
        """True/False when tested, None when the scan could not tell."""
        p = self.protocol(version)
        if p is None or not p.tested or p.error:
            return None
        return p.accepted

    @property
    def accepted_protocols(self) -> list[str]:
        return [p.version for p in self.protocols if p.accepted]

    def suites(self, version: str | None = None) -> list[tuple[str, CipherSuite]]:
        """(protocol, suite) for every accepted suite, of one version or all."""
        return [
            (p.version, s) for p in self.protocols if version in (None, p.version) for s in p.cipher_suites
        ]


# Mozilla's intermediate configuration, version 5.7 (ssl-config.mozilla.org), as sslyze 6 ships it. Kept here
# so the check can judge saved evidence without sslyze.
MOZILLA_INTERMEDIATE = {
    "tls_versions": {"TLS 1.2", "TLS 1.3"},
    "ciphersuites": {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"},
    "ciphers": {
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    },
    "tls_curves": {"X25519", "prime256v1", "secp384r1", "secp256r1"},
    "certificate_curves": {"prime256v1", "secp256r1", "secp384r1"},
    "certificate_signatures": {
        "sha256WithRSAEncryption",
        "ecdsa-with-SHA256",
        "ecdsa-with-SHA384",
        "ecdsa-with-SHA512",
    },
    "rsa_key_size": 2048,
    "dh_param_size": 2048,
    "ecdh_param_size": 256,
    "maximum_certificate_lifespan": 366,
}


def mozilla_deviations(ev: TlsEvidence) -> list[MozillaDeviation]:
    """How the server departs from Mozilla's intermediate profile (the same tests as sslyze's checker).

    Pure, so the check recomputes it from saved evidence. Unlike sslyze's checker it runs on a partial scan
    (a failed command simply contributes nothing) and the HSTS part is left to the crawl-based rules.
    """
    if not ev.available:
        return []
    cfg = MOZILLA_INTERMEDIATE
    out: list[MozillaDeviation] = []
    extra_versions = [v for v in ev.accepted_protocols if v not in cfg["tls_versions"]]
    if extra_versions:
        out.append(
            MozillaDeviation(
                "tls_versions", f"{', '.join(extra_versions)} accepted; only TLS 1.2 and 1.3 should be"
            )
        )
    tls13 = sorted({s.name for _, s in ev.suites("TLS 1.3")} - cfg["ciphersuites"])
    if tls13:
        out.append(
            MozillaDeviation("ciphersuites", f"TLS 1.3 suites outside the profile: {', '.join(tls13)}")
        )
    others = sorted({s.name for v, s in ev.suites() if v != "TLS 1.3"} - cfg["ciphers"])
    if others:
        shown = ", ".join(others[:12]) + (f" and {len(others) - 12} more" if len(others) > 12 else "")
        out.append(MozillaDeviation("ciphers", f"cipher suites outside the profile: {shown}"))
    ecdh = [s.key_exchange_size for _, s in ev.suites() if s.key_exchange == "ECDH" and s.key_exchange_size]
    # OpenSSL reports 253 bits for X25519's 255
    if ecdh and min(ecdh) + 3 < cfg["ecdh_param_size"]:
        out.append(
            MozillaDeviation("ecdh_param_size", f"ECDH key of {min(ecdh)} bits; at least 256 expected")
        )
    dh = [s.key_exchange_size for _, s in ev.suites() if s.key_exchange == "DH" and s.key_exchange_size]
    if dh and min(dh) < cfg["dh_param_size"]:
        out.append(MozillaDeviation("dh_param_size", f"DH group of {min(dh)} bits; at least 2048 expected"))
    if ev.curves:
        extra_curves = sorted(set(ev.curves) - cfg["tls_curves"])
        if extra_curves:
            out.append(
                MozillaDeviation(
                    "tls_curves",
                    f"key-exchange curves outside the profile: "
                    f"{', '.join(extra_curves)} (harmless for confidentiality)",
                )
            )
    for dep in ev.certificates[:1] or []:
        leaf = dep.leaf
        if not dep.trusted:
            out.append(
                MozillaDeviation(
                    "certificate_path_validation", f"the certificate for {leaf.subject} does not validate"
                )
            )
        if leaf.key_type == "RSA" and leaf.key_size < cfg["rsa_key_size"]:
            out.append(MozillaDeviation("rsa_key_size", f"RSA key of {leaf.key_size} bits; at least 2048"))
        if leaf.key_type == "EC" and leaf.curve not in cfg["certificate_curves"]:
            out.append(
                MozillaDeviation("certificate_curves", f"certificate key on {leaf.curve}; P-256 or P-384")
            )
        if leaf.key_type not in ("RSA", "EC"):
            out.append(
                MozillaDeviation("certificate_types", f"{leaf.key_type} certificate; RSA or ECDSA expected")
            )
        if leaf.signature_algorithm not in cfg["certificate_signatures"]:
            out.append(
                MozillaDeviation(
                    "certificate_signatures", f"certificate signed with {leaf.signature_algorithm}"
                )
            )
        lifespan = (leaf.not_after - leaf.not_before).days
        if lifespan > cfg["maximum_certificate_lifespan"]:
            out.append(
                MozillaDeviation(
                    "maximum_certificate_lifespan", f"certificate valid for {lifespan} days; at most 366"
                )
            )
    flags = [
        (ev.compression is True, "tls_vulnerability_compression", "TLS compression is enabled (CRIME)"),
        (ev.ccs_injection is True, "tls_vulnerability_ccs_injection", "vulnerable to OpenSSL CCS injection"),
        (
            ev.fallback_scsv is False,
            "tls_vulnerability_fallback_scsv",
            "no TLS_FALLBACK_SCSV downgrade protection",
        ),
        (ev.heartbleed is True, "tls_vulnerability_heartbleed", "vulnerable to Heartbleed"),
        (ev.robot == "VULNERABLE_STRONG_ORACLE", "tls_vulnerability_robot", "vulnerable to ROBOT"),
        (
            ev.secure_renegotiation is False,
            "tls_vulnerability_renegotiation",
            "no secure renegotiation (RFC 5746)",
        ),
        (
            ev.extended_master_secret is False,
            "tls_vulnerability_extended_master_secret",
            "no Extended Master Secret extension (RFC 7627)",
        ),
    ]
    out.extend(MozillaDeviation(key, text) for bad, key, text in flags if bad)
    return out
