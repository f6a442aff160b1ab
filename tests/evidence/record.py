"""``make fixtures``: audit every recorded scenario on loopback and write its evidence to tests/evidence/.

python -m tests.evidence.record            # every scenario
python -m tests.evidence.record tls-legacy  # only those named
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from tests import evidence
from tests.sites.worlds import SCENARIOS, Worlds

TIMINGS = {"elapsed_s", "duration_s", "load_s"}
TIMES = {"fetched_at", "scanned_at", "started"}
HTTP_DATE = re.compile(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT")


def steady(value: Any) -> Any:
    """The recording with timings zeroed and times of day set to the day's midnight (UTC)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in TIMINGS and isinstance(v, int | float):
                out[k] = 0.0
            elif k in TIMES and isinstance(v, str):
                out[k] = datetime.fromisoformat(v).strftime("%Y-%m-%dT00:00:00+00:00")
            else:
                out[k] = steady(v)
        return out
    if isinstance(value, list):
        if (
            len(value) == 2
            and value[0] == "Date"
            and isinstance(value[1], str)
            and HTTP_DATE.fullmatch(value[1])
        ):
            return ["Date", value[1][:17] + "00:00:00 GMT"]
        return [steady(v) for v in value]
    return value


def main(argv: list[str]) -> int:
    unknown = [n for n in argv if n not in SCENARIOS]
    if unknown:
        print(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    names = argv or [n for n, s in SCENARIOS.items() if s.recorded]
    with tempfile.TemporaryDirectory(prefix="confaudit-fixtures-") as tmp:
        worlds = Worlds(Path(tmp))
        try:
            for name in names:
                scenario = SCENARIOS[name]
                live = worlds.live(name)
                doc = steady(evidence.dump(name, scenario.url, scenario.options, live.evidence))
                evidence.path(name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", "utf-8")
                print(f"recorded {evidence.path(name).relative_to(Path.cwd())}", flush=True)
        finally:
            worlds.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
