"""Real TLS servers on loopback for the TLS tests and benchmark: nginx (Debian's nginx-light) and ``openssl s_server``.

Each configuration gets its own nginx master (one TLS configuration per listening socket keeps servers
independent), with certificates made at test time by ``cryptography`` under a private test CA. Every server
listens on 127.0.0.1 only; audits reach them through ``--connect-to`` so URLs keep their real form
(``https://modern.test/``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from confaudit.model import Evidence, Target
from confaudit.model.options import AuditOptions

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
LOOPBACK = "127.0.0.1"

# Mozilla's intermediate cipher list (ssl-config.mozilla.org, version 5.7)
INTERMEDIATE_CIPHERS = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
)
# what Debian's OpenSSL 3 still offers that a legacy server would: RSA key transport first, CBC, anonymous, NULL
LEGACY_CIPHERS = "AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:ADH-AES128-SHA:NULL-SHA:@SECLEVEL=0"
NO_FS_CIPHERS = "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA"


def nginx_available() -> bool:
    return Path(NGINX).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), timeout=0.2):
            return
        time.sleep(0.02)
    raise RuntimeError(f"nothing listens on {LOOPBACK}:{port} after {timeout} s")


# --- certificates ---------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _key(kind: str) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    if kind == "ec256":
        return ec.generate_private_key(ec.SECP256R1())
    bits = int(kind.removeprefix("rsa") or 2048)
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _write_key(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, path: Path) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


@dataclass
class TestCA:
    """A private CA whose PEM is handed to audits as ``--ca-file``."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    pem_path: Path

    @classmethod
    def create(cls, directory: Path, name: str = "confaudit test CA") -> TestCA:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "confaudit tests"),
                x509.NameAttribute(NameOID.COMMON_NAME, name),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - dt.timedelta(days=3650))
            .not_valid_after(_now() + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        directory.mkdir(parents=True, exist_ok=True)
        pem_path = directory / "ca.pem"
        pem_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return cls(cert, key, pem_path)

    def issue(
        self,
        directory: Path,
        names: list[str],
        *,
        key_kind: str = "rsa2048",
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        self_signed: bool = False,
        stem: str | None = None,
    ) -> tuple[Path, Path]:
        """A leaf for ``names`` (or a self-signed one); returns (cert chain PEM, key PEM)."""
        key = _key(key_kind)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
        signer_key = key if self_signed else self.key
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject if self_signed else self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or _now() - dt.timedelta(days=1))
            .not_valid_after(not_after or _now() + dt.timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        )
        if not self_signed:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False
            )
        cert = builder.sign(signer_key, hashes.SHA256())
        stem = stem or names[0]
        directory.mkdir(parents=True, exist_ok=True)
        cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        _write_key(key, key_path)
        return cert_path, key_path


# --- servers --------------------------------------------------------------------------------------


@dataclass
class TlsServer:
    """A running server: the public name it stands in for and the loopback ports behind it."""

    name: str
    host: str
    https_port: int | None
    http_port: int | None = None
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        return f"https://{self.host}/"

    def connect_to(self) -> list[str]:
        """``--connect-to`` specs mapping the real ports 443/80 to the loopback ones."""
        specs = []
        if self.https_port:
            specs.append(f"{self.host}:443:{LOOPBACK}:{self.https_port}")
        if self.http_port:
            specs.append(f"{self.host}:80:{LOOPBACK}:{self.http_port}")
        return specs

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


PAGE = "<!doctype html><html><head><title>Therapy practice</title></head><body><h1>Welcome</h1></body></html>"


