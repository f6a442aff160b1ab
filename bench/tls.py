"""Benchmark: confaudit's TLS probe against the sslyze CLI's default full scan, on the same loopback servers.

For each server, in the same run: wall time of ``confaudit.probes.tls.scan`` (in process, as an audit runs it)
and of ``python -m sslyze --json_out`` (a process, as a user runs it). The CLI's JSON is turned into the same
evidence shape and both are judged by the tls check, so "same verdicts" means every rule's status agrees
(HSTS and the redirect are left out: they come from the crawl, which the CLI does not do).

    .venv/bin/python bench/tls.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from confaudit_checks.tls import CHECK

from confaudit.model import Evidence, Target
from confaudit.model.tls import (
    PROTOCOLS,
    CertificateDeployment,
    CipherSuite,
    ProtocolSupport,
    TlsEvidence,
    TrustResult,
)
from confaudit.probes.tls import _cert_info, _hostname_matches, scan
from tests import tlsservers

SERVERS = ("modern", "intermediate", "legacy", "expired", "mismatch", "selfsigned", "nofs", "weakhsts")
CRAWL_RULES = {"tls/http-not-redirected", "tls/hsts-missing", "tls/hsts-weak"}
FIELDS = [
    "ssl_2_0_cipher_suites",
    "ssl_3_0_cipher_suites",
    "tls_1_0_cipher_suites",
    "tls_1_1_cipher_suites",
    "tls_1_2_cipher_suites",
    "tls_1_3_cipher_suites",
]


def evidence_from_cli(data: dict, host: str, ca_file: str) -> TlsEvidence:
    """The sslyze CLI's JSON as the probe's evidence (what the CLI reports, nothing recomputed beyond the probe's)."""
    from cryptography import x509

    server = data["server_scan_results"][0]
    result = server["scan_result"]
    now = datetime.now(UTC)
    ev = TlsEvidence(host=host, port=server["server_location"]["port"], available=True, scanned_at=now)

    def res(name: str) -> dict | None:
        attempt = result.get(name) or {}
        return attempt.get("result") if attempt.get("status") == "COMPLETED" else None

    for name, field in zip(PROTOCOLS, FIELDS, strict=True):
        r = res(field)
        suites = []
        for a in (r or {}).get("accepted_cipher_suites", []):
            key = a.get("ephemeral_key") or {}
            suites.append(
                CipherSuite(
                    a["cipher_suite"]["name"],
                    a["cipher_suite"]["openssl_name"],
                    a["cipher_suite"]["key_size"],
                    key.get("type_name"),
                    key.get("size"),
                    key.get("curve_name"),
                )
            )
        ev.protocols.append(
            ProtocolSupport(
                name,
                accepted=bool(suites),
                cipher_suites=suites,
                error=None if r is not None else "not completed",
            )
        )
    ev.highest_version = next((p.version for p in reversed(ev.protocols) if p.accepted), None)
    cert = res("certificate_info")
    for dep in (cert or {}).get("certificate_deployments", []):
        chain = [
            _cert_info(x509.load_pem_x509_certificate(c["as_pem"].encode()))
            for c in dep["received_certificate_chain"]
        ]
        trust = [
            TrustResult(
                p["trust_store"]["name"],
                p["trust_store"]["version"],
                p["verified_certificate_chain"] is not None,
                p["validation_error"],
                p["trust_store"]["path"] == ca_file,
            )
            for p in dep["path_validation_results"]
        ]
        # the CLI gives only an error string: a name or date error means the issuer chain itself was fine
        by = [
            t.store
            for t in trust
            if t.trusted
            or any(s in (t.error or "") for s in ("subjectAltName", "not valid at validation time"))
        ]
        leaf = chain[0]
        ev.certificates.append(
            CertificateDeployment(
                chain=chain,
                trust=trust,
                issuer_trusted=bool(by),
                issuer_trusted_by=by,
                hostname_matches=_hostname_matches(host, leaf.san_dns, leaf.san_ip, leaf.common_name),
                expired=leaf.not_after < now,
                not_yet_valid=leaf.not_before > now,
                days_left=int((leaf.not_after - now).total_seconds() // 86400),
            )
        )
    for field, attr, key in [
        ("heartbleed", "heartbleed", "is_vulnerable_to_heartbleed"),
        ("openssl_ccs_injection", "ccs_injection", "is_vulnerable_to_ccs_injection"),
        ("tls_compression", "compression", "supports_compression"),
        ("tls_fallback_scsv", "fallback_scsv", "supports_fallback_scsv"),
        ("tls_extended_master_secret", "extended_master_secret", "supports_ems_extension"),
        ("session_renegotiation", "secure_renegotiation", "supports_secure_renegotiation"),
        ("session_renegotiation", "client_renegotiation", "is_vulnerable_to_client_renegotiation_dos"),
    ]:
        r = res(field)
        if r is not None:
            setattr(ev, attr, r[key])
    if (r := res("robot")) is not None:
        ev.robot = r["robot_result"]
    if (r := res("elliptic_curves")) is not None:
        ev.curves = [c["name"] for c in r.get("supported_curves") or []]
    return ev


def verdicts(ev: TlsEvidence) -> dict[str, str]:
    ev.http_checked, ev.hsts = False, None  # HSTS is the crawl's business; the CLI's default scan skips it
    result = CHECK.run(Evidence(Target(f"https://{ev.host}/"), {"tls": ev}), None)
    out = {f.rule: f.status.value for f in result.findings if f.rule not in CRAWL_RULES}
    out["grade"] = str(result.data["grade"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp, tlsservers.lab(Path(tmp), SERVERS) as lab:
        ca = str(lab.ca.pem_path)
        ours: dict[str, list[float]] = {n: [] for n in SERVERS}
        cli: dict[str, list[float]] = {n: [] for n in SERVERS}
        mismatches: dict[str, dict[str, tuple[str, str]]] = {}
        for run in range(args.runs):
            for name in SERVERS:
                server = lab[name]
                t0 = time.perf_counter()
                ev = scan(server.host, server.https_port, "127.0.0.1", ca_file=ca)
                ours[name].append(time.perf_counter() - t0)
                out = Path(tmp) / f"{name}.json"
                t0 = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        "-W",
                        "ignore",
                        "-m",
                        "sslyze",
                        "--quiet",
                        f"--json_out={out}",
                        f"--certinfo_ca_file={ca}",
                        f"{server.host}:{server.https_port}{{127.0.0.1}}",
                    ],
                    check=False,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                cli[name].append(time.perf_counter() - t0)
                if run == 0:
                    mine, theirs = (
                        verdicts(ev),
                        verdicts(evidence_from_cli(json.loads(out.read_text()), server.host, ca)),
                    )
                    diff = {
                        k: (mine.get(k, "-"), theirs.get(k, "-"))
                        for k in mine.keys() | theirs.keys()
                        if mine.get(k) != theirs.get(k)
                    }
                    if diff:
                        mismatches[name] = diff
    print(f"{'server':<14}{'confaudit probe':>17}{'sslyze CLI':>13}{'ratio':>8}")
    total_ours = total_cli = 0.0
    for name in SERVERS:
        a, b = statistics.median(ours[name]), statistics.median(cli[name])
        total_ours += a
        total_cli += b
        print(f"{name:<14}{a:>15.3f} s{b:>11.3f} s{a / b:>8.2f}")
    ratio = total_ours / total_cli
    print(
        f"{'total':<14}{total_ours:>15.3f} s{total_cli:>11.3f} s{ratio:>8.2f}   (median of {args.runs} runs each)"
    )
    print(f"goal <= 0.50x: {'met' if ratio <= 0.5 else 'NOT met'}")
    if mismatches:
        print("verdicts differ:")
        for name, diff in mismatches.items():
            for rule, (mine, theirs) in sorted(diff.items()):
                print(f"  {name} {rule}: confaudit={mine} sslyze-cli={theirs}")
    else:
        print(f"same verdicts on all {len(SERVERS)} servers (every TLS rule and the grade)")
    return 0 if ratio <= 0.5 and not mismatches else 1


if __name__ == "__main__":
    raise SystemExit(main())
