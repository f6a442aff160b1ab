"""The Public Suffix List, parsed once per installed list and kept in the user's cache directory.

Parsing the shipped list IDNA-encodes each of its ~10,000 rules: 0.1-0.3 s of CPU, more than the rest of
a TLS-only audit's own work. The parsed rules, written out one a line, read back in milliseconds through
the library's own parser (with the encoding step off, since they are encoded already). The cache is keyed
by the publicsuffixlist version and the list file's size and modification time (``publicsuffixlist-download``
replaces the file in place), and carries a checksum: a stale, corrupt or unwritable cache means parsing
again, never a wrong answer, a warning or an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from publicsuffixlist import PSLFILE, PublicSuffixList

FORMAT = "confaudit-psl 1"
FILE_NAME = "public-suffix-list.txt"


def cache_path() -> Path | None:
    """Where the parsed list is kept (platformdirs' user cache directory), if one can be named."""
    try:
        from platformdirs import user_cache_path

        return user_cache_path("confaudit", appauthor=False) / FILE_NAME
    except Exception:  # no home directory, say: the list is parsed as before
        return None


def list_stamp() -> str:
    """What identifies the installed list: the package version, the file's size and modification time."""
    try:
        from importlib.metadata import version

        release = version("publicsuffixlist")
    except Exception:
        release = "unknown"
    try:
        st = os.stat(PSLFILE)
        return f"{release} {st.st_size} {st.st_mtime_ns}"
    except OSError:
        return f"{release} - -"


def load_psl() -> PublicSuffixList:
    """The parsed list: from the cache when it matches the installed list, else parsed and cached."""
    path = cache_path()
    stamp = list_stamp()
    if path is not None:
        rules = read_cache(path, stamp)
        if rules is not None:
            return PublicSuffixList(rules, accept_encoded_idn=False)
    psl = PublicSuffixList()
    if path is not None:
        write_cache(path, stamp, psl)
    return psl


def _header(stamp: str, body: bytes) -> bytes:
    return f"{FORMAT}\t{stamp}\t{hashlib.sha256(body).hexdigest()}\n".encode()


def read_cache(path: Path, stamp: str) -> str | None:
    """The cached rules, one a line, if the file is this list's and intact; otherwise None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    if header + b"\n" != _header(stamp, body) or not body:
        return None
    return body.decode("utf-8", "surrogateescape")


def write_cache(path: Path, stamp: str, psl: PublicSuffixList) -> None:
    """Keep the parsed rules for the next process; any failure leaves things as they were."""
    rules = getattr(psl, "_publicsuffix", None)  # the parsed rule set (publicsuffixlist 0.9 and later)
    if not isinstance(rules, frozenset | set) or not rules or not all(isinstance(r, str) for r in rules):
        return
    body = "\n".join(sorted(rules)).encode("utf-8", "surrogateescape")
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".psl-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(_header(stamp, body) + body)
        os.replace(tmp, path)  # readers see the old file or the whole new one, never a part
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
