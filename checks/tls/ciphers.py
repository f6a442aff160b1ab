"""Which accepted cipher suites are weak, and how badly: shared by the weak-cipher rule and the grade."""

from __future__ import annotations

import re

from confaudit.model import Severity
from confaudit.model.tls import CipherSuite

WEAK_PATTERNS: list[tuple[str, str, Severity]] = [
    (r"_NULL_|_WITH_NULL", "NULL (no encryption)", Severity.CRITICAL),
    (r"_anon_", "anonymous (no authentication)", Severity.CRITICAL),
    (r"EXPORT|_40_|DES40", "EXPORT", Severity.CRITICAL),
    (r"_RC4_|RC4_", "RC4", Severity.HIGH),
    (r"3DES|DES_192|DES_EDE", "3DES", Severity.HIGH),
    (r"_DES_|DES_64|DES_CBC", "DES", Severity.HIGH),
    (r"_RC2_|RC2_", "RC2", Severity.HIGH),
]


def weakness(suite: CipherSuite) -> tuple[str, Severity] | None:
    """(what is wrong, how severe) for a weak suite, by name first, then by a key under 112 bits."""
    for pattern, label, severity in WEAK_PATTERNS:
        if re.search(pattern, suite.name):
            return label, severity
    if 0 < suite.key_size < 112:
        return f"{suite.key_size}-bit key", Severity.HIGH
    return None
