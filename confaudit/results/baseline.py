"""Baselines: findings a practice has accepted, each with a reason and an end date.

A baseline never hides anything: an accepted finding stays in every output, marked as accepted, and
stops counting towards the score and the thresholds. An entry past its date counts again and is named,
so "we'll fix it later" cannot become "forever".

```toml
[[accept]]
rule = "headers/csp-missing"          # a rule id, or a glob such as "headers/*"
url = "https://example.org/legacy/*"  # optional: every page the finding names must match
reason = "legacy pages retire in March"
expires = 2027-03-31
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from fnmatch import fnmatchcase
from pathlib import Path

from confaudit.model import AuditResult, BaselineUse, Finding
from confaudit.model.options import UsageError


@dataclass
class Acceptance:
    rule: str
    reason: str
    expires: date
    url: str | None = None

    def label(self) -> str:
        where = f" at {self.url}" if self.url else ""
        return f"{self.rule}{where} (expired {self.expires.isoformat()}: {self.reason})"

    def matches(self, finding: Finding) -> bool:
        if not fnmatchcase(finding.rule, self.rule):
            return False
        if self.url is None:
            return True
        urls = {u for u in [finding.url, *(e.url for e in finding.evidence)] if u}
        return bool(urls) and all(fnmatchcase(u, self.url) for u in urls)


def load_baseline(path: str | Path) -> list[Acceptance]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--baseline {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"--baseline {path} is not valid TOML: {exc}") from None
    entries = data.get("accept", [])
    if not isinstance(entries, list):
        raise UsageError(f"--baseline {path}: 'accept' must be an array of tables ([[accept]])")
    out = []
    for i, entry in enumerate(entries, start=1):
        where = f"--baseline {path}, entry {i}"
        if not isinstance(entry, dict):
            raise UsageError(f"{where}: not a table")
        rule, reason, expires = entry.get("rule"), entry.get("reason"), entry.get("expires")
        if not isinstance(rule, str) or not rule.strip():
            raise UsageError(f"{where}: 'rule' is required")
        if not isinstance(reason, str) or not reason.strip():
            raise UsageError(f"{where}: 'reason' is required (say why {rule} is accepted)")
        if not isinstance(expires, date):
            raise UsageError(f"{where}: 'expires' is required, as a date such as 2027-03-31")
        url = entry.get("url")
        if url is not None and not isinstance(url, str):
            raise UsageError(f"{where}: 'url' must be a string pattern")
        unknown = set(entry) - {"rule", "reason", "expires", "url"}
        if unknown:
            raise UsageError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        out.append(Acceptance(rule.strip(), reason.strip(), expires, url))
    return out


def apply_baseline(
    result: AuditResult, entries: list[Acceptance], path: str, today: date | None = None
) -> None:
    """Mark accepted findings; record expired and unused entries. Re-score afterwards."""
    today = today or date.today()
    use = BaselineUse(path=str(path))
    used: set[int] = set()
    expired: set[int] = set()
    for finding in result.findings():
        finding.accepted = None
        if not finding.failed:
            continue
        for i, entry in enumerate(entries):
            if not entry.matches(finding):
                continue
            used.add(i)
            if entry.expires < today:
                expired.add(i)
                continue
            finding.accepted = f"accepted until {entry.expires.isoformat()}: {entry.reason}"
            use.accepted += 1
            break
    use.expired = [entries[i].label() for i in sorted(expired)]
    use.unused = [
        f"{entries[i].rule}" + (f" at {entries[i].url}" if entries[i].url else "")
        for i in range(len(entries))
        if i not in used
    ]
    result.baseline = use


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def write_baseline(result: AuditResult, days: int = 90, today: date | None = None) -> str:
    """A starting baseline accepting every open problem of ``result`` for ``days`` days."""
    expires = (today or date.today()) + timedelta(days=days)
    lines = [
        f"# confaudit baseline for {result.target.url}, written from the audit of {result.finished:%Y-%m-%d}.",
        "# Each entry needs a real reason; entries past their date count again.",
        "",
    ]
    seen = set()
    for finding in result.findings():
        if not finding.open or finding.rule in seen:
            continue
        seen.add(finding.rule)
        lines += [
            "[[accept]]",
            f"rule = {_toml_string(finding.rule)}",
            f"reason = {_toml_string('TODO: say why this is accepted (' + finding.summary[:120] + ')')}",
            f"expires = {expires.isoformat()}",
            "",
        ]
    return "\n".join(lines)
