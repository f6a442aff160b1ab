"""The Public Suffix List cache: used when it matches the installed list, otherwise parsing, never wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from publicsuffixlist import PublicSuffixList

from confaudit.knowledge import cache, pslcache

# wildcard, exception, IDN (as typed and punycoded), private section, unknown TLD, deep names
HOSTS = [
    "www.calm.co.uk",
    "a.b.city.kobe.jp",
    "x.y.kobe.jp",
    "foo.www.ck",
    "bar.other.ck",
    "shop.食狮.com.cn",
    "shop.xn--85x722f.com.cn",
    "me.github.io",
    "deep.a.b.c.d.blogspot.com",
    "host.unknown-tld-xyz",
    "localhost",
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "confaudit" / pslcache.FILE_NAME


@pytest.fixture(scope="module")
def fresh() -> PublicSuffixList:
    return PublicSuffixList()


def answers(psl: PublicSuffixList) -> list[str | None]:
    return [psl.privatesuffix(h) for h in HOSTS]


def rewrite(path: Path, stamp: str, body: str) -> None:
    data = body.encode()
    path.write_bytes(cache._header(stamp, data) + data)


def test_first_load_parses_and_caches_the_same_rules(cache_home: Path, fresh: PublicSuffixList) -> None:
    assert cache.cache_path(pslcache.FILE_NAME) == cache_home
    psl = pslcache.load_psl()
    assert cache_home.exists()
    cached = pslcache.load_psl()
    assert answers(psl) == answers(cached) == answers(fresh)
    assert cached._publicsuffix == fresh._publicsuffix and cached._maxlabel == fresh._maxlabel
    assert answers(fresh)[:3] == ["calm.co.uk", "city.kobe.jp", "x.y.kobe.jp"]  # exception, wildcard


def test_a_matching_cache_is_what_is_read(cache_home: Path) -> None:
    pslcache.load_psl()
    stamp = pslcache.list_stamp()
    body = cache_home.read_bytes().partition(b"\n")[2].decode()
    rewrite(cache_home, stamp, body + "\ncache-test.co.uk")  # a rule only the cache knows
    assert pslcache.load_psl().privatesuffix("a.b.cache-test.co.uk") == "b.cache-test.co.uk"


def test_a_cache_of_another_list_version_is_replaced(cache_home: Path) -> None:
    pslcache.load_psl()
    body = cache_home.read_bytes().partition(b"\n")[2].decode()
    rewrite(cache_home, "0.0.1 1234 5678", body + "\ncache-test.co.uk")
    assert pslcache.load_psl().privatesuffix("a.b.cache-test.co.uk") == "cache-test.co.uk"
    header = cache_home.read_bytes().partition(b"\n")[0].decode()
    assert header.split("\t")[1] == pslcache.list_stamp()  # rewritten for the installed list
    assert b"cache-test.co.uk" not in cache_home.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(b"\n!city.kobe.jp", b"\n!city.kobe.xx", 1),  # a changed rule
        lambda data: b"",
        lambda data: b"\x00\xff garbage\n" * 3,
        lambda data: data.partition(b"\n")[0] + b"\n",  # the header alone
    ],
)
def test_a_corrupt_cache_falls_back_to_parsing(cache_home: Path, fresh: PublicSuffixList, damage) -> None:
    pslcache.load_psl()
    cache_home.write_bytes(damage(cache_home.read_bytes()))
    assert answers(pslcache.load_psl()) == answers(fresh)
    assert answers(pslcache.load_psl()) == answers(fresh)  # and the rewritten cache is right too
    assert cache.read(pslcache.FILE_NAME, pslcache.list_stamp()) is not None


def test_an_unwritable_cache_directory_is_silently_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: PublicSuffixList
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would go")  # unwritable even for root
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert answers(pslcache.load_psl()) == answers(fresh)
    assert blocker.read_text().startswith("a file")
    if os.geteuid() != 0:  # a read-only directory stops everyone but root
        readonly = tmp_path / "ro"
        readonly.mkdir(mode=0o500)
        monkeypatch.setenv("XDG_CACHE_HOME", str(readonly))
        assert answers(pslcache.load_psl()) == answers(fresh)
        assert list(readonly.iterdir()) == []


def test_a_cache_that_cannot_be_read_is_parsed_around(cache_home: Path, fresh: PublicSuffixList) -> None:
    cache_home.mkdir(parents=True)  # a directory where the file should be: reading and replacing fail
    assert answers(pslcache.load_psl()) == answers(fresh)
    assert cache_home.is_dir() and [p.name for p in cache_home.parent.iterdir()] == [pslcache.FILE_NAME]
