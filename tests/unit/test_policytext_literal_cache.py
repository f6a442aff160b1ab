"""The literal-analysis cache: used when it matches, replaced when it does not, never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import confaudit
from confaudit.analysis.policytext import literal_cache, literals, matcher

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_memo() -> Iterator[None]:
    """Start from no answers, as a new process does; put this process's answers back afterwards."""
    saved = dict(literals.MEMO)
    literals.MEMO.clear()
    yield
    literals.MEMO.clear()
    literals.MEMO.update(saved)


def _key() -> str:
    key = literal_cache.cache_key(matcher.patterns_made())
    assert key is not None
    return key


def test_first_run_writes_every_answer_and_the_next_reads_them(tmp_path: Path, empty_memo: None) -> None:
    assert literal_cache.warm(tmp_path) is False
    data = json.loads((tmp_path / literal_cache.FILENAME).read_text(encoding="utf-8"))
    sources = matcher.pattern_sources()
    assert data["key"] == _key()
    assert set(data["literals"]) == set(sources)  # whole patterns and their branches
    literals.MEMO.clear()
    assert literal_cache.warm(tmp_path) is True
    for source in sources:
        assert literals.MEMO[source] == literals.analyse(source), source


def test_the_file_is_what_answers(tmp_path: Path, empty_memo: None) -> None:
    source = next(s for s in matcher.pattern_sources() if literals.analyse(s))
    (tmp_path / literal_cache.FILENAME).write_text(
        json.dumps({"key": _key(), "literals": {source: ["zz-from-the-file"]}}), encoding="utf-8"
    )
    assert literal_cache.warm(tmp_path) is True
    assert literals.necessary_literals(source) == frozenset({"zz-from-the-file"})


@pytest.mark.parametrize(
    "content",
    [
        b"\x00not json",
        b'["a list"]',
        json.dumps({"key": "written-by-another-version", "literals": {}}).encode(),
        None,  # the right key, but an answer literals.analyse could never give
    ],
)
def test_a_stale_or_damaged_file_is_replaced(tmp_path: Path, empty_memo: None, content: bytes | None) -> None:
    path = tmp_path / literal_cache.FILENAME
    if content is None:
        content = json.dumps({"key": _key(), "literals": {"some pattern": ["x"]}}).encode()
    path.write_bytes(content)
    assert literal_cache.warm(tmp_path) is False
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == _key()
    source = matcher.pattern_sources()[0]
    assert literals.MEMO[source] == literals.analyse(source)


def test_key_follows_version_python_and_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = matcher.patterns_made()
    key = literal_cache.cache_key(patterns)
    assert literal_cache.cache_key(patterns) == key
    assert literal_cache.cache_key([*patterns[:-1], patterns[-1] + "x"]) != key
    monkeypatch.setattr(confaudit, "__version__", "99.0")
    assert literal_cache.cache_key(patterns) != key


def test_unusable_directory_means_no_cache(tmp_path: Path, empty_memo: None) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    assert literal_cache.warm(blocker / "cache") is False
    assert literal_cache.warm(None) is False
    assert not literals.MEMO  # nothing analysed ahead of use when nothing can be kept


def test_cache_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(literal_cache.ENV, str(tmp_path))
    assert literal_cache.cache_dir() == tmp_path
    monkeypatch.setenv(literal_cache.ENV, "")
    assert literal_cache.cache_dir() is None
    monkeypatch.delenv(literal_cache.ENV)
    assert literal_cache.cache_dir().name == "confaudit"  # type: ignore[union-attr]


def test_two_processes_second_reads_what_first_wrote(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import json
        from confaudit.analysis.policytext import analyse, extract_text
        doc = extract_text("Privacy\\nWe never sell your data. Sessions are not recorded.", "https://x.test/")
        print(json.dumps(analyse(doc).to_dict(), sort_keys=True))
        """
    )
    env = {**os.environ, literal_cache.ENV: str(tmp_path)}

    def run() -> str:
        proc = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    first = run()
    path = tmp_path / literal_cache.FILENAME
    written = path.stat().st_mtime_ns, path.read_bytes()
    assert run() == first
    assert (path.stat().st_mtime_ns, path.read_bytes()) == written  # read and accepted, not rewritten
    assert json.loads(first)["clauses"]["sale_or_ad_sharing"]["attrs"]["polarity"] == "denies_sale"
