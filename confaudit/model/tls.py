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
    # no longer filled (a judgement belongs to the check, which computes it); kept so older bundles read
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
