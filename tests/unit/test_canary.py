"""The form-data canary: caught in every encoding on recorded requests (in Chromium: tests/checks/trackers
and tests/probes/test_browser.py)."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote

import pytest

from confaudit.analysis.canary import canary_value, needles_for, search
from confaudit.model.browser import BrowserRequest, CanaryField

FIELD = CanaryField(
    "https://a.example/intake", "email", "email", "Email", canary_value("email", "0badc0de", 1)
)


def request(
    url: str, body: str | None = None, headers: list[tuple[str, str]] | None = None
) -> BrowserRequest:
    return BrowserRequest(
        url,
        "POST" if body else "GET",
        "image",
        "https://a.example/intake",
        post_body=body,
        headers=headers or [],
    )


@pytest.mark.parametrize(
    ("encoding", "make"),
    [
        ("plain", lambda v: request("https://t.example/c", body='{"em":"' + v + '"}')),
        ("url-encoded", lambda v: request("https://t.example/c?em=" + quote(v, safe=""))),
        (
            "base64",
            lambda v: request("https://t.example/c?d=" + base64.b64encode(b"xx" + v.encode()).decode()),
        ),
        ("sha256", lambda v: request("https://t.example/c?h=" + hashlib.sha256(v.encode()).hexdigest())),
        ("sha1", lambda v: request("https://t.example/c", body="h=" + hashlib.sha1(v.encode()).hexdigest())),
        (
            "md5",
            lambda v: request("https://t.example/c", headers=[("X-Id", hashlib.md5(v.encode()).hexdigest())]),
        ),
        (
            "sha256",
            lambda v: request("https://t.example/c?h=" + hashlib.sha256(v.encode()).hexdigest().upper()),
        ),
    ],
)
def test_search_finds_each_encoding(encoding, make):
    hits = search(make(FIELD.value), [needles_for(FIELD)])
    assert [h.encoding for h in hits] == [encoding]


def test_base64_found_at_every_alignment():
    for prefix in ("", "a", "ab", "abc"):
        body = base64.urlsafe_b64encode((prefix + FIELD.value + "!").encode()).decode()
        assert [
            h.encoding for h in search(request("https://t.example/", body=body), [needles_for(FIELD)])
        ] == ["base64"]


def test_phone_digits_and_no_false_positive():
    tel = CanaryField("https://a.example/", "phone", "tel", None, canary_value("tel", "0badc0de", 2))
    digits = "".join(c for c in tel.value if c.isdigit())
    assert [h.encoding for h in search(request("https://t.example/?ph=" + digits), [needles_for(tel)])] == [
        "plain"
    ]
    assert (
        search(request("https://t.example/?ph=07700900123&em=someone@example.com"), [needles_for(tel)]) == []
    )


def test_canary_values_are_unique_per_field():
    values = {canary_value(t, "0badc0de", i) for i, t in enumerate(["text", "email", "tel", "textarea"] * 3)}
    assert len(values) == 12
