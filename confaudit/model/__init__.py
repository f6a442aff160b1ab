"""The dataclasses that flow between probes, checks, scoring and renderers.

Probes produce evidence parts, checks turn evidence into findings, the engine assembles an
``AuditResult``. Everything here is a plain dataclass with a lossless JSON round trip
(``to_dict`` / ``from_dict``), so results can be saved, diffed and re-rendered, and evidence can be
replayed offline.
"""

from __future__ import annotations

from confaudit.model.crawl import (
    Cookie,
    CrawlEvidence,
    Form,
    FormField,
    HttpExchange,
    Page,
    PageKind,
    RedirectHop,
    Resource,
    Script,
)
from confaudit.model.evidence import Evidence
from confaudit.model.findings import CheckResult, Deduction, EvidenceItem, Finding, Rule, ScoreBudget
from confaudit.model.result import (
    SCHEMA_VERSION,
    AuditResult,
    BaselineUse,
    EvidenceRef,
    PageSummary,
    ProbeRun,
    ScoreCap,
)
from confaudit.model.severity import SEVERITIES, SEVERITY_NAMES, CheckStatus, FindingStatus, Severity, utcnow
from confaudit.model.target import Target

__all__ = [
    "SCHEMA_VERSION",
    "SEVERITIES",
    "SEVERITY_NAMES",
    "AuditResult",
    "BaselineUse",
    "CheckResult",
    "CheckStatus",
    "Cookie",
    "CrawlEvidence",
    "Deduction",
    "Evidence",
    "EvidenceItem",
    "EvidenceRef",
    "Finding",
    "FindingStatus",
    "Form",
    "FormField",
    "HttpExchange",
    "Page",
    "PageKind",
    "PageSummary",
    "ProbeRun",
    "RedirectHop",
    "Resource",
    "Rule",
    "ScoreBudget",
    "ScoreCap",
    "Script",
    "Severity",
    "Target",
    "utcnow",
]
