"""What of a recording must stay equal to a fresh audit of the same loopback world, and what may not.

Times, durations, ports, temporary paths, certificate serials and keys (made anew each run), canary tokens
(random per audit) and cookie values are masked; the browser's request and cookie logs are compared as sets
of what was asked of whom, since Chromium's ordering and its query strings (timestamps, hashed canaries) vary.
Everything else (pages, bodies, headers, forms, scripts, TLS facts, DNS answers) must match exactly.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

VOLATILE_KEYS = {
    "fetched_at", "elapsed_s", "started", "scanned_at", "duration_s", "load_s", "port", "serial",
    "not_before", "not_after", "sha256", "pem", "days_left", "custom_ca_file", "data", "browser",
    "value_excerpt", "expires", "database_date", "value", "excerpt",
}  # fmt: skip
PATTERNS = [
    (re.compile(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT"), "<http-date>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:.]+)?(\+00:00|Z)?"), "<date>"),
    (re.compile(r"cnry[0-9a-f]+"), "cnry*"),
    (re.compile(r"(127\.0\.0\.\d+|localhost):\d+"), r"\1:<port>"),
    (re.compile(r"/tmp/[^\s'\"]+"), "<tmp>"),
]


def _text(value: str) -> str:
    for pattern, replacement in PATTERNS:
        value = pattern.sub(replacement, value)
    return value


def _request(req: dict[str, Any]) -> dict[str, Any]:
    """A browser request as what was asked of whom: no query, body or headers (they carry timestamps)."""
    parts = urlsplit(req["url"])
    return {
        "url": f"{parts.scheme}://{parts.netloc}{parts.path}",
        "method": req["method"],
        "resource_type": req["resource_type"],
        "page_url": req["page_url"],
        "status": req["status"],
        "failure": req["failure"],
    }


def _set(items: list[Any]) -> list[Any]:
    """Order-free and duplicate-free, as a sorted list of distinct items."""
    return sorted({json.dumps(i, sort_keys=True) for i in items})


def normalise(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in VOLATILE_KEYS:
                out[k] = "<volatile>" if v is not None else None
            elif k == "requests":
                out[k] = _set([normalise(_request(r)) for r in v])
            elif k in ("cookies", "canary_fields", "canaries", "api_uses", "storage") and key == "browser":
                out[k] = _set([normalise(i, k) for i in v])
            elif k == "screenshots":
                out[k] = len(v)
            else:
                out[k] = normalise(v, k)
        return out
    if isinstance(value, list):
        return [normalise(v, key) for v in value]
    if isinstance(value, str):
        return _text(value)
    return value


def normalise_parts(parts: dict[str, Any]) -> dict[str, Any]:
    """Each probe's part normalised on its own (a part's name is not a volatile key, even "browser")."""
    return {probe: normalise(part, probe) for probe, part in parts.items()}


def differences(recorded: Any, fresh: Any, where: str = "") -> list[str]:
    """Where two normalised trees differ, as readable paths (at most a few per branch)."""
    if isinstance(recorded, dict) and isinstance(fresh, dict):
        out = []
        for k in sorted(set(recorded) | set(fresh)):
            if k not in fresh:
                out.append(f"{where}.{k}: only in the recording")
            elif k not in recorded:
                out.append(f"{where}.{k}: only in today's audit")
            else:
                out += differences(recorded[k], fresh[k], f"{where}.{k}")
        return out
    if isinstance(recorded, list) and isinstance(fresh, list):
        if len(recorded) != len(fresh):
            gone = [x for x in recorded if x not in fresh][:3]
            new = [x for x in fresh if x not in recorded][:3]
            return [f"{where}: {len(recorded)} recorded, {len(fresh)} today; gone {gone}, new {new}"]
        return [
            d
            for i, (a, b) in enumerate(zip(recorded, fresh, strict=True))
            for d in differences(a, b, f"{where}[{i}]")
        ]
    if recorded != fresh:
        return [f"{where}: recorded {str(recorded)[:120]!r}, today {str(fresh)[:120]!r}"]
    return []
