"""TLS client contexts, shared by every audit of a process."""

from __future__ import annotations

import functools
import os
import ssl

import certifi


def make_ssl_context(ca_file: str | None, verify: bool = True) -> ssl.SSLContext:
    """A context per (CA file, mode), shared by every audit of the process: loading the trust store costs
    ~25 ms, which a batch of many targets would otherwise pay each time."""
    stamp = os.stat(ca_file).st_mtime_ns if ca_file else 0
    return _ssl_context(ca_file, verify, stamp)


@functools.lru_cache(maxsize=16)
def _ssl_context(ca_file: str | None, verify: bool, stamp: int) -> ssl.SSLContext:
    """The verifying context a careful client uses, or a lenient one that reaches what old browsers still
    reach (TLS 1.0, RSA key exchange, small keys) so a weak server's pages can be judged too."""
    if not verify:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        ctx.set_ciphers("ALL:@SECLEVEL=0")
        return ctx
    ctx = ssl.create_default_context(cafile=certifi.where())
    if ca_file:
        ctx.load_verify_locations(cafile=ca_file)
    return ctx
