"""SARIF 2.1.0, shaped for GitHub code scanning.

Locations are relative URIs with the site declared once in ``originalUriBaseIds``: GitHub rejects a
whole upload whose locations are absolute https URLs. Accepted findings carry an external suppression
with the baseline's reason, so they are visible but do not alert.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

from confaudit.knowledge.references import lookup
from confaudit.model import AuditResult, Finding, FindingStatus, Rule, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub reads properties.security-severity (a CVSS-like number) to label alerts critical/high/medium/low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def _base(result: AuditResult) -> str:
    parts = urlsplit(result.target.url)
    return f"{parts.scheme}://{parts.netloc}/"


def relative_uri(url: str | None, result: AuditResult) -> str:
    """The page's path relative to the site root ('.' for the root itself)."""
    if not url:
        return "."
    parts = urlsplit(url)
    base = urlsplit(result.target.url)
    if parts.hostname != base.hostname:
        return "."
    path = parts.path.lstrip("/") or "."
    return path + (f"?{parts.query}" if parts.query else "")


def _fingerprint(result: AuditResult, finding: Finding) -> str:
    key = f"{result.target.host}|{finding.rule}|{finding.url or ''}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _references(items: list[str]) -> tuple[list[str], list[str]]:
    """Plain-text and Markdown lines for a rule's references (catalogue ids or saved titles), with links."""
    text, markdown = [], []
    for item in items:
        ref = lookup(item)
        if ref is None:  # a result saved before the catalogue: its wording, unlinked
            text.append(item)
            markdown.append(f"- {item}")
        else:
            text.append(f"{ref.title} <{ref.url}>")
            markdown.append(f"- [{ref.title}]({ref.url})")
    return text, markdown


def _rule_descriptor(rule_id: str, finding: Finding, meta: Rule | None) -> dict:
    severity = meta.severity if meta else finding.severity
    help_text = (meta.remediation if meta else finding.remediation) or finding.title
    refs, refs_md = _references(meta.references if meta else finding.references)
    descriptor = {
        "id": rule_id,
        "name": rule_id.replace("/", "-"),
        "shortDescription": {"text": meta.title if meta else finding.title},
        "fullDescription": {"text": meta.rationale if meta else finding.title},
        "help": {
            "text": help_text + (f"\nReferences: {'; '.join(refs)}" if refs else ""),
            "markdown": f"**What to do:** {help_text}" + ("\n\n" + "\n".join(refs_md) if refs_md else ""),
        },
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "tags": ["security", "privacy", "confidentiality", rule_id.split("/")[0]],
            "precision": "high",
        },
    }
    return descriptor


def render_sarif(result: AuditResult, rules: dict[str, Rule] | None = None) -> str:
    rules = rules or {}
    descriptors: list[dict] = []
    index: dict[str, int] = {}
    results = []
    for check in result.checks:
        for finding in check.findings:
            if finding.rule not in index:
                index[finding.rule] = len(descriptors)
                descriptors.append(_rule_descriptor(finding.rule, finding, rules.get(finding.rule)))
            if not finding.failed:
                continue
            evidence = "; ".join(e.text for e in finding.evidence[:5])
            pages = {e.url for e in finding.evidence if e.url} | ({finding.url} if finding.url else set())
            locations = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": relative_uri(u, result), "uriBaseId": "SITE"}
                    }
                }
                for u in sorted(pages)[:10]
            ] or [{"physicalLocation": {"artifactLocation": {"uri": ".", "uriBaseId": "SITE"}}}]
            item = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": LEVEL[finding.severity] if finding.status == FindingStatus.FAIL else "note",
                "message": {"text": finding.summary + (f" Evidence: {evidence}" if evidence else "")},
                "locations": locations,
                "partialFingerprints": {"confauditFinding/v1": _fingerprint(result, finding)},
                "properties": {
                    "severity": finding.severity.value,
                    "status": finding.status.value,
                    "check": check.check,
                },
            }
            if finding.accepted:
                item["suppressions"] = [{"kind": "external", "justification": finding.accepted}]
            results.append(item)
    run = {
        "tool": {
            "driver": {
                "name": "confaudit",
                "version": result.tool_version,
                "semanticVersion": result.tool_version.split("+")[0],
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {"SITE": {"uri": _base(result), "description": {"text": result.target.label}}},
        "automationDetails": {"id": f"confaudit/{result.target.host}/"},
        "invocations": [
            {
                "executionSuccessful": result.error is None,
                "startTimeUtc": result.started.isoformat().replace("+00:00", "Z"),
                "endTimeUtc": result.finished.isoformat().replace("+00:00", "Z"),
                **(
                    {"toolExecutionNotifications": [{"level": "error", "message": {"text": result.error}}]}
                    if result.error
                    else {}
                ),
            }
        ],
        "results": results,
        "properties": {"score": result.score, "grade": result.grade},
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
