"""Cheap language identification by stop-word ratio.

A notice in French or German cannot be judged by English rules, so the policy check needs to
know when to skip. Stop words are frequent, short and distinctive enough for notices of a few
hundred words; no model or heavy dependency is needed.
"""

from __future__ import annotations

import re
from collections import Counter


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and of to in is that for you your we our with this are be will or not by as on it may "
        "any have from which us if at can"
    ),
    "fr": _words(
        "le la les des et est une un du que qui dans pour vous votre vos nous notre sur pas par ce "
        "sont au aux avec ou être"
    ),
    "de": _words(
        "der die das und ist nicht sie ich mit sich des ein eine zu den dem auf für von wir ihre ihr "
        "werden oder uns auch wird"
    ),
    "es": _words(
        "el la los las de y que en un una es por con para su sus usted nosotros del se al lo como "
        "más datos sobre"
    ),
    "it": _words(
        "il lo la gli le di che e è un una per con non sono del della dei delle al nel suo sua questo dati"
    ),
    "nl": _words(
        "de het een en van is dat die in op te voor met zijn niet u uw wij we ons worden of door "
        "deze gegevens"
    ),
    "pt": _words(
        "o a os as de e que em um uma para com não por se seu sua seus dos das do da ao você nós dados"
    ),
}
_WORD = re.compile(r"[a-zà-öø-ÿ]+")  # the stop words are Latin-script: a plain class is faster than \w
SAMPLE_WORDS = 4000


def detect_language(text: str) -> str:
    """Return an ISO 639-1 code ("en", "fr", "de", ...) or "unknown" when no language stands out."""
    words = _WORD.findall(text[:30000].lower())[:SAMPLE_WORDS]
    if len(words) < 3:
        return "unknown"
    counts = Counter(words)  # count each word once, then score languages on the few stop words
    scores = {lang: sum(counts[w] for w in sw if w in counts) / len(words) for lang, sw in _STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 0.08 or top < second * 1.25:
        return "unknown"
    return best
