"""What the site's transport and video platform deliver, to hold an encryption promise against."""

from __future__ import annotations

import re

from confaudit.analysis.claims import page_path
from confaudit.model import Evidence, EvidenceItem

# Wording that makes a security clause a promise about encryption or secure transmission.
ENCRYPTION_WORDS = re.compile(r"encrypt|secur|\bssl\b|\btls\b|https|protected|end[- ]to[- ]end")
WEAK_SUITE = re.compile(r"_NULL_|_anon_|_EXPORT|_RC4_|_3DES_|_DES_|_IDEA_|_RC2_", re.I)

# Platforms whose default is not end-to-end encryption (each vendor's own documentation).
NOT_E2E = {
    "zoom": "Zoom encrypts meetings end to end only when the host turns end-to-end encryption on (it is off by "
    "default and disables cloud recording)",
    "google meet": "Google Meet encrypts in transit; client-side (end-to-end) encryption exists only on some "
    "Workspace editions and must be turned on",
    "microsoft teams": "Microsoft Teams offers end-to-end encryption only for one-to-one calls and Premium "
    "meetings, when turned on",
    "skype": "Skype encrypts end to end only in 'private conversations'",
    "gotomeeting": "GoTo Meeting is not end-to-end encrypted by default",
    "webex": "Webex encrypts end to end only when the meeting is set up for it",
}


def transport_problems(evidence: Evidence) -> tuple[list[EvidenceItem], bool]:
    """What is weak about the transport (TLS evidence and the crawl); and whether the TLS scan was there."""
    items: list[EvidenceItem] = []
    tls = evidence.get("tls")
    have_tls = tls is not None and hasattr(tls, "available")
    if have_tls:
        if not tls.available:
            items.append(
                EvidenceItem("tls", f"HTTPS is not available: {tls.unavailable_reason or 'no TLS handshake'}")
            )
        else:
            old = [v for v in ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1") if tls.accepts(v)]
            if old:
                items.append(
                    EvidenceItem("tls", f"the server accepts {', '.join(old)}", data={"protocols": old})
                )
            weak = sorted(
                {s.name for _, s in tls.suites() if WEAK_SUITE.search(s.name) or 0 < s.key_size < 128}
            )
            if weak:
                items.append(
                    EvidenceItem(
                        "tls",
                        f"weak cipher suites accepted: {', '.join(weak[:6])}",
                        data={"suites": weak[:20]},
                    )
                )
            for dep in tls.certificates[:1]:
                if dep.expired:
                    items.append(EvidenceItem("tls", "the certificate has expired"))
                if not dep.hostname_matches:
                    items.append(EvidenceItem("tls", "the certificate does not name the site"))
                if not dep.issuer_trusted:
                    items.append(EvidenceItem("tls", "the certificate is not issued by a trusted authority"))
                if dep.leaf.key_type == "RSA" and dep.leaf.key_size < 2048:
                    items.append(EvidenceItem("tls", f"the certificate key is RSA-{dep.leaf.key_size}"))
    crawl = evidence.crawl
    if crawl is not None:
        http = crawl.http
        if http is not None and http.status == 200 and not (http.final_url or "").startswith("https://"):
            items.append(
                EvidenceItem("url", "plain HTTP serves the site instead of redirecting to HTTPS", http.url)
            )
        for page in crawl.pages:
            for form in page.forms:
                insecure = form.action.startswith("http://") or (
                    page.url.startswith("http://") and not form.action.startswith("https://")
                )
                if insecure and form.fields:
                    items.append(
                        EvidenceItem(
                            "form",
                            f"a form on {page_path(page.url)} sends its fields over plain HTTP to {form.action}",
                            page.url,
                            {"action": form.action, "method": form.method},
                        )
                    )
    return items, have_tls
