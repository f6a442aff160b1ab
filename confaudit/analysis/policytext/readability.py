"""Flesch reading ease and reading time: long, dense notices fail the people they should inform."""

from __future__ import annotations

import re
from collections import Counter

from .model import Readability

WORDS_PER_MINUTE = 238  # average silent reading speed of adults (Brysbaert 2019)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_VOWELS = re.compile(r"[aeiouy]+")
_HAS_WORD = re.compile(r"[A-Za-z]")
_CACHE: dict[str, int] = {}


def count_syllables(word: str) -> int:
    w = word.lower()
    n = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(n, 1)


def readability(sentences: list[str]) -> Readability:
    """Compute Flesch reading ease over the given sentences (syllables by vowel groups)."""
    n_sent = sum(1 for s in sentences if _HAS_WORD.search(s))
    words = _WORD.findall("\n".join(sentences))
    n_words = len(words)
    n_syll = 0
    cache = _CACHE
    if len(cache) > 200_000:
        cache.clear()
    for w, k in Counter(words).items():  # distinct words only: notices repeat the same vocabulary
        c = cache.get(w)
        if c is None:
            c = cache[w] = count_syllables(w)
        n_syll += c * k
    if not n_words:
        return Readability(0.0, 0.0, 0, 0)
    fre = 206.835 - 1.015 * (n_words / n_sent) - 84.6 * (n_syll / n_words)
    return Readability(round(fre, 1), round(n_words / WORDS_PER_MINUTE, 1), n_words, n_sent)
