"""A batch's target list: text or CSV, one provider a line, and stable shards of it."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from confaudit.engine.audit import check_target_url
from confaudit.model.batch import BatchTarget
from confaudit.model.options import UsageError


def _target(url: str, name: str | None, position: int) -> BatchTarget:
    url = url.strip()
    try:
        key = check_target_url(url).url
    except UsageError as exc:
        return BatchTarget(url, url, name, position, invalid=str(exc))
    return BatchTarget(key, url, name or None, position)


def parse_targets(text: str, csv_hint: bool = False) -> list[BatchTarget]:
    """A text list (one URL a line, ``#`` comments) or a CSV with a ``url`` column and optional ``name``."""
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), "")
    header = [h.strip().lower() for h in next(csv.reader([first]), [])] if first else []
    if csv_hint or (len(header) > 1 and "url" in header) or header == ["url"]:
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
        reader = csv.DictReader(io.StringIO("\n".join(lines)))
        fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
        if "url" not in fields:
            raise UsageError("the CSV has no 'url' column")
        rows = [
            (
                str(r.get(fields["url"]) or "").strip(),
                (r.get(fields["name"]) or "").strip() if "name" in fields else "",
            )
            for r in reader
        ]
        raw = [(u, n or None) for u, n in rows if u]
    else:
        raw = []
        for line in text.splitlines():
            line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
            if line and not line.startswith("#"):
                raw.append((line, None))
    out: list[BatchTarget] = []
    seen: set[str] = set()
    for url, name in raw:
        t = _target(url, name, len(out))
        if t.key in seen:
            continue  # a duplicate line is audited once
        seen.add(t.key)
        out.append(t)
    return out


def read_targets(path: str | Path) -> list[BatchTarget]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    targets = parse_targets(text, csv_hint=path.suffix.lower() == ".csv")
    if not targets:
        raise UsageError(f"{path} lists no targets")
    return targets


def parse_shard(spec: str) -> tuple[int, int]:
    """``i/N`` with 1 <= i <= N, as CI matrices number their jobs."""
    i, sep, n = spec.partition("/")
    if not (sep and i.strip().isdigit() and n.strip().isdigit()) or not 1 <= int(i) <= int(n):
        raise UsageError(f"--shard wants i/N with 1 <= i <= N, got {spec!r}")
    return int(i), int(n)


def shard_index(key: str, n: int) -> int:
    """A stable shard (0-based) from a hash of the normalised URL: the same on every machine and run."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % n


def select_shard(targets: list[BatchTarget], i: int, n: int) -> list[BatchTarget]:
    return [t for t in targets if shard_index(t.key, n) == i - 1]
