"""The registry imports only what an audit runs; listing everything still finds every plugin and its errors.

Each case runs in a fresh interpreter, since what matters is which modules a process ends up importing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.sites.headers import secure_site

OWN_CHECKS = ["headers", "policy", "promises", "residency", "tls", "trackers"]

PLUGIN_CHECK = """
from confaudit.api.check import Check, Verdict

CHECK = Check(id={id!r}, title="Plugin {id}", category="policy", weight=0.5, needs=("crawl",), rules=[],
              judge=lambda evidence, knowledge: Verdict([]), version="2.0")
"""


def install_plugins(root: Path) -> dict[str, str]:
    """Three plugins as pip lays them out: one broken, one named unlike its id, one shadowing ``tls``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "lazy_broken.py").write_text("raise RuntimeError('broken on import')\n")
    (root / "lazy_renamed.py").write_text(textwrap.dedent(PLUGIN_CHECK.format(id="other-id")))
    (root / "lazy_shadow.py").write_text(textwrap.dedent(PLUGIN_CHECK.format(id="tls")))
    info = root / "lazy_plugins-2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lazy-plugins\nVersion: 2.0\n")
    (info / "entry_points.txt").write_text(
        "[confaudit.checks]\nbroken = lazy_broken:CHECK\nrenamed = lazy_renamed:CHECK\ntls = lazy_shadow:CHECK\n"
    )
    return {"PYTHONPATH": str(root)}


def run_python(code: str, env: dict[str, str] | None = None) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=str(REPO),
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


LOADED = """
import json, sys
from confaudit.engine.registry import load

def loaded():
    prefixes = ("confaudit_checks", "confaudit.probes", "lazy_", "playwright", "dns.", "sslyze",
                "confaudit.analysis.policytext")
    return sorted(m for m in sys.modules if m.startswith(prefixes))
"""


def test_selecting_a_check_imports_it_and_its_probes_only(tmp_path: Path) -> None:
    env = install_plugins(tmp_path / "site")
    out = run_python(
        LOADED
        + """
reg = load()
after_load = loaded()
names = reg.checks.names()
checks = reg.select(["tls"])
plan = reg.plan(checks)
print(json.dumps({"after_load": after_load, "names": names, "plan": plan, "loaded": loaded(),
                  "origin": reg.origins["check:tls"], "errors": reg.load_errors,
                  "plugins": reg.origins_of(checks, plan)}))
""",
        env,
    )
    assert out["after_load"] == []  # entry-point names come from metadata alone
    assert out["names"] == [*OWN_CHECKS, "broken", "renamed"]
    assert out["plan"] == ["tls", "crawl"]
    loaded = out["loaded"]
    own_checks = {m for m in loaded if m.startswith("confaudit_checks")}
    assert "confaudit_checks.tls" in own_checks  # the tls package and its modules, no other check
    assert all(m == "confaudit_checks" or m.startswith("confaudit_checks.tls") for m in own_checks), own_checks
    assert {m for m in loaded if m.startswith("confaudit.probes.")} >= {
        "confaudit.probes.tls",
        "confaudit.probes.crawl",
    }
    for absent in ("confaudit.probes.browser", "confaudit.probes.dns", "lazy_shadow", "lazy_broken"):
        assert absent not in loaded
    assert not any(m.startswith(("playwright", "dns.", "confaudit.analysis.policytext")) for m in loaded)
    assert out["origin"].startswith("confaudit ")  # the built-in tls check, the plugin's never imported
    assert out["errors"] == []  # a broken plugin nobody asked for is not imported
    assert list(out["plugins"]) == ["probe:crawl", "probe:tls", "check:tls"]


def test_listing_everything_loads_every_plugin_in_entry_order(tmp_path: Path) -> None:
    env = install_plugins(tmp_path / "site")
    out = run_python(
        LOADED
        + """
reg = load()
renamed = reg.select(["other-id"])[0].title  # found only by loading every entry
print(json.dumps({"renamed": renamed, "ids": list(reg.checks), "errors": reg.load_errors,
                  "tls": reg.checks["tls"].title, "origin": reg.origins["check:tls"],
                  "other": reg.origins["check:other-id"], "in": ["tls" in reg.checks, "nope" in reg.checks]}))
""",
        env,
    )
    assert out["renamed"] == "Plugin other-id"
    assert out["ids"] == [*OWN_CHECKS, "other-id"]  # built-ins first, the shadowing tls skipped
    assert out["errors"] == ["confaudit.checks broken: RuntimeError: broken on import"]
    assert out["tls"] != "Plugin tls" and out["origin"].startswith("confaudit ")
    assert out["other"] == "lazy-plugins 2.0"
    assert out["in"] == [True, False]


