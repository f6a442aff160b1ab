"""Policy pages the crawl has parsed, handed to the notice extraction so each page is parsed once.

The crawl parses every page for its parts; a policy page is parsed again by the notice extraction, which
costs as much as the first parse (bs4 builds a Python object per node). The crawl keeps the tree of each
policy page on the evidence instead, and the extraction takes it. Trees live in the evidence's memo (never
saved, pickled or compared), within a per-audit bound on the bytes they were parsed from: a tree takes
about 20-40 times its page's size, and a batch holds a tree from the crawl until the checks run. A page
over the bound, or evidence read back from a bundle, is simply parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from confaudit.model import Evidence

MAX_BYTES = 256_000  # per audit: at most ~10 MB of trees waiting for the checks
_MEMO = "policy-page-trees"


@dataclass
class _Trees:
    by_url: dict[str, tuple[int, Any]] = field(default_factory=dict)  # url -> (bytes parsed, tree)
    size: int = 0


def _trees(evidence: Evidence) -> _Trees:
    return evidence.memo(_MEMO, _Trees)


def keep(evidence: Evidence, url: str, size: int, tree: Any) -> bool:
    """Keep a policy page's tree for the extraction, if it fits the bound; whether it was kept."""
    trees = _trees(evidence)
    discard(evidence, url)
    if tree is None or trees.size + size > MAX_BYTES:
        return False
    trees.by_url[url] = (size, tree)
    trees.size += size
    return True


def discard(evidence: Evidence, url: str) -> None:
    """Forget a tree kept for a page that did not make it into the crawl."""
    trees = _trees(evidence)
    size, _ = trees.by_url.pop(url, (0, None))
    trees.size -= size


def take(evidence: Evidence, url: str) -> Any | None:
    """The tree kept for ``url`` (None if there is none), handed over once: the extraction changes it."""
    trees = _trees(evidence)
    size, tree = trees.by_url.pop(url, (0, None))
    trees.size -= size
    return tree
