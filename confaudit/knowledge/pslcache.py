"""The Public Suffix List, parsed once per installed list and kept in the user's cache directory.

Parsing the shipped list IDNA-encodes each of its ~10,000 rules: 0.1-0.3 s of CPU, more than the rest of
a TLS-only audit's own work. The parsed rules, written out one a line, read back in milliseconds through
the library's own parser (with the encoding step off, since they are encoded already). The cache is keyed
by the publicsuffixlist version and the list file's size and modification time (``publicsuffixlist-download``
replaces the file in place); a stale, corrupt or unwritable cache means parsing again (see ``cache``).
"""

from __future__ import annotations

import os

from publicsuffixlist import PSLFILE, PublicSuffixList

from confaudit.knowledge import cache

FILE_NAME = "public-suffix-list.txt"


def list_stamp() -> str:
    """What identifies the installed list: the package version, the file's size and modification time."""
    try:
        from importlib.metadata import version

        release = version("publicsuffixlist")
    except Exception:
        release = "unknown"
    try:
        st = os.stat(PSLFILE)
        return f"publicsuffixlist {release} {st.st_size} {st.st_mtime_ns}"
    except OSError:
        return f"publicsuffixlist {release} - -"


def load_psl() -> PublicSuffixList:
    """The parsed list: from the cache when it matches the installed list, else parsed and cached."""
    stamp = list_stamp()
    rules = cache.read(FILE_NAME, stamp)
    if rules is not None:
        return PublicSuffixList(rules.decode("utf-8", "surrogateescape"), accept_encoded_idn=False)
    psl = PublicSuffixList()
    parsed = getattr(psl, "_publicsuffix", None)  # the parsed rule set (publicsuffixlist 0.9 and later)
    if isinstance(parsed, frozenset | set) and parsed and all(isinstance(r, str) for r in parsed):
        cache.write(FILE_NAME, stamp, "\n".join(sorted(parsed)).encode("utf-8", "surrogateescape"))
    return psl
