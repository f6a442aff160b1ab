"""The one HTTP client of an audit, with every bound and guard in one place.

An audited site is untrusted: it may be slow, huge, compressed into a bomb, redirect forever, or try to
point the auditor at internal addresses. So connections are made by a network backend that applies the
host map, ``--only-resolved`` and the private-address guard to the address actually connected to, and
bodies are read raw and decompressed here under a cap counted after decompression.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import ssl
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Awaitable, Mapping
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from confaudit import USER_AGENT
from confaudit.model import HttpExchange, RedirectHop, utcnow
from confaudit.model.options import AuditOptions, HostMap
from confaudit.net.guard import AddressGuard
from confaudit.net.resolver import Resolver
from confaudit.net.tls import make_ssl_context

if sys.modules.get("httpx._main", False) is None:
    del sys.modules["httpx._main"]  # marked absent only while httpx loaded (see confaudit/net/__init__.py)

REDIRECT_CODES = {301, 302, 303, 307, 308}


class GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, resolver: Resolver, guard: AddressGuard) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._resolver = resolver
        self._guard = guard

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        addrs = await self._resolver.resolve(host, port)
        last: Exception | None = None
        for addr, real_port in addrs:
            self._guard.check(host, addr)
            try:
                return await self._inner.connect_tcp(addr, real_port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):  # type: ignore[no-untyped-def]
        raise httpcore.ConnectError("unix sockets are not used by audits")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport on the guarded backend (httpx exposes no backend parameter)."""

    def __init__(self, ssl_context: ssl.SSLContext, backend: GuardedBackend, limits: httpx.Limits) -> None:
        super().__init__(verify=ssl_context, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


class _Decoder:
    """Decompresses gzip/deflate a bounded piece at a time, so a bomb stops at the cap."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._z: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = None  # zlib-wrapped or raw: decided on the first bytes
        elif encoding in ("", "identity"):
            self._z = None
        else:
            raise ValueError(f"unsupported content-encoding {encoding!r}")

    def feed(self, data: bytes, room: int) -> bytes:
        if self.encoding in ("", "identity"):
            return data[:room]
        if self._z is None:
            self._z = zlib.decompressobj(zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS)
        return self._z.decompress(data, room)


class Net:
    """One per audit: an ``httpx.AsyncClient`` with the audit's map, guard, caps and limits."""

    def __init__(self, options: AuditOptions, hostmap: HostMap, guard: AddressGuard) -> None:
        self.options = options
        self.resolver = Resolver(hostmap, options.only_resolved)
        self.guard = guard
        self._clients: dict[bool, httpx.AsyncClient] = {}
        self._host_slots: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(options.per_host)
        )

    def _client(self, verify: bool) -> httpx.AsyncClient:
        if verify not in self._clients:
            ctx = make_ssl_context(self.options.ca_file, verify)
            backend = GuardedBackend(self.resolver, self.guard)
            limits = httpx.Limits(max_connections=32, max_keepalive_connections=16)
            self._clients[verify] = httpx.AsyncClient(
                transport=GuardedTransport(ctx, backend, limits),
                timeout=httpx.Timeout(self.options.timeout),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": "*/*"},
            )
        return self._clients[verify]

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()

    async def __aenter__(self) -> Net:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def fetch(
        self,
        url: str,
        *,
        verify: bool = True,
        follow: bool = True,
        joins: Mapping[str, Awaitable[HttpExchange]] | None = None,
    ) -> HttpExchange:
        """GET ``url`` following redirects (at most ``max_redirects``); never raises, errors are recorded.

        A redirect to a URL in ``joins`` (one another fetch is already getting, as the crawl fetches
        ``http://`` and ``https://`` at once) takes that fetch's answer instead of asking the site again.
        """
        exchange = HttpExchange(url=url, fetched_at=utcnow())
        t0 = time.perf_counter()
        current = url
        seen: set[str] = set()
        try:
            for _ in range(self.options.max_redirects + 1):
                seen.add(current)
                status, headers, body, truncated = await self._get_once(current, verify)
                location = _header(headers, "location")
                if follow and status in REDIRECT_CODES and location:
                    nxt = urljoin(current, location.strip())
                    exchange.redirects.append(RedirectHop(current, status, nxt))
                    if urlsplit(nxt).scheme not in ("http", "https"):
                        raise httpx.UnsupportedProtocol(f"redirect to unsupported scheme: {nxt[:200]}")
                    if nxt in seen:
                        raise httpx.TooManyRedirects(f"redirect loop back to {nxt[:200]}")
                    if joins is not None and nxt in joins:
                        rest = await joins[nxt]
                        return dataclasses.replace(
                            rest,
                            url=url,
                            headers=list(rest.headers),
                            redirects=exchange.redirects + rest.redirects,
                            fetched_at=exchange.fetched_at,
                            elapsed_s=round(time.perf_counter() - t0, 4),
                        )
                    current = nxt
                    continue
                exchange.final_url = current
                exchange.status = status
                exchange.headers = headers
                exchange.content_type = _header(headers, "content-type")
                exchange.body = body
                exchange.body_size = len(body)
                exchange.body_sha256 = hashlib.sha256(body).hexdigest()
                exchange.truncated = truncated
                break
            else:
                raise httpx.TooManyRedirects(f"more than {self.options.max_redirects} redirects")
        except Exception as exc:  # every failure of an untrusted site is evidence, not a crash
            exchange.final_url = current
            exchange.error = describe_error(exc, self.options)
        exchange.elapsed_s = round(time.perf_counter() - t0, 4)
        return exchange

    async def _get_once(self, url: str, verify: bool) -> tuple[int, list[tuple[str, str]], bytes, bool]:
        host = (urlsplit(url).hostname or "").lower()
        client = self._client(verify)
        cap = self.options.max_body
        async with (
            self._host_slots[host],
            asyncio.timeout(self.options.timeout),
            client.stream("GET", url) as resp,
        ):
            headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw]
            if resp.status_code in REDIRECT_CODES:
                return resp.status_code, headers, b"", False
            encoding = (resp.headers.get("content-encoding") or "").strip().lower()
            decoder = _Decoder(encoding)
            chunks: list[bytes] = []
            size = 0
            truncated = False
            async for raw in resp.aiter_raw():
                out = decoder.feed(raw, cap - size + 1)
                chunks.append(out)
                size += len(out)
                if size > cap:
                    truncated = True
                    break
            body = b"".join(chunks)[:cap]
            return resp.status_code, headers, body, truncated


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def describe_error(exc: BaseException, options: AuditOptions) -> str:
    """One readable line for a failed fetch."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return f"timed out after {options.timeout:g} s"
    text = str(exc) or type(exc).__name__
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {cause.verify_message or cause.reason}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {exc.verify_message or exc.reason}"
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return f"TLS certificate not accepted: {text.split('certificate verify failed:')[-1].strip(' ()')}"
    if isinstance(cause, ssl.SSLError) or "[SSL" in text:
        reason = getattr(cause, "reason", None) or text
        return f"TLS handshake failed: {reason}"[:500]
    return f"{type(exc).__name__}: {text}"[:500]


def is_tls_error(message: str | None) -> bool:
    """A certificate or handshake failure: the page may still be reachable the way old browsers reach it."""
    return bool(message and message.startswith(("TLS certificate not accepted", "TLS handshake failed")))
