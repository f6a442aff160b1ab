"""Batch audits: a list of good, leaky, unreachable and hostile sites, killed mid-way and resumed with
nothing lost and nothing done twice; the summaries; shards; the browser pool bound."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from confaudit.engine.batch.targets import read_targets
from confaudit.storage.bundle import verify_bundle
from confaudit.storage.results import STORE_NAME
from tests.conftest import REPO, run_cli
from tests.sites.batch import (
    FORMULA,
    XSS,
    audits_per_target,
    batch_command,
    batch_sites,
    host_of,
    statuses,
    write_targets,
)


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status  # exited, waiting to be reaped


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_kill_mid_batch_then_resume_loses_nothing_and_redoes_nothing(serve, tmp_path, workers):
    sites = batch_sites(delay=0.35)
    served = serve(*sites)
    by_host = {s.host: s for s in sites}
    targets = write_targets(tmp_path / "targets.csv")
    out = tmp_path / "out"
    args = batch_command(served, targets, out, "--concurrency", "2", "--workers", workers)

    log = (tmp_path / "first.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "confaudit.cli", *args], cwd=str(REPO), stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(1 for s in statuses(out).values() if s == "done") >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    log.close()
    # worker processes notice their batch is gone and exit too
    pids = {int(w.rsplit(":", 1)[1]) for w in _workers_of(out)} - {proc.pid}
    assert len(pids) == (2 if workers == "2" else 0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.05)
    assert all(_gone(p) for p in pids)

    before = statuses(out)
    finished = {k for k, s in before.items() if s in ("done", "error")}
    assert len(finished) >= 3 and len(finished) < len(before) == 11
    assert "running" in before.values()  # some targets were in flight when it died
    requests_before = {h: len(s.log) for h, s in by_host.items()}

    resumed = run_cli(*args)
    assert resumed.returncode == 3, resumed.stderr  # error rows are there, and the batch went on
    assert f"resuming: {len(finished)} of 11 target(s) already recorded" in resumed.stderr
    after = statuses(out)
    assert set(after.values()) <= {"done", "error"}
    assert [k for k, s in after.items() if s == "done"] == [
        k for k in after if host_of(k).startswith(("good", "leaky"))
    ]
    # nothing done twice: a target finished before the kill got no request after it
    for key in finished:
        if host_of(key) in by_host:
            assert len(by_host[host_of(key)].log) == requests_before[host_of(key)], key
    # nothing lost: every target that was in flight or pending ran to the end, exactly one audit each
    per_target = audits_per_target(out)
    assert set(per_target.values()) == {1}
    assert set(per_target) == set(after) - {"ftp://not-a-site.example/"}
    for key in after:
        if host_of(key) in by_host and key not in finished:
            assert len(by_host[host_of(key)].log) > requests_before[host_of(key)], key

    # every finished target has its reports and an intact evidence bundle
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"] == {
        "targets": 11, "done": 7, "error": 4, "pending": 0, "with_critical": 3, "graded": 7,
        "median": summary["counts"]["median"],
    }  # fmt: skip
    for row in summary["targets"]:
        if row["status"] == "done":
            assert (out / row["report_json"]).is_file() and (out / row["report_html"]).is_file()
            assert verify_bundle(out / row["evidence_dir"]).ok
    reasons = {row["url"]: row["error"] for row in summary["targets"] if row["status"] == "error"}
    assert "TooManyRedirects" in reasons["https://loop.example/"]
    assert "nowhere.example:443 is not in --resolve/--connect-to" in reasons["https://nowhere.example/"]
    assert reasons["https://broken.example/"]
    assert "not an http(s) URL" in reasons["ftp://not-a-site.example/"]
    ranks = [row["rank"] for row in summary["targets"]]
    assert ranks[:7] == list(range(1, 8)) and ranks[7:] == [None] * 4
    assert [row["grade"] for row in summary["targets"][:4]] == ["A+"] * 4

    # a third run has nothing left to do; --retry-failed reruns only the error rows
    requests_done = {h: len(s.log) for h, s in by_host.items()}
    again = run_cli(*args)
    assert "resuming: 11 of 11" in again.stderr
    assert {h: len(s.log) for h, s in by_host.items()} == requests_done
    retry = run_cli(*args, "--retry-failed")
    assert retry.returncode == 3
    for host, site in by_host.items():
        grew = len(site.log) > requests_done[host]
        assert grew == (host in ("loop.example", "broken.example")), host
    assert audits_per_target(out)["https://loop.example/"] == 2
    assert audits_per_target(out)["https://good2.example/"] == 1


@pytest.mark.xdist_group("local-batch")  # with every test that reads the shared local batch
def test_summary_is_self_contained_escaped_and_linked(local_batch):
    out, proc = local_batch.out, local_batch.proc
    assert proc.returncode == 3, proc.stderr
    assert "[11/11]" in proc.stderr  # one line per finished target when not on a terminal

    page = (out / "summary.html").read_text()
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Clinic" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs and all(not h.startswith(("http:", "https:", "//", "javascript:")) for h in hrefs)
    for h in hrefs:
        assert (out / h).is_file(), h
    assert page.index("Good 2") < page.index("Leaky 2") < page.index("Loop Therapy")  # a league table
    assert "Could not audit: could not fetch https://loop.example/" in page

    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert len(rows) == 11
    leaky = next(r for r in rows if r["url"] == "https://leaky1.example/")
    assert leaky["name"] == "'" + FORMULA and int(leaky["critical"]) >= 1 and leaky["grade"] == "F"
    assert {r["status"] for r in rows} == {"done", "error"}

    data = json.loads((out / "summary.json").read_text())
    good = next(t for t in data["targets"] if t["url"] == "https://good1.example/")
    assert good["name"] == XSS and good["grade"] == "A+" and good["score"] == 100.0
    assert data["meta"]["checks"] == ["headers"]


def test_shard_option_splits_a_batch(worlds, tmp_path):
    served = worlds.world("batch")
    targets = write_targets(tmp_path / "t.csv")
    seen: list[str] = []
    for i in (1, 2, 3):
        out = tmp_path / f"shard{i}"
        run_cli(*batch_command(served, targets, out, "--shard", f"{i}/3"))
        seen += [t["url"] for t in json.loads((out / "summary.json").read_text())["targets"]]
    assert sorted(seen) == sorted(t.key for t in read_targets(targets))


def _summary_rows(out: Path) -> list[tuple[str, str, str | None, float | None, str | None]]:
    data = json.loads((out / "summary.json").read_text())
    return [(t["url"], t["status"], t["grade"], t["score"], t["error"]) for t in data["targets"]]


def _workers_of(out: Path) -> set[str]:
    db = sqlite3.connect(out / STORE_NAME)
    try:
        return {w for (w,) in db.execute("SELECT DISTINCT worker FROM batch_targets WHERE worker IS NOT NULL")}
    finally:
        db.close()


@pytest.mark.xdist_group("local-batch")  # with every test that reads the shared local batch
def test_worker_processes_reach_the_same_results(local_batch, tmp_path):
    served, targets = local_batch.served, local_batch.targets
    one, two = local_batch.out, tmp_path / "two"
    first = local_batch.proc  # --concurrency 4 --workers 1
    second = run_cli(*batch_command(served, targets, two, "--concurrency", "4", "--workers", "2"))
    assert first.returncode == second.returncode == 3, second.stderr
    assert _summary_rows(one) == _summary_rows(two)
    assert [r[1] for r in _summary_rows(two)].count("done") == 7
    # the targets were audited in two processes; the one batch process wrote every result and the store
    assert len(_workers_of(one)) == 1 and len(_workers_of(two)) == 2
    assert json.loads((two / "summary.json").read_text())["meta"]["executor"] == "local x4 in 2 processes"
    for row in json.loads((two / "summary.json").read_text())["targets"]:
        if row["status"] == "done":
            assert verify_bundle(two / row["evidence_dir"]).ok


def test_a_worker_process_that_dies_becomes_error_rows(worlds, tmp_path, monkeypatch):
    """A worker killed mid-audit (here it exits on one target) costs only its targets in flight."""
    import confaudit.engine.batch.workers as workers_mod
    from confaudit.engine.batch.config import BatchConfig
    from confaudit.engine.batch.runner import run_batch

    served = worlds.world("batch")
    real = workers_mod.audit_one

    async def fragile(target, *args, **kwargs):
        if target.key == "https://leaky2.example/":
            os._exit(17)  # the forked worker inherits this: a real process dies mid-batch
        return await real(target, *args, **kwargs)

    monkeypatch.setattr(workers_mod, "audit_one", fragile)
    out = tmp_path / "out"
    config = BatchConfig(
        targets_file=str(write_targets(tmp_path / "t.csv")),
        out=out,
        options=served.options(checks=["headers"], browser="never", timeout=3, budget=30),
        concurrency=2,
        workers=2,
    )
    report = run_batch(config)
    rows = {r.key: r for r in report.rows}
    assert rows["https://leaky2.example/"].status == "error"
    assert "ended (exit code 17)" in (rows["https://leaky2.example/"].error or "")
    died = [r for r in report.rows if "exit code 17" in (r.error or "")]
    assert 1 <= len(died) <= 2  # the dead worker's share of the concurrency is one target; the rest go on
    # the surviving worker audited everything else
    assert sum(1 for r in report.rows if r.status == "done") >= 7 - len(died)
    assert all(r.status in ("done", "error") for r in report.rows)
    assert (out / "summary.json").is_file()


def test_a_result_that_cannot_be_stored_ends_a_worker_batch_with_its_error(worlds, tmp_path, monkeypatch):
    """The parent's bookkeeping runs in event-loop callbacks: a failure there must surface, not hang."""
    from confaudit.engine.batch.config import BatchConfig
    from confaudit.engine.batch.runner import run_batch
    from confaudit.engine.batch.sink import Sink

    served = worlds.world("batch")

    def broken(self, outcome):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Sink, "record", broken)
    config = BatchConfig(
        targets_file=str(write_targets(tmp_path / "t.csv")),
        out=tmp_path / "out",
        options=served.options(checks=["headers"], browser="never", timeout=3, budget=30),
        concurrency=2,
        workers=2,
    )
    with pytest.raises(OSError, match="No space left"):
        run_batch(config)
