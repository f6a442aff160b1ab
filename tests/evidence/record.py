"""``make fixtures``: audit every recorded scenario on loopback and write its evidence to tests/evidence/.

python -m tests.evidence.record            # every scenario
python -m tests.evidence.record tls-legacy  # only those named
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests import evidence
from tests.sites.worlds import SCENARIOS, Worlds


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
                doc = evidence.dump(name, scenario.url, scenario.options, live.evidence)
                evidence.path(name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", "utf-8")
                print(f"recorded {evidence.path(name).relative_to(Path.cwd())}", flush=True)
        finally:
            worlds.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
