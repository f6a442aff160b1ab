"""The headers world: a site that gets every header and form right, one that gets each wrong, and two
softer cases (warnings, and meta tags on a plain-HTTP site)."""

from __future__ import annotations

from confaudit.demo.server import Reply, Site
from tests.sites.pages import page

GOOD_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' https://cdn.vendor.example; frame-ancestors 'none'",
    ),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
]
SRI = "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"


def secure_site() -> Site:
    return Site(
        host="secure.example",
        headers=GOOD_HEADERS,
        routes={
            "/": Reply(
                200,
                [
                    ("Content-Type", "text/html"),
                    ("Set-Cookie", "session=1; Path=/; Secure; HttpOnly; SameSite=Lax"),
                ],
                b'<title>Secure</title><script src="https://cdn.vendor.example/lib.js" integrity="'
                + SRI.encode()
                + b'" crossorigin="anonymous"></script><a href="/book">Book an appointment</a>',
            ),
            "/book": page(
                '<form action="/book" method="post"><input name="name"><input name="email" type="email">'
                '<input name="phone" type="tel"><textarea name="reason"></textarea></form>',
                title="Book",
            ),
        },
    )


def insecure_site() -> Site:
    return Site(
        host="insecure.example",
        headers=[("Referrer-Policy", "unsafe-url")],
        routes={
            "/": Reply(
                200,
                [
                    ("Content-Type", "text/html"),
                    ("Set-Cookie", "session=1; Path=/"),
                    ("Set-Cookie", "theme=x; Secure"),
                ],
                b'<title>Insecure</title><script src="https://connect.tracker.example/px.js"></script>'
                b'<script src="http://insecure.example/old.js"></script><img src="http://insecure.example/a.png">'
                b'<a href="/book">Book an appointment</a>',
            ),
            "/book": page(
                '<script src="https://connect.tracker.example/px.js"></script>'
                '<form action="http://insecure.example/send" method="post"><input name="name">'
                '<input name="email" type="email"><input name="phone" type="tel"><textarea name="reason"></textarea></form>',
                title="Book",
            ),
        },
    )


def soft_site() -> Site:
    """Weaker settings that earn warnings, not failures."""
    return Site(
        host="soft.example",
        headers=[
            ("Content-Security-Policy", "default-src 'self' 'unsafe-inline'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "SAMEORIGIN"),
        ],
        routes={
            "/": Reply(
                200,
                [("Content-Type", "text/html"), ("Set-Cookie", "lang=en; Secure")],
                b'<title>Soft</title><img src="http://soft.example/pic.png">',
            )
        },
    )


def meta_site() -> Site:
    """Plain HTTP only, its policies in meta tags, and a form on that plain-HTTP page."""
    return Site(
        host="meta.example",
        http="serve",
        https=False,
        routes={
            "/": page(
                '<form action="/contact" method="post"><input name="name"><textarea name="message"></textarea></form>',
                head='<meta name="referrer" content="no-referrer">'
                '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
            )
        },
    )


def headers_world() -> list[Site]:
    return [secure_site(), insecure_site(), soft_site(), meta_site()]
