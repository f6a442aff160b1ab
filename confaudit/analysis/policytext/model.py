"""Plain dataclasses shared by the extraction and analysis modules.

They carry only JSON-friendly values so a check can store them in an evidence bundle and a
`recheck` months later reproduces the same findings from the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Status = Literal["present", "partial", "absent"]


class ExtractionError(Exception):
    """Raised when a notice cannot be turned into text (corrupt PDF, encrypted file, ...).

    Extractors wrap every parser failure in this one class so callers never have to know
    which third-party library raised what.
    """


@dataclass(slots=True)
class Sentence:
    """One sentence (or list item) of the notice, with the heading it sits under.

    The heading and URL travel with the text so a quoted finding can say where it was read.
    """

    text: str
    heading: str
    url: str
    index: int


@dataclass(slots=True)
class Section:
    heading: str
    paragraphs: list[str]
    url: str


@dataclass(slots=True)
class PolicyDocument:
    """A privacy / confidentiality notice reduced to headed sections and sentences."""

    urls: list[str]
    title: str
    sections: list[Section]
    sentences: list[Sentence]
    last_updated: date | None = None
    language: str = "unknown"
    word_count: int = 0

    @property
    def url(self) -> str:
        return self.urls[0] if self.urls else ""

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)


@dataclass(slots=True)
class Quote:
    """The evidence for a clause: a sentence as it appears in the notice, and where."""

    text: str
    heading: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "heading": self.heading, "url": self.url}


@dataclass(slots=True)
class ClauseResult:
    clause: str
    status: Status
    quotes: list[Quote] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "quotes": [q.to_dict() for q in self.quotes],
            "attrs": dict(self.attrs),
        }


@dataclass(slots=True)
class Readability:
    """Flesch reading ease plus reading time: a notice nobody can read informs nobody."""

    flesch_reading_ease: float
    reading_time_minutes: float
    word_count: int
    sentence_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "flesch_reading_ease": self.flesch_reading_ease,
            "reading_time_minutes": self.reading_time_minutes,
            "word_count": self.word_count,
            "sentence_count": self.sentence_count,
        }


@dataclass(slots=True)
class PolicyAnalysis:
    urls: list[str]
    language: str
    last_updated: date | None
    clauses: dict[str, ClauseResult]
    over_promises: list[Quote]
    readability: Readability

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form; `confaudit policy --json` prints exactly this."""
        return {
            "urls": list(self.urls),
            "language": self.language,
            "last_updated": self.last_updated.isoformat() if self.last_updated else None,
            "clauses": {cid: r.to_dict() for cid, r in self.clauses.items()},
            "over_promises": [q.to_dict() for q in self.over_promises],
            "readability": self.readability.to_dict(),
        }