def start_nginx(
    directory: Path,
    name: str,
    host: str,
    cert: Path | None,
    key: Path | None,
    *,
    protocols: str = "TLSv1.2 TLSv1.3",
    ciphers: str = INTERMEDIATE_CIPHERS,
    prefer_server_ciphers: bool = False,
    hsts: str | None = "max-age=63072000; includeSubDomains",
    redirect: bool = True,
    https: bool = True,
    curves: str = "X25519:prime256v1:secp384r1",
) -> TlsServer:
    """One nginx master serving ``host`` over HTTPS (if ``https``) and plain HTTP (redirecting if ``redirect``)."""
    root = directory / name
    (root / "logs").mkdir(parents=True, exist_ok=True)
    https_port = free_port() if https else None
    http_port = free_port()
    hsts_line = f'add_header Strict-Transport-Security "{hsts}" always;' if hsts else ""
    page = f"default_type text/html; return 200 '{PAGE}';"
    tls_block = ""
    if https:
        tls_block = f"""
    server {{
        listen {LOOPBACK}:{https_port} ssl;
        server_name {host};
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols {protocols};
        ssl_ciphers "{ciphers}";
        ssl_prefer_server_ciphers {"on" if prefer_server_ciphers else "off"};
        ssl_ecdh_curve {curves};
        ssl_session_tickets off;
        {hsts_line}
        location / {{ {page} }}
    }}"""
    http_body = "return 301 https://$host$request_uri;" if redirect else page
    conf = f"""
daemon off;
master_process on;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen {LOOPBACK}:{http_port};
        server_name {host};
        location / {{ {http_body} }}
    }}{tls_block}
}}
"""
    conf_path = root / "nginx.conf"
    conf_path.write_text(conf)
    proc = subprocess.Popen(
        [NGINX, "-p", str(root), "-c", str(conf_path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    server = TlsServer(name, host, https_port, http_port, [proc])
    try:
        for port in (p for p in (https_port, http_port) if p):
            wait_port(port)
    except RuntimeError:
        server.stop()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"nginx {name} did not start: {err[-2000:]}") from None
    return server


def start_s_server(name: str, host: str, cert: Path, key: Path, args: list[str]) -> TlsServer:
    """``openssl s_server -www`` for what nginx will not do (client-initiated renegotiation, compression)."""
    port = free_port()
    cmd = [
        OPENSSL,
        "s_server",
        "-quiet",
        "-www",
        "-accept",
        f"{LOOPBACK}:{port}",
        "-cert",
        str(cert),
        "-key",
        str(key),
        *args,
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = TlsServer(name, host, port, None, [proc])
    try:
        wait_port(port)
    except RuntimeError:
        server.stop()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"s_server {name} did not start: {err[-2000:]}") from None
    return server


@dataclass
class Lab:
    """Every server the TLS tests and the benchmark need, with the CA that trusts the good ones."""

    ca: TestCA
    servers: dict[str, TlsServer]
    closed_port: int

    def __getitem__(self, name: str) -> TlsServer:
        return self.servers[name]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


LAB_NAMES = (
    "modern",
    "intermediate",
    "legacy",
    "expired",
    "mismatch",
    "selfsigned",
    "weakhsts",
    "reneg",
    "nofs",
)


def start_lab(directory: Path, names: tuple[str, ...] = LAB_NAMES) -> Lab:
    """Start the servers named (all by default). Each stands in for ``<name>.test``."""
    ca = TestCA.create(directory / "pki")
    pki = directory / "pki"
    now = _now()
    servers: dict[str, TlsServer] = {}

    def leaf(host: str, **kw: object) -> tuple[Path, Path]:
        return ca.issue(pki, [host], **kw)  # type: ignore[arg-type]

    builders = {
        "modern": lambda: start_nginx(
            directory, "modern", "modern.test", *leaf("modern.test", key_kind="ec256"), protocols="TLSv1.3"
        ),
        "intermediate": lambda: start_nginx(
            directory, "intermediate", "intermediate.test", *leaf("intermediate.test")
        ),
        "legacy": lambda: start_nginx(
            directory,
            "legacy",
            "legacy.test",
            *leaf("legacy.test", key_kind="rsa1024"),
            protocols="TLSv1 TLSv1.1 TLSv1.2",
            ciphers=LEGACY_CIPHERS,
            prefer_server_ciphers=True,
            hsts=None,
            redirect=False,
        ),
        "expired": lambda: start_nginx(
            directory,
            "expired",
            "expired.test",
            *leaf(
                "expired.test", not_before=now - dt.timedelta(days=400), not_after=now - dt.timedelta(days=5)
            ),
        ),
        "mismatch": lambda: start_nginx(
            directory, "mismatch", "mismatch.test", *ca.issue(pki, ["other.example"], stem="mismatch")
        ),
        "selfsigned": lambda: start_nginx(
            directory, "selfsigned", "selfsigned.test", *leaf("selfsigned.test", self_signed=True)
        ),
        "weakhsts": lambda: start_nginx(
            directory,
            "weakhsts",
            "weakhsts.test",
            *leaf("weakhsts.test", not_after=now + dt.timedelta(days=10)),
            hsts="max-age=86400",
        ),
        "reneg": lambda: start_s_server(
            "reneg", "reneg.test", *leaf("reneg.test"), ["-tls1_2", "-client_renegotiation"]
        ),
        "nofs": lambda: start_nginx(
            directory,
            "nofs",
            "nofs.test",
            *leaf("nofs.test"),
            protocols="TLSv1.2",
            ciphers=NO_FS_CIPHERS,
            prefer_server_ciphers=True,
        ),
        "nohttps": lambda: start_nginx(
            directory, "nohttps", "nohttps.test", None, None, https=False, redirect=False, hsts=None
        ),
    }
    try:
        for name in names:
            servers[name] = builders[name]()
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return Lab(ca, servers, free_port())


@contextlib.contextmanager
def lab(directory: Path, names: tuple[str, ...] = LAB_NAMES) -> Iterator[Lab]:
    running = start_lab(directory, names)
    try:
        yield running
    finally:
        running.stop()


# --- collecting evidence from the lab, as an audit's probes do -------------------------------------------

NGINX_SERVERS = (
    "modern",
    "intermediate",
    "legacy",
    "expired",
    "mismatch",
    "selfsigned",
    "weakhsts",
    "nofs",
    "nohttps",
)


def options_for(running: Lab, server: TlsServer, **kw: object) -> AuditOptions:
    """An audit's options for one lab server: its ports mapped, the lab CA trusted, one page crawled."""
    specs = server.connect_to()
    if server.https_port is None:
        specs.append(f"{server.host}:443:127.0.0.1:{running.closed_port}")  # nothing listens: refused
    return AuditOptions(
        connect_to=specs,
        only_resolved=True,
        ca_file=str(running.ca.pem_path),
        allow_private=True,
        timeout=5,
        max_pages=1,
        **kw,  # type: ignore[arg-type]
    )


async def collect(options: AuditOptions, url: str, probes: tuple[str, ...] = ("crawl", "tls")) -> Evidence:
    """Run the crawl and TLS probes side by side, as in an audit, and return what they collected."""
    from confaudit.api.probe import ProbeContext
    from confaudit.net.client import Net
    from confaudit.net.guard import AddressGuard
    from confaudit.probes import crawl as crawl_probe
    from confaudit.probes import tls as tls_probe

    hostmap = options.validate()
    evidence = Evidence(target=Target(url))
    async with Net(options, hostmap, AddressGuard("loopback", allow_private=True)) as net:
        ctx = ProbeContext(
            target=evidence.target, options=options, hostmap=hostmap, net=net, evidence=evidence
        )
        runs = {"crawl": crawl_probe.run, "tls": tls_probe.run}
        results = await asyncio.gather(*(runs[p](ctx) for p in probes))
    evidence.parts.update(dict(zip(probes, results, strict=True)))
    return evidence
