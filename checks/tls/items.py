"""Evidence items the tls rules cite: a TLS fact, or a certificate with the fields a reader checks."""

from __future__ import annotations

from confaudit.model import EvidenceItem
from confaudit.model.tls import CertificateDeployment


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
