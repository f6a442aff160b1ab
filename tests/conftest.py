"""Fixtures shared by every layer: an isolated history store, loopback sites per test, and the session's
worlds (each distinct audit once per run; see ``tests/sites/worlds.py``).

The helpers other modules import from here (``page``, ``html``, ``Served``, ``run_cli``, ``REPO``) live in
``tests/sites/`` and are re-exported for them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from confaudit.demo.server import Site
from tests.sites.pages import html, page
from tests.sites.served import REPO, Served, run_cli, start_served
from tests.sites.worlds import SCENARIOS, Worlds

__all__ = ["REPO", "Served", "html", "page", "run_cli"]


@pytest.fixture(autouse=True, scope="session")
def _isolated_history(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Audits record history by default; keep the suite's out of the user's data directory."""
    os.environ["CONFAUDIT_STORE"] = str(tmp_path_factory.mktemp("store") / "history.sqlite")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The policy detector keeps its pattern analysis between runs; keep the suite's out of the user's cache."""
    os.environ["CONFAUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start loopback sites for one test: ``serve(site, site, ...)``; stopped after the test."""
    started: list[Served] = []

    def start(*sites: Site, extra_hosts: tuple[str, ...] = ()) -> Served:
        served = start_served(tmp_path / f"ca{len(started)}", *sites, extra_hosts=extra_hosts)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


@pytest.fixture(scope="session")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worlds]:
    """The loopback worlds, each started on first use, and every scenario's audit, run on first use."""
    running = Worlds(tmp_path_factory.mktemp("worlds"))
    yield running
    running.close()


# worlds whose scenarios cost seconds each (Chromium, the nginx lab): under pytest-xdist's --dist loadgroup,
# the tests that use one stay on one worker, so each scenario still runs once per session
SHARED_WORLDS = ("trackers", "tls")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        name = callspec.params.get("name") if callspec is not None else None
        if (
            item.module is not None
            and item.module.__name__.endswith("test_recorded_evidence")
            and name in SCENARIOS
        ):
            world = SCENARIOS[name].world
            if world in SHARED_WORLDS:
                item.add_marker(pytest.mark.xdist_group(world))
