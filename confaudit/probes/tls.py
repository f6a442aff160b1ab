"""The TLS probe: sslyze's scan commands, run directly on a private thread pool, turned into plain evidence.

Why not ``sslyze.Scanner``: it polls for finished jobs every 0.2 s, caps a server at 5 connections and
enumerates every cipher suite of every protocol version (~600 handshakes), even for versions the server
refuses outright. Here each version is first tried with one handshake offering everything (sslyze's own
connectivity routine); only versions the server accepts are enumerated suite by suite, with sslyze's own
per-suite jobs, so the verdicts match a full scan at a fraction of the connections. Jobs that time out
(a single-threaded server, a rate limit) are retried one at a time before a command is given up.

sslyze is blocking, so the scan runs in a worker thread (``asyncio.to_thread``) beside the crawl. A server
that refuses, times out or cannot be located is evidence (``available=False``), never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import time
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from confaudit import __version__
from confaudit.api.probe import Probe, ProbeContext
from confaudit.model.tls import (
    CertificateDeployment,
    CertificateInfo,
    CipherSuite,
    ProtocolSupport,
    TlsEvidence,
    TrustResult,
)

WORKERS = 12  # concurrent connections to one server; sslyze's CLI uses 5
RETRYABLE = ("TimedOut", "Timeout", "timed out", "ConnectionToServerFailed", "ServerRejectedConnection")


def _sslyze_version() -> str:
    try:
        from sslyze.__version__ import __version__ as v

        return f"sslyze {v}"
    except Exception:  # pragma: no cover - only a label
        return "sslyze"


def _describe(exc: BaseException) -> str:
    text = getattr(exc, "error_message", None) or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]


# --- certificate facts -----------------------------------------------------------------------------


def _hostname_matches(host: str, dns_names: list[str], ips: list[str], common_name: str | None) -> bool:
    """RFC 6125 matching: SAN entries only when present; a wildcard covers exactly one left-most label."""
    host = host.lower().rstrip(".")
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
        return any(ipaddress.ip_address(ip) == addr for ip in ips)
    except ValueError:
        pass
    names = dns_names or ([common_name] if common_name and not ips else [])
    for name in names:
        name = name.lower().rstrip(".")
        if name == host:
            return True
        if name.startswith("*.") and "." in host:
            label, rest = host.split(".", 1)
            if label and rest == name[2:] and "." in rest:
                return True
    return False


def _cert_info(cert: Any) -> CertificateInfo:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
    from cryptography.x509.oid import NameOID

    key = cert.public_key()
    curve = None
    if isinstance(key, rsa.RSAPublicKey):
        key_type, size = "RSA", key.key_size
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key_type, size, curve = "EC", key.key_size, key.curve.name
    elif isinstance(key, ed25519.Ed25519PublicKey):
        key_type, size = "Ed25519", 256
    elif isinstance(key, ed448.Ed448PublicKey):
        key_type, size = "Ed448", 456
    elif isinstance(key, dsa.DSAPublicKey):
        key_type, size = "DSA", key.key_size
    else:
        key_type, size = type(key).__name__, 0
    dns: list[str] = []
    ips: list[str] = []
    with contextlib.suppress(x509.ExtensionNotFound, ValueError):
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns = [str(n) for n in san.get_values_for_type(x509.DNSName)]
        ips = [str(a) for a in san.get_values_for_type(x509.IPAddress)]
    is_ca = False
    with contextlib.suppress(x509.ExtensionNotFound, ValueError):
        is_ca = bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    try:
        sig_hash = cert.signature_hash_algorithm.name if cert.signature_hash_algorithm else None
    except Exception:
        sig_hash = None
    self_signed = cert.subject == cert.issuer
    if self_signed:
        try:
            cert.verify_directly_issued_by(cert)
        except Exception:
            self_signed = False
    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        common_name=str(cns[0].value) if cns else None,
        san_dns=dns,
        san_ip=ips,
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key_type=key_type,
        key_size=size,
        curve=curve,
        signature_algorithm=getattr(
            cert.signature_algorithm_oid, "_name", cert.signature_algorithm_oid.dotted_string
        ),
        signature_hash=sig_hash,
        sha256=cert.fingerprint(hashes.SHA256()).hex(),
        self_signed=self_signed,
        is_ca=is_ca,
        pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def _deployment(dep: Any, host: str, now: datetime, custom_ca: str | None) -> CertificateDeployment:
    """One sslyze deployment, plus what sslyze folds into a single error string: date, name, issuer trust."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    chain = [_cert_info(c) for c in dep.received_certificate_chain]
    leaf = chain[0]
    trust = []
    trusted_by = []
    pems = [
        c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in dep.received_certificate_chain
    ]
    # validate again at a time inside the leaf's validity and for a name it carries: trusted issuer or not
    midpoint = leaf.not_before + (leaf.not_after - leaf.not_before) / 2
    subject: Any = None
    if leaf.san_dns:
        subject = x509.DNSName(leaf.san_dns[0].replace("*.", "wildcard.", 1))
    elif leaf.san_ip:
        subject = x509.IPAddress(ipaddress.ip_address(leaf.san_ip[0]))
    for result in dep.path_validation_results:
        store = result.trust_store
        is_custom = bool(custom_ca) and Path(str(store.path)) == Path(custom_ca)
        name = "custom CA file" if is_custom else store.name
        trust.append(
            TrustResult(
                name, str(store.version), result.was_validation_successful, result.validation_error, is_custom
            )
        )
        if result.was_validation_successful:
            trusted_by.append(name)
        elif subject is not None:
            try:
                if store.verify_certificate_chain(pems, subject, midpoint).was_validation_successful:
                    trusted_by.append(name)
            except Exception:  # an odd certificate the verifier will not even parse: not trusted
                pass
    return CertificateDeployment(
        chain=chain,
        trust=trust,
        issuer_trusted=bool(trusted_by),
        issuer_trusted_by=trusted_by,
        hostname_matches=_hostname_matches(host, leaf.san_dns, leaf.san_ip, leaf.common_name),
        expired=leaf.not_after < now,
        not_yet_valid=leaf.not_before > now,
        days_left=int((leaf.not_after - now) / timedelta(days=1)),
        chain_order_valid=dep.received_chain_has_valid_order,
        chain_has_anchor=dep.received_chain_contains_anchor_certificate,
        verified_chain_has_sha1=dep.verified_chain_has_sha1_signature,
        ocsp_stapled=dep.ocsp_response is not None,
        must_staple=dep.leaf_certificate_has_must_staple_extension,
        sct_count=dep.leaf_certificate_signed_certificate_timestamps_count,
    )


