"""The EasyPrivacy engine cache: read back when it matches, rebuilt otherwise, and matching exactly as built."""

from __future__ import annotations

import gzip
from importlib.resources import files
from pathlib import Path

import adblock
import pytest

from confaudit.knowledge import cache, filtercache
from confaudit.knowledge.trackers import easyprivacy_source, load_table_data

KINDS = ["script", "image", "xhr", "iframe", "ping", "document", "stylesheet"]
TINY = "||tiny-tracker.example^\n"


@pytest.fixture
def cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "confaudit" / filtercache.FILE_NAME


@pytest.fixture(scope="module")
def shipped() -> str:
    raw = files("confaudit.knowledge").joinpath("data/easyprivacy.txt.gz").read_bytes()
    return gzip.decompress(raw).decode("utf-8", "replace")


def corpus() -> list[tuple[str, str, str]]:
    """Every vendor domain of the shipped table, with paths trackers use and ones they do not."""
    paths = [
        "/",
        "/collect?v=1&tid=UA-1",
        "/tr/?id=1&ev=PageView",
        "/js/app.js",
        "/pixel.gif",
        "/img/logo.png",
    ]
    urls = []
    for entity in load_table_data()["entities"]:
        for domain in entity["domains"]:
            host = domain.partition("/")[0]
            urls += [f"https://{host}{p}" for p in paths]
    urls += [f"https://cdn.example/{p}" for p in ("analytics.js", "track.php?u=1", "beacon", "style.css")]
    return [(u, "https://practice.example/book", KINDS[i % len(KINDS)]) for i, u in enumerate(urls)]


def answers(engine: object) -> list[tuple[bool, str | None, str | None]]:
    out = []
    for url, source, kind in corpus():
        r = engine.check_network_urls(url, source, kind)  # type: ignore[attr-defined]
        out.append((r.matched, r.filter, r.exception))
    return out


def test_the_cached_engine_matches_exactly_as_a_built_one(cache_file: Path, shipped: str) -> None:
    source = easyprivacy_source()
    first = filtercache.engine_for(adblock, source.text, source.cache_key)
    assert cache_file.exists()
    cached = filtercache.engine_for(
        adblock, lambda: pytest.fail("read the list instead of the cache"), source.cache_key
    )
    built = filtercache.build_engine(adblock, shipped)
    expected = answers(built)
    assert answers(first) == answers(cached) == expected
    assert sum(matched for matched, _, _ in expected) > 100  # the corpus really exercises the list


def test_a_matching_cache_is_what_is_read(cache_file: Path) -> None:
    filtercache.engine_for(adblock, lambda: TINY, "k1")
    engine = filtercache.engine_for(adblock, lambda: "||other.example^\n", "k1")  # same key: the cache wins
    assert engine.check_network_urls(
        "https://tiny-tracker.example/x.js", "https://a.example/", "script"
    ).matched
    fresh = filtercache.engine_for(adblock, lambda: "||other.example^\n", "k2")  # another list: rebuilt
    assert not fresh.check_network_urls(
        "https://tiny-tracker.example/x.js", "https://a.example/", "script"
    ).matched
    assert fresh.check_network_urls("https://other.example/x.js", "https://a.example/", "script").matched


def test_an_engine_saved_by_another_adblock_version_is_rebuilt(cache_file: Path) -> None:
    filtercache.engine_for(adblock, lambda: TINY, "k1")
    header, _, body = cache_file.read_bytes().partition(b"\n")
    other = (
        header.decode().split("\t")[1].replace(f"adblock {filtercache._adblock_version()}", "adblock 0.0.1")
    )
    cache_file.write_bytes(cache._header(other, body) + body)
    engine = filtercache.engine_for(adblock, lambda: "||other.example^\n", "k1")
    assert engine.check_network_urls("https://other.example/x.js", "https://a.example/", "script").matched
    key = cache_file.read_bytes().partition(b"\n")[0].decode().split("\t")[1]
    assert key == header.decode().split("\t")[1]  # replaced by this version's engine


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),
        lambda data: b"not a cache at all",
    ],
)
def test_a_corrupt_cache_is_rebuilt(cache_file: Path, damage) -> None:
    filtercache.engine_for(adblock, lambda: TINY, "k1")
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    engine = filtercache.engine_for(adblock, lambda: TINY, "k1")
    assert engine.check_network_urls(
        "https://tiny-tracker.example/x.js", "https://a.example/", "script"
    ).matched
    assert cache.read(
        filtercache.FILE_NAME, cache_file.read_bytes().partition(b"\n")[0].decode().split("\t")[1]
    )


def test_a_cache_that_checks_out_but_does_not_deserialize_is_rebuilt(cache_file: Path) -> None:
    filtercache.engine_for(adblock, lambda: TINY, "k1")
    key = cache_file.read_bytes().partition(b"\n")[0].decode().split("\t")[1]
    cache.write(filtercache.FILE_NAME, key, b"intact, but no engine")
    engine = filtercache.engine_for(adblock, lambda: TINY, "k1")
    assert engine.check_network_urls(
        "https://tiny-tracker.example/x.js", "https://a.example/", "script"
    ).matched


def test_an_unwritable_cache_is_silently_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("where the cache directory would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    engine = filtercache.engine_for(adblock, lambda: TINY, "k1")
    assert engine.check_network_urls(
        "https://tiny-tracker.example/x.js", "https://a.example/", "script"
    ).matched
    assert blocker.read_text().startswith("where")


def test_user_lists_are_built_each_time_and_never_cached(cache_file: Path) -> None:
    engine = filtercache.engine_for(adblock, lambda: TINY)
    assert engine.check_network_urls(
        "https://tiny-tracker.example/x.js", "https://a.example/", "script"
    ).matched
    assert not cache_file.parent.exists()
