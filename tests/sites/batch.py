"""The batch world: good and leaky providers, a redirect loop, a failing TLS handshake, and the target list
that names them with hostile names (a script, a spreadsheet formula)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from confaudit.demo.server import Reply, Site
from confaudit.storage.results import STORE_NAME
from tests.sites.headers import insecure_site, secure_site

XSS = "<script>alert(1)</script> Clinic"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def provider(host: str, good: bool, delay: float = 0.0) -> Site:
    site = secure_site() if good else insecure_site()
    site.host = host
    home = site.routes["/"]
    assert isinstance(home, Reply)
    home.delay = delay
    return site


def batch_sites(delay: float = 0.0) -> list[Site]:
    """Good and leaky providers, plus a hostile one (a redirect loop) and one that fails its TLS handshake."""
    sites = [provider(f"good{i}.example", True, delay) for i in range(1, 5)]
    sites += [provider(f"leaky{i}.example", False, delay) for i in range(1, 4)]
    sites.append(Site(host="loop.example", routes={"/": Reply(302, [("Location", "/")], b"")}, http="serve"))
    sites.append(Site(host="broken.example", http="off", https=False))
    return sites


def write_targets(path: Path) -> Path:
    rows = [("https://good1.example/", XSS)]
    rows += [(f"https://good{i}.example/", f"Good {i}") for i in range(2, 5)]
    rows += [("https://leaky1.example/", FORMULA)]
    rows += [(f"https://leaky{i}.example/", f"Leaky {i}") for i in range(2, 4)]
    rows += [
        ("https://loop.example/", "Loop Therapy"),
        ("https://broken.example/", "Broken Counselling"),
        ("https://nowhere.example/", "Unreachable Ltd"),
        ("ftp://not-a-site.example/", "Bad line"),
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["url", "name"])
        writer.writerows(rows)
    return path


def batch_command(served, targets: Path, out: Path, *extra: str) -> list[str]:
    return [
        "batch", str(targets), "--out", str(out), *served.cli_args(), "--checks", "headers",
        "--browser", "never", "--timeout", "3", "--budget", "30", "--no-store", *extra,
    ]  # fmt: skip


def statuses(out: Path) -> dict[str, str]:
    if not (out / STORE_NAME).exists():
        return {}
    db = sqlite3.connect(f"file:{out / STORE_NAME}?mode=ro", uri=True, timeout=10)
    try:
        return dict(db.execute("SELECT key, status FROM batch_targets"))
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()


def audits_per_target(out: Path) -> dict[str, int]:
    db = sqlite3.connect(out / STORE_NAME)
    try:
        return dict(db.execute("SELECT target_url, COUNT(*) FROM audits GROUP BY target_url"))
    finally:
        db.close()


def host_of(key: str) -> str:
    return key.split("/")[2]
