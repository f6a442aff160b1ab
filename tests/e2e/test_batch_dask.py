"""The same batch on a Dask cluster (LocalCluster on loopback) gives the same results, and resumes the same."""

from __future__ import annotations

import json

import pytest

from confaudit.storage.bundle import verify_bundle
from tests.conftest import run_cli
from tests.sites.batch import audits_per_target, batch_command, statuses

distributed = pytest.importorskip("distributed")

COMPARED = ("url", "name", "status", "grade", "score", "counts", "rank", "report_json", "evidence_dir")


def table(out) -> list[dict]:
    data = json.loads((out / "summary.json").read_text())
    return [{k: t[k] for k in COMPARED} | {"error": (t["error"] or "")[:40]} for t in data["targets"]]


@pytest.mark.slow
@pytest.mark.xdist_group("local-batch")  # with every test that reads the shared local batch
@pytest.mark.parametrize("processes", [False, True], ids=["threads", "processes"])
def test_dask_batch_matches_the_local_batch(local_batch, tmp_path, processes):
    served, targets, local = local_batch.served, local_batch.targets, local_batch.out
    sites = list(served.server.sites.values())
    assert local_batch.proc.returncode == 3

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=2,
        processes=processes,
        host="127.0.0.1",
        protocol="tcp",  # threads default to in-process comms; the batch's client is another process
        dashboard_address=None,
        silence_logs=50,
    ) as cluster:
        remote = tmp_path / "dask"
        args = batch_command(served, targets, remote, "--dask-scheduler", cluster.scheduler_address)
        proc = run_cli(*args)
        assert proc.returncode == 3, proc.stderr
        assert table(remote) == table(local)
        summary = json.loads((remote / "summary.json").read_text())
        assert summary["meta"]["executor"].startswith("dask tcp://127.0.0.1:")
        for row in summary["targets"]:
            if row["status"] == "done":
                assert verify_bundle(remote / row["evidence_dir"]).ok
                result = json.loads((remote / row["report_json"]).read_text())
                assert result["evidence_dir"] == row["evidence_dir"]

        # resume on the cluster: nothing is redone
        requests = {s.host: len(s.log) for s in sites}
        again = run_cli(*args)
        assert "resuming: 11 of 11" in again.stderr
        assert {s.host: len(s.log) for s in sites} == requests
        assert set(audits_per_target(remote).values()) == {1}
        assert set(statuses(remote).values()) == {"done", "error"}


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path):
    (tmp_path / "t.txt").write_text("https://a.example/\n")
    proc = run_cli(
        "batch", str(tmp_path / "t.txt"), "--out", str(tmp_path / "o"), "--no-store",
        "--dask-scheduler", "tcp://127.0.0.1:9",
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2 and "cannot reach the Dask scheduler" in proc.stderr
