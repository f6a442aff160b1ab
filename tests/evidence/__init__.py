"""Recorded evidence: what the probes collected from the loopback worlds, judged by the check tests offline.

Each ``<scenario>.json`` holds one scenario's evidence parts as ``confaudit.model.serde`` writes them.
``make fixtures`` (``python -m tests.evidence.record``) regenerates them; ``tests/e2e/test_recorded_evidence.py``
fails when a recording no longer matches what the loopback worlds produce, so they cannot rot silently.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from confaudit import __version__
from confaudit.engine.registry import load as load_registry
from confaudit.model import Evidence, Target
from confaudit.model.serde import from_jsonable, to_jsonable

DIR = Path(__file__).resolve().parent
FORMAT = "confaudit-test-evidence/1"


def path(name: str) -> Path:
    return DIR / f"{name}.json"


def dump(name: str, url: str, options: dict[str, Any], evidence: Evidence) -> dict[str, Any]:
    """The recording of one scenario as a JSON document."""
    return {
        "format": FORMAT,
        "scenario": name,
        "recorded_with": f"confaudit {__version__}",
        "url": url,
        "options": options,
        "target": to_jsonable(evidence.target),
        "errors": dict(evidence.errors),
        "parts": {probe: to_jsonable(part) for probe, part in sorted(evidence.parts.items())},
    }


@cache
def _types() -> dict[str, type | None]:
    return load_registry().evidence_types()


@cache
def _document(name: str) -> dict[str, Any]:
    file = path(name)
    if not file.is_file():
        raise FileNotFoundError(f"no recorded evidence {file.name}: run `make fixtures`")
    doc: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    if doc.get("format") != FORMAT:
        raise ValueError(f"{file.name} is not {FORMAT}: run `make fixtures`")
    return doc


def document(name: str) -> dict[str, Any]:
    """The recording as stored (a copy)."""
    return json.loads(json.dumps(_document(name)))


def load(name: str) -> Evidence:
    """The recorded evidence, typed as the checks saw it; a new object on every call."""
    doc = _document(name)
    types = _types()
    parts = {probe: from_jsonable(types.get(probe) or Any, data) for probe, data in doc["parts"].items()}
    return Evidence(target=from_jsonable(Target, doc["target"]), parts=parts, errors=dict(doc["errors"]))
