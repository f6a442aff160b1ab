"""Real HTTP and HTTPS servers on loopback standing in for providers' sites and third parties.

One plain-HTTP and one HTTPS listener serve many virtual hosts (by Host header; one certificate names
them all), so the demo and the tests reach ``https://calmharbour.example/`` through ``--connect-to``
without touching the network. Sites are static files plus per-path replies, and a reply can be any
Python callable, which is how the tests build slow, huge, looping and malformed sites.
"""

from __future__ import annotations

import json
import mimetypes
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from confaudit.demo.pdf import text_pdf


@dataclass
class Request:
    method: str
    path: str
    query: str
    host: str
    scheme: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | Iterable[bytes] = b""
    delay: float = 0.0


Handler = Callable[[Request], Reply]


@dataclass
class Site:
    """A virtual host: files under ``root`` and replies for particular paths.

    ``http`` says what plain HTTP does: ``redirect`` to HTTPS, ``serve`` the content, or ``off`` (the
    connection is closed). ``https=False`` makes the TLS handshake fail for this host.
    """

    host: str
    root: Path | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    routes: dict[str, Handler | Reply] = field(default_factory=dict)
    http: str = "redirect"
    https: bool = True
    tls: str = "modern"
    log: list[Request] = field(default_factory=list)

    def reply(self, request: Request) -> Reply:
        route = self.routes.get(request.path)
        if route is not None:
            reply = route(request) if callable(route) else route
        else:
            reply = self._file(request.path)
        return Reply(reply.status, [*self.headers, *reply.headers], reply.body, reply.delay)

    def _file(self, path: str) -> Reply:
        if self.root is None:
            return Reply(404, [("Content-Type", "text/plain")], b"not found")
        root = self.root.resolve()
        candidate = (root / path.lstrip("/")).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        elif not candidate.exists() and candidate.with_suffix(".html").exists():
            candidate = candidate.with_suffix(".html")
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return Reply(404, [("Content-Type", "text/html; charset=utf-8")], b"<h1>Not found</h1>")
        ctype = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "text/javascript"):
            ctype += "; charset=utf-8"
        return Reply(200, [("Content-Type", ctype)], candidate.read_bytes())


class _Handler(BaseHTTPRequestHandler):
    server_version = "loopback-site"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def _serve(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        site = server.sites.get(host)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, 10_000_000)) if length else b""
        parts = urlsplit(self.path)
        request = Request(
            self.command,
            parts.path or "/",
            parts.query,
            host,
            server.scheme,
            {k.lower(): v for k, v in self.headers.items()},
            body,
        )
        if site is None:
            return self._send(Reply(421, [("Content-Type", "text/plain")], b"unknown host"))
        site.log.append(request)
        if server.scheme == "http" and site.http == "off":
            self.close_connection = True
            return
        if server.scheme == "http" and site.http == "redirect":
            target = f"https://{host}{self.path}"
            return self._send(Reply(301, [("Location", target), ("Content-Type", "text/html")], b"moved"))
        self._send(site.reply(request))

    def _send(self, reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            names = {k.lower() for k, _ in reply.headers}
            for key, value in reply.headers:
                self.send_header(key, value)
            if isinstance(reply.body, bytes):
                if "content-length" not in names:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)
            else:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in reply.body:
                    if chunk:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True

    do_GET = _serve
    do_POST = _serve
    do_HEAD = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver listens with a backlog of 5: the TLS probe's dozen connections at once overflowed it, and
    # each dropped connection attempt waited a second for TCP to retry (real servers listen with ~511)
    request_queue_size = 128

    def __init__(self, addr: tuple[str, int], scheme: str, sites: dict[str, Site]) -> None:
        self.scheme = scheme
        self.sites = sites
        super().__init__(addr, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up or fails the handshake is normal here, not worth a traceback."""


class LoopbackSites:
    """Serve ``sites`` on 127.0.0.1: one HTTP port and one HTTPS port, until ``stop``."""

    def __init__(
        self,
        sites: list[Site],
        certfile: str,
        keyfile: str,
        bind: str = "127.0.0.1",
        legacy_cert: tuple[str, str] | None = None,
    ) -> None:
        self.sites = {s.host: s for s in sites}
        self.bind = bind
        self._ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._ctx.load_cert_chain(certfile, keyfile)
        self._ctx.sni_callback = self._sni
        self._legacy_ctx: ssl.SSLContext | None = None
        if any(s.tls == "legacy" for s in sites):
            self._legacy_ctx = legacy_context(*(legacy_cert or (certfile, keyfile)))
        self._servers: list[_Server] = []
        self.http_port = 0
        self.https_port = 0
        self.legacy_port = 0

    def _sni(self, sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> int | None:
        site = self.sites.get((name or "").lower())
        if site is not None and not site.https:
            return ssl.ALERT_DESCRIPTION_HANDSHAKE_FAILURE
        return None

    def start(self) -> LoopbackSites:
        http = _Server((self.bind, 0), "http", self.sites)
        https = _Server((self.bind, 0), "https", self.sites)
        https.socket = self._ctx.wrap_socket(https.socket, server_side=True, do_handshake_on_connect=False)
        self._servers = [http, https]
        self.http_port = http.server_address[1]
        self.https_port = https.server_address[1]
        if self._legacy_ctx is not None:
            legacy = _Server((self.bind, 0), "https", self.sites)
            legacy.socket = self._legacy_ctx.wrap_socket(
                legacy.socket, server_side=True, do_handshake_on_connect=False
            )
            self._servers.append(legacy)
            self.legacy_port = legacy.server_address[1]
        for server in self._servers:
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> LoopbackSites:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def connect_to(self, hosts: Iterable[str] | None = None) -> list[str]:
        """``--connect-to`` values that send each host's ports 80 and 443 here."""
        out = []
        for host in hosts or self.sites:
            site = self.sites.get(host)
            https_port = self.legacy_port if site is not None and site.tls == "legacy" else self.https_port
            out.append(f"{host}:80:{self.bind}:{self.http_port}")
            out.append(f"{host}:443:{self.bind}:{https_port}")
        return out


def legacy_context(certfile: str, keyfile: str) -> ssl.SSLContext:
    """A server context as old as Debian's OpenSSL still allows: TLS 1.0+, RSA key exchange first."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("AES128-SHA:AES256-SHA:AES128-SHA256:ECDHE-RSA-AES128-SHA:@SECLEVEL=0")
    ctx.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    ctx.load_cert_chain(certfile, keyfile)
    return ctx


def load_site(directory: Path) -> Site:
    """A site directory: ``site.json`` (host, headers, http mode, per-path replies) and a ``www/`` tree."""
    spec = json.loads((directory / "site.json").read_text(encoding="utf-8"))
    routes: dict[str, Handler | Reply] = {}
    for path, r in spec.get("routes", {}).items():
        if "pdf" in r:
            body = text_pdf((directory / r["pdf"]).read_text(encoding="utf-8").splitlines())
        elif "file" in r:
            body = (directory / r["file"]).read_bytes()
        else:
            body = r.get("body", "").encode()
        routes[path] = Reply(r.get("status", 200), [tuple(h) for h in r.get("headers", [])], body)
    return Site(
        host=spec["host"],
        root=directory / "www",
        headers=[tuple(h) for h in spec.get("headers", [])],
        routes=routes,
        http=spec.get("http", "redirect"),
        https=spec.get("https", True),
        tls=spec.get("tls", "modern"),
    )
