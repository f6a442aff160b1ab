"""Batch targets without a server: lists in text and CSV, shards that cover a list exactly once, and the
browser pool's bound."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from confaudit.api.probe import Probe
from confaudit.engine.batch.one import Slots, bounded_registry
from confaudit.engine.batch.targets import parse_shard, parse_targets, read_targets, select_shard, shard_index
from confaudit.engine.registry import Registry
from confaudit.model.options import UsageError
from tests.conftest import REPO, run_cli


def test_shards_cover_the_list_exactly_once():
    text = "\n".join(f"https://provider{i}.example/path{i % 7}" for i in range(300))
    targets = parse_targets(text)
    keys = [t.key for t in targets]
    for n in (1, 2, 3, 5, 8):
        shards = [select_shard(targets, i, n) for i in range(1, n + 1)]
        seen = [t.key for shard in shards for t in shard]
        assert sorted(seen) == sorted(keys) and len(seen) == len(set(seen))
        if n > 1:
            assert all(shards)  # 300 targets: every shard gets some
    # the split depends on the URL only: another process, another order, the same shards
    code = (
        "from confaudit.engine.batch.targets import shard_index; import sys; "
        "print([shard_index(k, 5) for k in sys.argv[1:]])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *reversed(keys[:20])], capture_output=True, text=True, cwd=str(REPO)
    )
    assert proc.stdout.strip() == str([shard_index(k, 5) for k in reversed(keys[:20])])
    for bad in ("0/3", "4/3", "x/2", "3"):
        with pytest.raises(UsageError):
            parse_shard(bad)


def test_target_lists_text_and_csv(tmp_path):
    text = "# providers to check\n\nhttps://a.example\nhttps://b.example/x  # the booking site\nhttps://a.example/\n"
    targets = parse_targets(text)
    assert [t.key for t in targets] == ["https://a.example/", "https://b.example/x"]  # duplicates once
    csv_text = '\ufeffName,URL\n"Calm, Harbour",https://calm.example\nNo URL,\n,https://b.example/\n'
    path = tmp_path / "t.csv"
    path.write_text(csv_text, encoding="utf-8")
    got = read_targets(path)
    assert [(t.key, t.name) for t in got] == [
        ("https://calm.example/", "Calm, Harbour"),
        ("https://b.example/", None),
    ]
    (tmp_path / "bad.csv").write_text("name,site\nA,https://a.example/\n")
    with pytest.raises(UsageError, match="no 'url' column"):
        read_targets(tmp_path / "bad.csv")
    (tmp_path / "empty.txt").write_text("# nothing yet\n")
    with pytest.raises(UsageError, match="lists no targets"):
        read_targets(tmp_path / "empty.txt")
    proc = run_cli("batch", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "missing.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_browser_visits_are_bounded_by_the_pool():
    active = peak = 0

    async def visit(ctx: object) -> str:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return "seen"

    class Ctx:
        class options:
            browser = "always"

    registry = bounded_registry(Registry(probes={"browser": Probe("browser", "1", visit)}), Slots(2))

    async def main() -> list[str]:
        return await asyncio.gather(*(registry.probes["browser"].run(Ctx()) for _ in range(8)))  # type: ignore[arg-type]

    assert asyncio.run(main()) == ["seen"] * 8
    assert peak == 2
