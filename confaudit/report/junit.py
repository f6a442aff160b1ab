"""JUnit XML: a suite per check, a test case per rule, so any CI system shows what passed and what failed.

Failed rules are failures (type = severity); warnings pass with the warning in system-out; accepted
findings are skipped with the baseline's reason; a check that errored is an error, one that was skipped
is skipped.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from confaudit.model import AuditResult, CheckStatus, FindingStatus


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, and a site's text may hold any."""
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else "\ufffd" for ch in text)


def render_junit(result: AuditResult) -> str:
    root = ET.Element("testsuites", name=f"confaudit {result.target.url}")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for check in result.checks:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=check.check,
            timestamp=(check.started or result.started).strftime("%Y-%m-%dT%H:%M:%S"),
            time=f"{check.duration_s:.3f}",
        )
        props = ET.SubElement(suite, "properties")
        for key, value in (
            ("title", check.title),
            ("version", check.version),
            ("status", check.status.value),
            ("score", "" if check.score is None else f"{check.score:.1f}"),
            ("target", result.target.url),
        ):
            ET.SubElement(props, "property", name=key, value=_clean(value))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if check.status != CheckStatus.OK:
            case = ET.SubElement(
                suite, "testcase", classname=f"confaudit.{check.check}", name=f"{check.check} ran", time="0"
            )
            kind = "error" if check.status == CheckStatus.ERROR else "skipped"
            ET.SubElement(case, kind, message=_clean(check.reason or check.status.value))
            counts["tests"] += 1
            counts["errors" if kind == "error" else "skipped"] += 1
        for finding in check.findings:
            case = ET.SubElement(
                suite, "testcase", classname=f"confaudit.{check.check}", name=finding.rule, time="0"
            )
            counts["tests"] += 1
            detail = "\n".join(
                [
                    finding.summary,
                    *(f"- {e.text}" + (f" ({e.url})" if e.url else "") for e in finding.evidence),
                    *([f"What to do: {finding.remediation}"] if finding.remediation else []),
                ]
            )
            if finding.accepted:
                ET.SubElement(case, "skipped", message=_clean(finding.accepted))
                counts["skipped"] += 1
            elif finding.status == FindingStatus.FAIL:
                failure = ET.SubElement(
                    case, "failure", message=_clean(finding.summary), type=finding.severity.value
                )
                failure.text = _clean(detail)
                counts["failures"] += 1
            elif finding.status == FindingStatus.WARN:
                out = ET.SubElement(case, "system-out")
                out.text = _clean(f"WARNING ({finding.severity.value}): {detail}")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        total_time += check.duration_s
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
