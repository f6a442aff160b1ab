"""The form-data canary: unique values to type into a form, and a search for them in every encoding.

Trackers rarely send a typed value as it is: Meta's advanced matching sends the SHA-256 of the
normalised email, session recorders send JSON, others base64 or URL-encode it. A canary is unique to
one audit and one field, so finding it in any of these forms in a third-party request is proof that
what a client typed left the site, without anyone submitting the form. Pure functions: the probe types
the values, the check searches the recorded requests, so saved evidence is re-judged the same way.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, unquote, unquote_plus

from confaudit.model.browser import BrowserRequest, CanaryField, CanaryHit

TEXT_TYPES = ("text", "email", "tel", "textarea", "search", "")


def canary_value(field_type: str, token: str, index: int) -> str:
    """A realistic value for the field type that no one else will ever type."""
    core = f"cnry{token}{index:02d}"
    if field_type == "email":
        return f"{core}@example.com"
    if field_type == "tel":
        digits = str(int(token, 16) % 10**6).zfill(6)
        return f"07700 9{digits[:2]}{index:02d}{digits[2:5]}"
    if field_type == "textarea":
        return f"I have felt anxious and low {core} most days"
    return f"Alex {core}"


def new_token() -> str:
    return secrets.token_hex(4)


def core_of(value: str) -> str | None:
    match = re.search(r"cnry[0-9a-f]{8}\d{2}", value)
    return match.group(0) if match else None


def normalised(field_type: str, value: str) -> set[str]:
    """Forms a tracker hashes: Meta and Google lowercase and trim emails and names, keep a phone's digits."""
    out = {value, value.strip().lower()}
    if field_type == "tel":
        digits = re.sub(r"\D", "", value)
        out |= {digits, "44" + digits.lstrip("0"), "+44" + digits.lstrip("0")}
    return {v for v in out if v}


def _b64_cores(value: bytes) -> set[str]:
    """Substrings that appear in any base64 text containing ``value``, whatever its alignment."""
    out = set()
    for shift in range(3):
        for enc in (base64.b64encode, base64.urlsafe_b64encode):
            text = enc(b"\0" * shift + value).decode().rstrip("=")
            skip = (shift * 4 + 2) // 3
            whole = ((shift + len(value)) // 3) * 4
            core = text[skip:whole]
            if len(core) >= 8:
                out.add(core)
    return out


@dataclass
class Needles:
    """What to look for, for one canary field, by encoding (most telling first)."""

    field: CanaryField
    forms: list[tuple[str, str]]  # (encoding, needle), needles lower-cased except base64


def needles_for(field: CanaryField) -> Needles:
    value = field.value
    forms: list[tuple[str, str]] = [("plain", value.lower())]
    for enc in {quote(value, safe=""), quote_plus(value), quote(value, safe="/@")}:
        if enc != value:
            forms.append(("url-encoded", enc.lower()))
    for norm in sorted(normalised(field.field_type, value) - {value, value.lower()}):
        forms.append(("plain", norm.lower()))
    for b in _b64_cores(value.encode()):
        forms.append(("base64", b))
    for norm in sorted(normalised(field.field_type, value)):
        data = norm.encode()
        forms.append(("sha256", hashlib.sha256(data).hexdigest()))
        forms.append(("sha1", hashlib.sha1(data).hexdigest()))
        forms.append(("md5", hashlib.md5(data).hexdigest()))
    core = core_of(value)
    if core and core != value:
        forms.append(("partial", core))
    return Needles(field, forms)


def _haystacks(request: BrowserRequest) -> list[tuple[str, str]]:
    """Where a value can travel: the URL, each header, the body, raw and once URL-decoded."""
    places = [("url", request.url)]
    places += [(f"header {k.lower()}", v) for k, v in request.headers if k.lower() not in (":path",)]
    if request.post_body:
        places.append(("body", request.post_body))
    return places


def _excerpt(text: str, needle: str, width: int = 60) -> str:
    at = text.lower().find(needle.lower())
    if at < 0:
        return text[: width * 2]
    return text[max(0, at - width) : at + len(needle) + width]


def search(request: BrowserRequest, needles: list[Needles]) -> list[CanaryHit]:
    """Every canary field found in this request, with the most telling encoding for each."""
    hits: list[CanaryHit] = []
    places = _haystacks(request)
    lowered = [(where, text, text.lower()) for where, text in places]
    decoded = []
    for where, text, _ in lowered:
        once = unquote_plus(text) if "%" in text or "+" in text else text
        decoded.append((where, once.lower()))
    for n in needles:
        found = None
        for encoding, needle in n.forms:
            for (where, text, low), (_, dec) in zip(lowered, decoded, strict=True):
                if encoding == "base64":
                    hit = needle in text or needle in unquote(text)
                elif encoding in ("plain", "partial"):
                    hit = needle in low
                    if not hit and needle in dec:
                        hit, encoding = True, "url-encoded" if encoding == "plain" else encoding
                else:
                    hit = needle in low or needle in dec
                if hit:
                    found = (
                        encoding,
                        where,
                        _excerpt(text if needle in low or encoding == "base64" else dec, needle),
                    )
                    break
            if found:
                break
        if found:
            encoding, where, excerpt = found
            hits.append(
                CanaryHit(
                    page_url=n.field.page_url,
                    field_name=n.field.field_name,
                    field_type=n.field.field_type,
                    encoding=encoding,
                    where=where,
                    request_url=request.url,
                    method=request.method,
                    resource_type=request.resource_type,
                    excerpt=excerpt[:200],
                )
            )
    return hits
