"""A batch's summaries, rebuilt from its store: a league table (HTML), CSV and JSON.

Always rebuilt from ``results.sqlite`` rather than from what this run did, so a resumed batch's summary
covers every target, whichever run audited it. Names and error messages come from target lists and from
hostile sites: the HTML autoescapes them and loads nothing, and CSV cells that a spreadsheet would read as
a formula are defused.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from confaudit.model import SEVERITY_NAMES, utcnow
from confaudit.model.batch import DONE, ERROR, TargetRow
from confaudit.report.files import write_text_atomic as _write_text
from confaudit.results.scoring import ORDER

CSV_FIELDS = [
    "rank", "name", "url", "status", "grade", "score", *SEVERITY_NAMES,
    "error", "report_html", "report_json", "evidence_dir", "evidence_digest", "finished", "seconds", "attempts",
]  # fmt: skip


def league(rows: list[TargetRow]) -> list[dict[str, Any]]:
    """Best first (score, then grade, then fewest critical/high); targets not audited last, in list order."""
    done = [r for r in rows if r.status == DONE]
    rest = [r for r in rows if r.status != DONE]
    done.sort(
        key=lambda r: (
            -(r.score if r.score is not None else -1),
            ORDER.index(r.grade) if r.grade in ORDER else len(ORDER),
            -r.counts.get("critical", 0),
            -r.counts.get("high", 0),
            r.label,
        )
    )
    out = []
    for i, r in enumerate(done + rest):
        d = {k: v for k, v in r.__dict__.items()}
        d["label"] = r.label
        d["rank"] = i + 1 if r.status == DONE else None
        out.append(d)
    return out


def _counts(rows: list[TargetRow]) -> dict[str, Any]:
    scores = [r.score for r in rows if r.status == DONE and r.score is not None]
    return {
        "targets": len(rows),
        "done": sum(r.status == DONE for r in rows),
        "error": sum(r.status == ERROR for r in rows),
        "pending": sum(r.status not in (DONE, ERROR) for r in rows),
        "with_critical": sum(1 for r in rows if r.status == DONE and r.counts.get("critical")),
        "graded": sum(1 for r in rows if r.status == DONE and r.grade in ORDER),
        "median": statistics.median(scores) if scores else None,
    }


def render_summary_html(rows: list[TargetRow], meta: dict[str, Any]) -> str:
    from importlib.resources import files

    env = Environment(
        loader=FileSystemLoader(str(files("confaudit.templates"))), autoescape=select_autoescape(default=True)
    )
    grades = Counter(r.grade for r in rows if r.status == DONE and r.grade in ORDER)
    return env.get_template("summary.html.j2").render(
        rows=league(rows),
        counts=_counts(rows),
        grades=[(g, grades[g]) for g in ORDER if grades[g]],
        meta=meta,
        generated=utcnow().strftime("%Y-%m-%d %H:%M"),
    )


def _cell(value: Any) -> Any:
    """Defuse spreadsheet formulas in text that came from outside (``=HYPERLINK(...)`` as a name, say)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_summary_csv(rows: list[TargetRow]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for d in league(rows):
        flat = {**d, **{s: d["counts"].get(s) for s in SEVERITY_NAMES}}
        writer.writerow({k: _cell(flat.get(k)) for k in CSV_FIELDS})
    return buf.getvalue()


def render_summary_json(rows: list[TargetRow], meta: dict[str, Any]) -> str:
    doc = {
        "generated": utcnow().isoformat(),
        "meta": meta,
        "counts": _counts(rows),
        "targets": [
            {k: v for k, v in d.items() if k != "label"} | {"label": d["label"]} for d in league(rows)
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write_summaries(out: Path, rows: list[TargetRow], meta: dict[str, Any]) -> dict[str, Path]:
    paths = {"html": out / "summary.html", "csv": out / "summary.csv", "json": out / "summary.json"}
    _write_text(paths["html"], render_summary_html(rows, meta))
    _write_text(paths["csv"], render_summary_csv(rows))
    _write_text(paths["json"], render_summary_json(rows, meta))
    return paths
