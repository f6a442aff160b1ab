"""Mozilla's intermediate server profile, and how a server departs from it (judged here, not in the probe)."""

from __future__ import annotations

from confaudit.model.tls import MozillaDeviation, TlsEvidence

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
