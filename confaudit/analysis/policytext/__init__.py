"""Privacy-notice analysis for confaudit: extract a notice, detect the 24 confidentiality clauses.

Used by the `policy` check (and the `residency` and `promises` checks through the clause
attributes). Everything here is pure, offline and deterministic: the same text always gives
the same statuses and quotes.
"""

from .dates import find_last_updated
from .detect import analyse
from .extract import extract_any, extract_html, extract_pdf, extract_text, merge_documents
from .index import prepare
from .language import detect_language
from .model import (
    ClauseResult,
    ExtractionError,
    PolicyAnalysis,
    PolicyDocument,
    Quote,
    Readability,
    Section,
    Sentence,
)
from .readability import readability
from .taxonomy import CLAUSES, SEVERITY, TITLES, severity_for

__all__ = [
    "CLAUSES",
    "SEVERITY",
    "TITLES",
    "ClauseResult",
    "ExtractionError",
    "PolicyAnalysis",
    "PolicyDocument",
    "Quote",
    "Readability",
    "Section",
    "Sentence",
    "analyse",
    "detect_language",
    "extract_any",
    "extract_html",
    "extract_pdf",
    "extract_text",
    "find_last_updated",
    "merge_documents",
    "prepare",
    "readability",
    "severity_for",
]
