"""The JSON Schema of saved results, shipped with the package so consumers and tests validate against it."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def result_schema() -> dict[str, Any]:
    return json.loads(files("confaudit.schema").joinpath("result.schema.json").read_text(encoding="utf-8"))
