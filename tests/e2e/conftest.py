"""End-to-end fixtures: the batch world's list audited once by the local executor, for every test that
compares against it or reads its summaries."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.sites.batch import batch_command, write_targets
from tests.sites.served import Served, run_cli
from tests.sites.worlds import Worlds


@dataclass
class LocalBatch:
    served: Served
    targets: Path
    out: Path  # read it, never write to it: other tests compare against it
    proc: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def local_batch(worlds: Worlds, tmp_path_factory: pytest.TempPathFactory) -> LocalBatch:
    """``confaudit batch`` over the batch world's target list: four at once, one process, once a session."""
    served = worlds.world("batch")
    tmp = tmp_path_factory.mktemp("local-batch")
    targets = write_targets(tmp / "t.csv")
    out = tmp / "local"
    proc = run_cli(*batch_command(served, targets, out, "--concurrency", "4", "--workers", "1"))
    return LocalBatch(served, targets, out, proc)
