"""A throwaway certificate authority for loopback sites, made fresh at each start.

Built with ``cryptography`` directly so the leaf follows the web PKI profile browsers and sslyze's
verifier expect (a non-critical subjectAltName beside a non-empty subject, server-auth EKU); trustme
marks the SAN critical, which strict verifiers reject.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class LocalCA:
    ca_file: Path
    cert_file: Path
    key_file: Path
    legacy_cert_file: Path | None = None
    legacy_key_file: Path | None = None


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "confaudit loopback CA"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _san(hostnames: list[str]) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = []
    for host in hostnames:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def make_ca(
    directory: Path, hostnames: list[str], *, days: int = 397, legacy_hosts: list[str] | None = None
) -> LocalCA:
    """Write a CA certificate and one server certificate naming every host to ``directory``.

    ``legacy_hosts`` also get a certificate as a neglected server has one: a 1024-bit RSA key, expiring
    in 20 days (the demo's weak provider).
    """
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("confaudit loopback root"))
        .issuer_name(_name("confaudit loopback root"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days + 1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    out = LocalCA(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    out.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_leaf(
        out.cert_file,
        out.key_file,
        ec.generate_private_key(ec.SECP256R1()),
        hostnames,
        ca_cert,
        ca_key,
        now,
        days,
    )
    if legacy_hosts:
        out.legacy_cert_file, out.legacy_key_file = directory / "legacy.pem", directory / "legacy.key"
        _write_leaf(
            out.legacy_cert_file,
            out.legacy_key_file,
            rsa.generate_private_key(65537, 1024),
            legacy_hosts,
            ca_cert,
            ca_key,
            now,
            20,
        )
    return out


def _write_leaf(
    cert_file: Path,
    key_file: Path,
    leaf_key: Any,
    hostnames: list[str],
    ca_cert: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    now: datetime,
    days: int,
) -> None:
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(hostnames[0] if hostnames else "localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(_san(hostnames or ["localhost"]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            # RSA key transport (the legacy suites) needs keyEncipherment
            x509.KeyUsage(
                True, False, isinstance(leaf_key, rsa.RSAPrivateKey), False, False, False, False, False, False
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
