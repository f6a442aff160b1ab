"""TLS client contexts, shared by every audit of a process."""

from __future__ import annotations

import contextlib
import functools
import os
import ssl
import threading

import certifi

_LOCK = threading.Lock()


def make_ssl_context(ca_file: str | None, verify: bool = True) -> ssl.SSLContext:
    """A context per (CA file, mode), shared by every audit of the process: loading the trust store costs
    ~25 ms, which a batch of many targets would otherwise pay each time."""
    stamp = os.stat(ca_file).st_mtime_ns if ca_file else 0
    with _LOCK:  # a warm-up thread and the first fetch build it once between them
        return _ssl_context(ca_file, verify, stamp)


def warm(ca_file: str | None) -> threading.Thread:
    """Build the verifying context in a thread while the caller imports and plans: OpenSSL parses the trust
    store without holding the GIL, so on a second core it costs the audit nothing. Any failure (a missing
    CA file, say) is left for the audit to meet and report."""

    def build() -> None:
        with contextlib.suppress(Exception):
            make_ssl_context(ca_file, True)

    thread = threading.Thread(target=build, name="confaudit-trust-store", daemon=True)
    thread.start()
    return thread


@functools.lru_cache(maxsize=16)
def _ssl_context(ca_file: str | None, verify: bool, stamp: int) -> ssl.SSLContext:
    """The verifying context a careful client uses, or a lenient one that reaches what old browsers still
    reach (TLS 1.0, RSA key exchange, small keys) so a weak server's pages can be judged too."""
    if not verify:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no trust store to load: nothing is verified
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        ctx.set_ciphers("ALL:@SECLEVEL=0")
        return ctx
    ctx = ssl.create_default_context(cafile=certifi.where())
    if ca_file:
        ctx.load_verify_locations(cafile=ca_file)
    return ctx
