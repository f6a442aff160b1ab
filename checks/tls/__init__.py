"""The tls check: is the connection to a provider what "secure, encrypted sessions" promises?

Judged from the TLS probe's evidence (protocols, suites, certificate, known vulnerabilities) and, for what a
browser sees before TLS even starts (the HTTP to HTTPS redirect, HSTS), from the crawl's entry fetches. Each
rule is one small pure function with its metadata beside it (``rules_*.py``, by theme); the result also
carries an SSL Labs-style transport grade (A+ to F, T for a certificate browsers reject) with the reason for
every cap (``grade.py``).

Rules are judged, and their findings listed, in the order they are declared: the imports below fix it
(a test pins the order).
"""

from __future__ import annotations

# The order below is the order rules are judged and findings listed.
# isort: off
from confaudit_checks.tls import rules_https  # noqa: F401  (imported to register its rules)
from confaudit_checks.tls import rules_cert  # noqa: F401
from confaudit_checks.tls import rules_protocol  # noqa: F401
from confaudit_checks.tls import rules_vuln  # noqa: F401
from confaudit_checks.tls import rules_hsts  # noqa: F401
from confaudit_checks.tls import rules_mozilla  # noqa: F401

# isort: on
from confaudit_checks.tls.check import CHECK
from confaudit_checks.tls.grade import transport_grade
from confaudit_checks.tls.hsts import parse_hsts

__all__ = ["CHECK", "parse_hsts", "transport_grade"]