def _suite(accepted: Any) -> CipherSuite:
    key = accepted.ephemeral_key
    return CipherSuite(
        name=accepted.cipher_suite.name,
        openssl_name=accepted.cipher_suite.openssl_name,
        key_size=accepted.cipher_suite.key_size,
        key_exchange=key.type_name if key is not None else None,
        key_exchange_size=key.size if key is not None else None,
        curve=getattr(key, "curve_name", None),
    )


# --- the scan --------------------------------------------------------------------------------------


class _Runner:
    """Runs sslyze scan jobs on one pool; a job's exception is kept with it, as sslyze's workers do."""

    def __init__(self, workers: int) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="confaudit-tls")

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self.pool.submit(_capture, fn, args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _capture(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, BaseException | None]:
    try:
        return fn(*args), None
    except Exception as exc:  # kept for the command's result, like sslyze's own workers
        return None, exc


def _retryable(exc: BaseException | None) -> bool:
    return exc is not None and any(word in f"{type(exc).__name__} {exc}" for word in RETRYABLE)


def scan(
    host: str,
    port: int,
    ip_address: str,
    *,
    ca_file: str | None = None,
    timeout: float = 10.0,
    workers: int = WORKERS,
) -> TlsEvidence:
    """Scan one server synchronously; every failure ends up in the evidence."""
    t0 = time.perf_counter()
    now = datetime.now(UTC)
    ev = TlsEvidence(
        host=host,
        port=port,
        ip_address=ip_address,
        scanned_at=now,
        scanner=_sslyze_version(),
        custom_ca_file=ca_file,
    )
    try:
        with warnings.catch_warnings():
            # sslyze's bundled trust stores hold a root with a negative serial number; cryptography warns on load
            warnings.simplefilter("ignore")
            _scan(ev, host, port, ip_address, ca_file, timeout, workers, now)
    except Exception as exc:  # a bug or an unforeseen sslyze failure: recorded, never raised
        if not ev.available:
            ev.unavailable_reason = ev.unavailable_reason or _describe(exc)
        ev.errors["scan"] = _describe(exc)
    ev.duration_s = round(time.perf_counter() - t0, 3)
    return ev


def _scan(
    ev: TlsEvidence,
    host: str,
    port: int,
    ip: str,
    ca_file: str | None,
    timeout: float,
    workers: int,
    now: datetime,
) -> None:
    from sslyze import (
        CertificateInfoExtraArgument,
        ServerNetworkConfiguration,
        ServerNetworkLocation,
        TlsVersionEnum,
    )
    from sslyze.errors import ConnectionToServerFailed
    from sslyze.plugins.plugin_base import ScanJobResult
    from sslyze.plugins.scan_commands import ScanCommand, ScanCommandsRepository
    from sslyze.server_connectivity import (
        ServerConnectivityInfo,
        _detect_support_for_tls_1_2_or_below,
        _TlsVersionNotSupported,
        check_connectivity_to_server,
    )

    location = ServerNetworkLocation(hostname=host, port=port, ip_address=ip)
    config = ServerNetworkConfiguration(
        tls_server_name_indication=host,
        network_timeout=max(1, round(min(timeout, 10))),
        network_max_retries=2,
    )
    try:
        probing = check_connectivity_to_server(location, config)
    except ConnectionToServerFailed as exc:
        ev.unavailable_reason = exc.error_message
        return
    except OSError as exc:
        ev.unavailable_reason = f"{type(exc).__name__}: {exc}"
        return
    ev.available = True
    info = ServerConnectivityInfo(location, config, probing)
    highest = probing.highest_tls_version_supported
    names = {
        TlsVersionEnum.SSL_2_0: "SSL 2.0",
        TlsVersionEnum.SSL_3_0: "SSL 3.0",
        TlsVersionEnum.TLS_1_0: "TLS 1.0",
        TlsVersionEnum.TLS_1_1: "TLS 1.1",
        TlsVersionEnum.TLS_1_2: "TLS 1.2",
        TlsVersionEnum.TLS_1_3: "TLS 1.3",
    }
    ev.highest_version = names[highest]
    version_cmds = {
        TlsVersionEnum.SSL_2_0: ScanCommand.SSL_2_0_CIPHER_SUITES,
        TlsVersionEnum.SSL_3_0: ScanCommand.SSL_3_0_CIPHER_SUITES,
        TlsVersionEnum.TLS_1_0: ScanCommand.TLS_1_0_CIPHER_SUITES,
        TlsVersionEnum.TLS_1_1: ScanCommand.TLS_1_1_CIPHER_SUITES,
        TlsVersionEnum.TLS_1_2: ScanCommand.TLS_1_2_CIPHER_SUITES,
        TlsVersionEnum.TLS_1_3: ScanCommand.TLS_1_3_CIPHER_SUITES,
    }
    other_cmds = [
        ScanCommand.CERTIFICATE_INFO,
        ScanCommand.HEARTBLEED,
        ScanCommand.ROBOT,
        ScanCommand.OPENSSL_CCS_INJECTION,
        ScanCommand.SESSION_RENEGOTIATION,
        ScanCommand.TLS_COMPRESSION,
        ScanCommand.ELLIPTIC_CURVES,
        ScanCommand.TLS_FALLBACK_SCSV,
        ScanCommand.TLS_EXTENDED_MASTER_SECRET,
        ScanCommand.HTTP_HEADERS,
    ]
    extra: dict[Any, Any] = {}
    if ca_file:
        extra[ScanCommand.CERTIFICATE_INFO] = CertificateInfoExtraArgument(custom_ca_file=Path(ca_file))

    def supported(version: Any) -> bool | None:
        """One handshake offering everything: does the server speak this version at all?"""
        if version.value > highest.value:
            return False  # sslyze's connectivity test walks down from TLS 1.3: anything above was refused
        if version == highest:
            return True
        try:
            _detect_support_for_tls_1_2_or_below(location, config, version)
            return True
        except _TlsVersionNotSupported:
            return False
        except ConnectionToServerFailed:
            return None  # unsure: enumerate suite by suite

    runner = _Runner(workers)
    jobs: dict[Any, list[Any]] = {}
    futures: dict[Any, list[Future[Any]]] = {}
    try:
        checks = {v: runner.submit(supported, v) for v in version_cmds if v != TlsVersionEnum.TLS_1_3}

        def queue(cmd: Any) -> None:
            impl = ScanCommandsRepository.get_implementation_cls(cmd)
            try:
                jobs[cmd] = impl.scan_jobs_for_scan_command(info, extra.get(cmd))
            except Exception as exc:
                ev.errors[cmd.value] = _describe(exc)
                return
            futures[cmd] = [runner.submit(j.function_to_call, *j.function_arguments) for j in jobs[cmd]]

        if highest == TlsVersionEnum.TLS_1_3:
            queue(version_cmds[TlsVersionEnum.TLS_1_3])
        for cmd in other_cmds:
            queue(cmd)
        accepted: dict[Any, bool] = {TlsVersionEnum.TLS_1_3: highest == TlsVersionEnum.TLS_1_3}
        for version, fut in checks.items():
            (answer, exc) = fut.result()
            if answer is None or exc is not None or answer:
                queue(version_cmds[version])
            accepted[version] = bool(answer)
        results: dict[Any, Any] = {}
        for cmd, futs in futures.items():
            outcomes = [f.result() for f in futs]
            # a job that timed out (a busy single-threaded server, a rate limit) gets one more, unhurried try
            for i, (_, exc) in enumerate(outcomes):
                if _retryable(exc):
                    job = jobs[cmd][i]
                    outcomes[i] = _capture(job.function_to_call, tuple(job.function_arguments))
            impl = ScanCommandsRepository.get_implementation_cls(cmd)
            try:
                results[cmd] = impl.result_for_completed_scan_jobs(
                    info, [ScanJobResult(value, exc) for value, exc in outcomes]
                )
            except Exception as exc:
                ev.errors[cmd.value] = _describe(exc)
    finally:
        runner.close()

    for version, cmd in version_cmds.items():
        p = ProtocolSupport(names[version])
        if cmd in results:
            p.cipher_suites = [_suite(a) for a in results[cmd].accepted_cipher_suites]
            p.accepted = bool(p.cipher_suites)
        elif cmd.value in ev.errors:
            p.error = ev.errors[cmd.value]
            p.accepted = bool(accepted.get(version))
        else:
            p.accepted = False  # refused the one handshake offering every suite: not enumerated
        ev.protocols.append(p)

    cert = results.get(ScanCommand.CERTIFICATE_INFO)
    if cert is not None:
        for dep in cert.certificate_deployments:
            try:
                ev.certificates.append(_deployment(dep, host, now, ca_file))
            except Exception as exc:
                ev.errors["certificate_info"] = _describe(exc)
    if (r := results.get(ScanCommand.HEARTBLEED)) is not None:
        ev.heartbleed = r.is_vulnerable_to_heartbleed
    if (r := results.get(ScanCommand.OPENSSL_CCS_INJECTION)) is not None:
        ev.ccs_injection = r.is_vulnerable_to_ccs_injection
    if (r := results.get(ScanCommand.ROBOT)) is not None:
        ev.robot = r.robot_result.name
    if (r := results.get(ScanCommand.TLS_COMPRESSION)) is not None:
        ev.compression = r.supports_compression
    if (r := results.get(ScanCommand.SESSION_RENEGOTIATION)) is not None:
        ev.secure_renegotiation = r.supports_secure_renegotiation
        ev.client_renegotiation = r.is_vulnerable_to_client_renegotiation_dos
    if (r := results.get(ScanCommand.TLS_FALLBACK_SCSV)) is not None:
        ev.fallback_scsv = r.supports_fallback_scsv
    if (r := results.get(ScanCommand.TLS_EXTENDED_MASTER_SECRET)) is not None:
        ev.extended_master_secret = r.supports_ems_extension
    if (r := results.get(ScanCommand.ELLIPTIC_CURVES)) is not None:
        ev.ecdh_supported = r.supports_ecdh_key_exchange
        ev.curves = [c.name for c in r.supported_curves or []]
    if (r := results.get(ScanCommand.HTTP_HEADERS)) is not None and r.http_error_trace is None:
        ev.http_checked = True
        h = r.strict_transport_security_header
        if h is not None:
            ev.hsts = "; ".join(
                [f"max-age={h.max_age}" if h.max_age is not None else "max-age=?"]
                + ["includeSubDomains"] * h.include_subdomains
                + ["preload"] * h.preload
            )


# --- the probe -------------------------------------------------------------------------------------


def preload() -> None:
    """sslyze, whose import (its plugins, their pydantic models, nassl, cryptography) costs more CPU than
    the scan itself: loaded as soon as an audit plans this probe, while the rest of the audit is set up."""
    import sslyze
    import sslyze.plugins.scan_commands
    import sslyze.server_connectivity  # noqa: F401


async def locate(ctx: ProbeContext, host: str, port: int) -> tuple[list[tuple[str, int]], str | None]:
    """Where to connect, by the audit's host map first; no DNS at all under ``--only-resolved``."""
    pinned = ctx.hostmap.lookup(host, port)
    if pinned:
        return [pinned], None
    with contextlib.suppress(ValueError):
        return [(str(ipaddress.ip_address(host.strip("[]"))), port)], None
    if ctx.options.only_resolved:
        return [], f"{host}:{port} is not in --resolve/--connect-to and --only-resolved is set"
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return [], f"cannot resolve {host}: {exc.strerror}"
    addrs: list[tuple[str, int]] = []
    for info in infos:
        item = (str(info[4][0]), port)
        if item not in addrs:
            addrs.append(item)
    return addrs, None if addrs else f"no address for {host}"


def target_port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port if parts.scheme == "https" and parts.port else 443


async def run(ctx: ProbeContext) -> TlsEvidence:
    host = ctx.target.host
    port = target_port(ctx.target.url)
    addrs, problem = await locate(ctx, host, port)
    if problem or not addrs:
        return TlsEvidence(
            host=host,
            port=port,
            scanned_at=datetime.now(UTC),
            available=False,
            unavailable_reason=problem or f"no address for {host}",
            scanner=_sslyze_version(),
        )
    addr, real_port = addrs[0]
    ev = await asyncio.to_thread(
        scan, host, real_port, addr, ca_file=ctx.options.ca_file, timeout=ctx.options.timeout
    )
    ev.addresses = [a for a, _ in addrs]
    return ev


PROBE = Probe(
    name="tls",
    version=__version__,
    run=run,
    evidence_type=TlsEvidence,
    preload=preload,
    description="TLS protocols, cipher suites, certificate and known vulnerabilities of the site's HTTPS server "
    "(sslyze)",
)
