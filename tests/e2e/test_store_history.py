"""The history store: every audit recorded (WAL SQLite), and ``confaudit history`` over time."""

from __future__ import annotations

import json
import sqlite3

from confaudit.demo.server import Reply, Site
from confaudit.storage.history import Store, counts, default_path
from tests.conftest import page, run_cli
from tests.sites.headers import GOOD_HEADERS


def changing_site() -> Site:
    """A site that fixes its headers between two audits (the test swaps them)."""
    return Site(host="improving.example", headers=[], routes={"/": page("<h1>Welcome</h1>", "Improving")})


def test_history_across_two_audits(serve, tmp_path):
    site = changing_site()
    served = serve(site)
    store = tmp_path / "history.sqlite"
    args = ["audit", "https://improving.example/", *served.cli_args(), "--checks", "headers", "-q"]
    first = run_cli(*args, "--store", str(store))
    assert first.returncode == 0, first.stderr
    site.headers = list(GOOD_HEADERS)
    second = run_cli(*args, "--store", str(store))
    assert second.returncode == 0, second.stderr
    assert run_cli(*args, "--store", str(store), "--no-store").returncode == 0  # not recorded

    proc = run_cli("history", "https://improving.example", "--store", str(store), "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 2
    assert rows[0]["finished"] < rows[1]["finished"]
    assert rows[0]["score"] < rows[1]["score"] == 100.0
    assert rows[1]["grade"] == "A+" and rows[0]["grade"] != "A+"
    assert rows[0]["counts"]["medium"] + rows[0]["counts"]["high"] > 0
    assert rows[1]["counts"] == {"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}

    table = run_cli("history", "https://improving.example/", "--store", str(store))
    assert table.returncode == 0 and "2 audit(s)" in table.stdout and "A+" in table.stdout
    sites = run_cli("history", "--store", str(store), "--json")
    assert json.loads(sites.stdout) == [{"url": "https://improving.example/", "audits": 2}]
    none = run_cli("history", "https://elsewhere.example/", "--store", str(store))
    assert none.returncode == 0 and "no audits of https://elsewhere.example/" in none.stdout


def test_the_default_store_is_in_the_user_data_directory_or_env(tmp_path, monkeypatch):
    monkeypatch.delenv("CONFAUDIT_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "confaudit" / "history.sqlite"
    monkeypatch.setenv("CONFAUDIT_STORE", str(tmp_path / "elsewhere.sqlite"))
    assert default_path() == tmp_path / "elsewhere.sqlite"


def test_an_unwritable_store_only_warns(serve, tmp_path):
    served = serve(changing_site())
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli(
        "audit", "https://improving.example/", *served.cli_args(), "--checks", "headers", "-q",
        "--store", str(blocker / "history.sqlite"),
    )  # fmt: skip
    assert proc.returncode == 0
    assert "warning: audit not recorded in the history store" in proc.stderr


def test_store_is_wal_and_keeps_the_whole_result(serve, tmp_path):
    served = serve(
        Site(
            host="leaky.example",
            routes={
                "/": Reply(200, [("Content-Type", "text/html")], b"<title>x</title><form action='http://x/'>")
            },
        )
    )
    run = served.audit("https://leaky.example/", checks=["headers"])
    with Store(tmp_path / "h.sqlite") as store:
        audit_id = store.record(run.result)
        assert store.result(audit_id).to_dict() == run.result.to_dict()
        [row] = store.history("https://leaky.example/")
        assert row.counts == counts(run.result) and sum(row.counts.values()) >= 1
    db = sqlite3.connect(tmp_path / "h.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
