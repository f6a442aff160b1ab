"""Start-up: importing the policy package does no pattern work; the first use does it, once per process.

Each case runs in a fresh interpreter: this test process has long since built everything.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(script: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_import_builds_nothing() -> None:
    out = _run(
        """
        import confaudit.analysis.policytext
        from confaudit.analysis.policytext import index, matcher

        assert index._INDEX is None, "the clause index was built at import"
        ready = [r.pattern for r in matcher._ALL if r._ready]
        assert not ready, f"compiled at import: {ready[:3]}"
        print(len(matcher._ALL))
        """
    )
    assert int(out) > 150  # the clause tables themselves are loaded: only the work on them waits


def test_first_analyse_builds_the_index_and_only_the_patterns_it_meets() -> None:
    out = _run(
        """
        from confaudit.analysis.policytext import analyse, extract_text, index, matcher

        doc = extract_text("Privacy\\nWe keep your notes for seven years after therapy ends.", "https://x.test/")
        result = analyse(doc)
        assert result.clauses["retention_period"].status == "present"
        assert index._INDEX is not None
        print(sum(r._ready for r in matcher._ALL), len(matcher._ALL))
        """
    )
    ready, total = map(int, out.split())
    assert 0 < ready < total  # a short notice does not pay for compiling every clause's patterns


def test_prepare_from_many_threads_builds_once() -> None:
    out = _run(
        """
        import threading
        from confaudit.analysis.policytext import index, matcher, prepare

        real, builds = index._build, []

        def counted():
            builds.append(threading.get_ident())
            return real()

        index._build = counted
        gate = threading.Barrier(8)
        got, errors = [], []

        def worker():
            gate.wait()
            try:
                prepare()
                got.append(index.get_index())
            except Exception as exc:  # surfaced below: a thread's traceback would not fail the script
                errors.append(repr(exc))

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert len(builds) == 1, f"{len(builds)} builds"
        assert len({id(ix) for ix in got}) == 1
        assert all(r._ready for r in matcher._ALL)
        prepare()  # again: nothing left to do, and no second build
        assert len(builds) == 1
        print("ok")
        """
    )
    assert out.strip() == "ok"