def test_an_unknown_check_is_a_usage_error_naming_the_known_ones(tmp_path: Path) -> None:
    env = install_plugins(tmp_path / "site")
    out = run_python(
        LOADED
        + """
from confaudit.model.options import UsageError
reg = load()
try:
    reg.select(["tls", "nope"])
except UsageError as exc:
    print(json.dumps({"error": str(exc)}))
""",
        env,
    )
    assert out["error"] == f"unknown check(s): nope (known: {', '.join([*OWN_CHECKS, 'other-id'])})"


def test_plugin_load_errors_are_reported_by_checks_and_a_full_audit(serve, tmp_path: Path) -> None:
    env = install_plugins(tmp_path / "site")
    served = serve(secure_site())
    warning = "warning: plugin not loaded: confaudit.checks broken: RuntimeError: broken on import"
    proc = run_cli("checks", env=env)
    assert proc.returncode == 0 and warning in proc.stderr
    assert "other-id 2.0  Plugin other-id" in proc.stdout
    args = ["audit", "https://secure.example/", *served.cli_args(), "-q", "--no-store", "--browser", "never"]
    proc = run_cli(*args, "--checks", "headers,other-id", env=env)
    assert proc.returncode == 0, proc.stderr
    assert warning in proc.stderr  # finding other-id needed every entry, the broken one too
    proc = run_cli(*args, "--checks", "headers", env=env)
    assert proc.returncode == 0 and "warning" not in proc.stderr  # the broken plugin was never imported


@pytest.mark.slow
def test_audit_checks_tls_imports_only_the_tls_check(serve, tmp_path: Path) -> None:
    served = serve(secure_site())
    out = tmp_path / "r.json"
    argv = ["confaudit", "audit", "https://secure.example/", *served.cli_args(), "--checks", "tls"]
    argv += ["-q", "--no-store", "--browser", "never", "--json", str(out)]
    modules = run_python(
        f"""
import atexit, json, sys
atexit.register(lambda: print(json.dumps({{"modules": sorted(sys.modules)}})))
sys.argv = {argv!r}
from confaudit.cli import main
main()
"""
    )["modules"]
    data = json.loads(out.read_text())
    assert [c["check"] for c in data["checks"]] == ["tls"] and data["checks"][0]["status"] == "ok"
    assert list(data["plugins"]) == ["probe:crawl", "probe:tls", "check:tls"]
    checks = {m for m in modules if m.startswith("confaudit_checks")}
    assert "confaudit_checks.tls" in checks
    assert all(m == "confaudit_checks" or m.startswith("confaudit_checks.tls") for m in checks), checks
    assert "sslyze" in modules and "confaudit.probes.tls" in modules  # the scan really ran
    for absent in ("confaudit.probes.browser", "confaudit.probes.dns", "playwright", "dns", "jinja2"):
        assert absent not in modules
    # nor httpx's command-line client (click, pygments), the baseline's TOML parser, the location tables
    for absent in ("httpx._main", "click", "pygments", "tomllib", "confaudit.knowledge.location"):
        assert absent not in modules
    assert not any(m.startswith("confaudit.analysis.policytext") for m in modules)


def test_threads_asking_at_once_get_the_same_checks() -> None:
    """A batch's threads share one registry: lookups racing a full load all see the same objects."""
    from concurrent.futures import ThreadPoolExecutor

    from confaudit.engine.registry import Registry, load

    def ask(reg: Registry, i: int) -> object:
        return reg.checks["tls"] if i % 2 else list(reg.checks)

    for _ in range(5):
        reg = load(autoload_plugins=False)
        with ThreadPoolExecutor(8) as pool:
            found = list(pool.map(ask, [reg] * 32, range(32)))
        tls = {id(f) for f in found if not isinstance(f, list)}
        assert len(tls) == 1 and all(f == OWN_CHECKS for f in found if isinstance(f, list))


def test_a_planned_probe_preloads_once_per_process_in_a_thread() -> None:
    out = run_python(
        LOADED
        + """
import threading, time
from confaudit.api.probe import Probe
from confaudit.engine.registry import Registry

calls = []
def slow():
    calls.append(threading.current_thread().name)
    time.sleep(0.2)
def broken():
    raise RuntimeError("no library")
async def run(ctx):
    return None

reg = load()
reg.preload(reg.plan(reg.select(["tls"])))
deadline = time.monotonic() + 60
while "sslyze.server_connectivity" not in sys.modules and time.monotonic() < deadline:
    time.sleep(0.01)
mine = Registry(probes={"a": Probe("a", "1", run, preload=slow), "b": Probe("b", "1", run, preload=broken)})
t0 = time.monotonic()
mine.preload(["a", "b"])
mine.preload(["a"])
returned = time.monotonic() - t0
time.sleep(0.5)
print(json.dumps({"sslyze": "sslyze.server_connectivity" in sys.modules, "calls": calls,
                  "returned": returned}))
"""
    )
    assert out["sslyze"]  # the tls probe's library, loaded by its preload before any scan
    assert out["calls"] == ["confaudit-preload"]  # once, in a thread of its own; a failing one is silent
    assert out["returned"] < 0.2  # the caller never waits for a preload
