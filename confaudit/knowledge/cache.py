"""Files derived from the shipped data, kept in the user's cache directory between processes.

Some shipped data costs far more to prepare than to read back prepared (the Public Suffix List's parsed
rules, the EasyPrivacy filter engine). Each such file starts with one header line naming what it was made
from (a key the caller derives from the source and the library that reads it) and the SHA-256 of the rest.
A file whose key or checksum does not match is ignored, and a cache that cannot be read or written is
simply not used: the caller prepares the data as it would without a cache, never a wrong answer, a warning
or an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

FORMAT = "confaudit-cache 1"


def cache_path(name: str) -> Path | None:
    """Where ``name`` is kept (platformdirs' user cache directory), if one can be named."""
    try:
        from platformdirs import user_cache_path

        return user_cache_path("confaudit", appauthor=False) / name
    except Exception:  # no home directory, say: nothing is cached
        return None


def _header(key: str, body: bytes) -> bytes:
    if "\n" in key or "\t" in key:
        raise ValueError("a cache key is one line without tabs")
    return f"{FORMAT}\t{key}\t{hashlib.sha256(body).hexdigest()}\n".encode()


def read(name: str, key: str) -> bytes | None:
    """The cached body if the file was made from ``key`` and is intact; otherwise None."""
    path = cache_path(name)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    if not body or header + b"\n" != _header(key, body):
        return None
    return body


def write(name: str, key: str, body: bytes) -> None:
    """Keep ``body`` for later processes; readers see the old file or the whole new one, never a part."""
    path = cache_path(name)
    if path is None or not body:
        return
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(_header(key, body) + body)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
