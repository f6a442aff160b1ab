"""``confaudit demo``: fictional providers on loopback, each audited the way a real site would be.

The sites, their third parties and a fresh certificate authority all live on 127.0.0.1; every audit
runs with ``--connect-to``, ``--ca-file`` and ``--only-resolved``, so nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rich.console import Console

from confaudit.demo.ca import LocalCA, make_ca
from confaudit.demo.server import LoopbackSites, Site, load_site
from confaudit.engine.audit import audit
from confaudit.model import AuditResult, Target
from confaudit.model.options import AuditOptions
from confaudit.report import render_html, write_outputs


@dataclass
class Provider:
    name: str
    url: str
    slug: str


@dataclass
class DemoRow:
    name: str
    result: AuditResult
    html: Path
    seconds: float


def demo_root() -> Path:
    return Path(str(files("confaudit.demo")))


def demo_sites() -> tuple[list[Site], list[Provider]]:
    """Every bundled provider and vendor stand-in, as servable sites."""
    root = demo_root()
    sites, providers = [], []
    for directory in sorted((root / "site-data").iterdir()):
        spec_file = directory / "site.json"
        if not spec_file.exists():
            continue
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        sites.append(load_site(directory))
        providers.append(Provider(spec["name"], spec["url"], directory.name))
    for directory in sorted((root / "vendor-data").iterdir()):
        if directory.is_dir():
            sites.append(Site(host=directory.name, root=directory, http="redirect"))
    order = {"calmharbour": 0, "mindspring": 1, "oldoak": 2}
    providers.sort(key=lambda p: (order.get(p.slug, 9), p.slug))
    return sites, providers


@contextmanager
def demo_servers(directory: Path) -> Iterator[tuple[LoopbackSites, LocalCA, list[Provider]]]:
    """Every demo site and vendor stand-in served on loopback with a fresh CA (certificates in ``directory``)."""
    sites, providers = demo_sites()
    legacy = [s.host for s in sites if s.tls == "legacy"]
    ca = make_ca(directory, [s.host for s in sites], legacy_hosts=legacy)
    legacy_cert = (str(ca.legacy_cert_file), str(ca.legacy_key_file)) if legacy else None
    with LoopbackSites(sites, str(ca.cert_file), str(ca.key_file), legacy_cert=legacy_cert) as server:
        yield server, ca, providers


def run_demo(
    out_dir: Path, *, browser: str = "auto", checks: list[str] | None = None, console: Console | None = None
) -> list[DemoRow]:
    console = console or Console(stderr=True)
    rows: list[DemoRow] = []
    with tempfile.TemporaryDirectory(prefix="confaudit-demo-") as tmp, demo_servers(Path(tmp)) as served:
        server, ca, providers = served
        console.print(
            f"demo sites on 127.0.0.1 (http {server.http_port}, https {server.https_port})",
            highlight=False,
        )
        for provider in providers:
            options = AuditOptions(
                checks=checks,
                browser=browser,
                connect_to=server.connect_to(),
                only_resolved=True,
                ca_file=str(ca.ca_file),
            )
            t0 = time.perf_counter()
            run = asyncio.run(audit(Target(provider.url, provider.name), options))
            seconds = time.perf_counter() - t0
            folder = out_dir / provider.slug
            write_outputs(
                run.result,
                json_path=str(folder / "report.json"),
                html_path=str(folder / "report.html"),
                markdown_path=str(folder / "report.md"),
                evidence=run.evidence,
            )
            rows.append(DemoRow(provider.name, run.result, folder / "report.html", seconds))
            console.print(
                f"audited {provider.name} in {seconds:.2f} s: grade {run.result.grade}", highlight=False
            )
    write_index(out_dir, rows)
    return rows


def write_index(out_dir: Path, rows: list[DemoRow]) -> Path:
    """A small page linking the demo's reports (the batch issue brings the full summary report)."""
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True))
    page = env.from_string(
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>confaudit demo</title><style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto}"
        "td,th{padding:.3rem .8rem;text-align:left}</style></head><body><h1>confaudit demo</h1>"
        "<p>Three fictional providers, served on this machine and audited like real sites.</p><table>"
        "<tr><th>provider</th><th>grade</th><th>score</th><th>problems</th></tr>"
        '{% for row in rows %}<tr><td><a href="{{ row.html.parent.name }}/report.html">{{ row.name }}</a></td>'
        "<td>{{ row.result.grade }}</td><td>{{ '%.0f' % row.result.score if row.result.score is not none else '-' }}</td>"
        "<td>{{ row.result.findings() | selectattr('failed') | list | length }}</td></tr>{% endfor %}</table></body></html>"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    index.write_text(page.render(rows=rows), encoding="utf-8")
    return index


__all__ = ["DemoRow", "demo_sites", "render_html", "run_demo"]
