"""HTML parsing: the lxml-only path (from git history) against the bs4 path, alternating in one process.

Run on demand: ``.venv/bin/python bench/html_parsing.py [--rounds 15] [--baseline REV] [--large-kb 300]``.
(Not ``bench/html.py``: a script's folder comes first on ``sys.path``, so that name would hide the standard
library's ``html`` from every bench here, and bs4 and ``http.server`` import it.)

Each workload is read as an audit reads it: every page's parts (links, forms, scripts, resources, meta),
and the notice extraction of each policy page. The workloads are the demo providers' pages (12 small pages,
2 of them notices) and one large generated notice page (navigation, a cookie banner, inline script,
hundreds of sections with lists, links and a form). The paths:

* ``lxml``: the code at ``--baseline`` (the last commit before bs4), loaded from git history: lxml's own
  tree, page parts and notice extraction each parsing the page;
* ``bs4``: today's code as the crawl and the notice use it: one BeautifulSoup tree (lxml builder) per page,
  the policy page's tree handed from the crawl to the extraction;
* ``bs4 x2``: the same, but the notice extraction parsing the policy page again (what sharing saves).

Paths run in turn within each round, in rotated order, so other load on the machine hits all of them alike;
the ratios are of the medians over rounds, of CPU time (robust to other processes on a shared machine)
and of wall time. Both paths must read the same parts and the same notice text; the bench says if not.
Then the one-time import of each parser, in fresh interpreters, alternating.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from confaudit.analysis.html import parse_document  # noqa: E402
from confaudit.analysis.policytext.extract import extract_html  # noqa: E402
from confaudit.probes.crawl.htmlparts import page_parts, parse_tree  # noqa: E402

BASELINE = "200184d46e20a9c5c6a560e73af7f4aa50941110"  # restructure: page parts and notices on lxml alone
OLD_FILES = {
    "old_html": "confaudit/analysis/html.py",
    "old_htmlparts": "confaudit/probes/crawl/htmlparts.py",
    "old_extract": "confaudit/analysis/policytext/extract.py",
}
CTYPE = "text/html; charset=utf-8"

Page = tuple[str, bytes, bool]  # url, body, is a policy page


def load_baseline(rev: str) -> dict[str, types.ModuleType]:
    """The lxml-only modules as they were at ``rev``, imported under private names beside today's code."""
    modules: dict[str, types.ModuleType] = {}
    for name, path in OLD_FILES.items():
        try:
            source = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{rev}:{path}"], capture_output=True, text=True, check=True
            ).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(f"bench/html_parsing.py: cannot read {path} at {rev} from git history: {exc}")
        # the old modules import each other and the notice's helpers; point those imports at the right code
        source = source.replace("from confaudit.analysis.html import", "from old_html import")
        source = source.replace("from .", "from confaudit.analysis.policytext.")
        module = types.ModuleType(name)
        module.__file__ = f"{rev[:10]}:{path}"
        sys.modules[name] = module
        exec(compile(source, module.__file__, "exec"), module.__dict__)
        modules[name] = module
    return modules


def demo_pages() -> list[Page]:
    pages = []
    for path in sorted((REPO / "confaudit/demo/site-data").glob("*/www/*.html")):
        url = f"https://{path.parent.parent.name}.example/{path.stem}"
        pages.append((url, path.read_bytes(), "privacy" in path.stem))
    return pages


def large_page(kb: int) -> Page:
    """A notice page of about ``kb`` kB as a CMS serves one: furniture around many short sections."""
    nav = "".join(f'<li><a href="/section-{i}">Section {i}</a></li>' for i in range(60))
    script = "window.dataLayer=window.dataLayer||[];" + "function f(a){return a*2}" * 400
    head = (
        '<meta charset="utf-8"><title>Privacy notice | Practice</title>'
        '<link rel="stylesheet" href="/site.css"><link rel="preconnect" href="https://fonts.example">'
        f'<script src="https://tags.example/gtm.js"></script><script>{script}</script>'
    )
    banner = '<div id="cookie-consent-banner">We use cookies. <button>Accept all</button></div>'
    sections, i = [], 0
    body_size = 0
    while body_size < kb * 1024:
        s = (
            f'<section id="s{i}"><h2>{i}. How we use your information</h2>'
            f"<p>We keep your session notes for <b>seven years</b> after therapy ends, as our insurer requires "
            f'(see <a href="/retention#{i}">retention</a>). Item {i}.</p>'
            "<ul><li>Your GP, only with your consent.</li><li>Your supervisor, without your name.</li>"
            f'<li>A court, if ordered.</li><li><a href="https://ico.example/complain">The regulator</a></li></ul>'
            f'<p class="note">Last reviewed for section {i} on 4 March 2024.</p></section>'
        )
        sections.append(s)
        body_size += len(s)
        i += 1
    form = '<form action="/contact" method="post"><label for="e">Email</label><input id="e" name="email">'
    form += '<textarea name="message"></textarea><button>Send</button></form>'
    html = (
        f"<!doctype html><html><head>{head}</head><body><header><nav><ul>{nav}</ul></nav></header>{banner}"
        f"<main><h1>Privacy notice</h1>{''.join(sections)}{form}</main>"
        "<footer>Copyright Practice. Updated 1 June 2024.</footer></body></html>"
    )
    return ("https://practice.example/privacy", html.encode(), True)


def lxml_path(old: dict[str, types.ModuleType]) -> Callable[[list[Page]], list[Any]]:
    parse_html, old_extract_html = old["old_htmlparts"].parse_html, old["old_extract"].extract_html

    def run(pages: list[Page]) -> list[Any]:
        out = []
        for url, body, is_policy in pages:
            out.append(parse_html(body, url, CTYPE))
            if is_policy:
                out.append(old_extract_html(body, url, CTYPE))
        return out

    return run


def bs4_path(share: bool) -> Callable[[list[Page]], list[Any]]:
    def run(pages: list[Page]) -> list[Any]:
        out = []
        for url, body, is_policy in pages:
            tree = parse_tree(body, CTYPE)  # the crawl's parse
            out.append(page_parts(tree, url))
            if is_policy:
                out.append(extract_html(body, url, CTYPE, tree=tree if share else None))
        return out

    return run


def same(a: list[Any], b: list[Any]) -> bool:
    def plain(x: Any) -> Any:
        if hasattr(x, "sentences"):  # a notice: its headed sections and date
            return (x.title, [(s.heading, s.paragraphs) for s in x.sections], x.last_updated)
        return dataclasses.asdict(x)

    return [plain(x) for x in a] == [plain(x) for x in b]


def measure(
    paths: dict[str, Callable[[list[Page]], list[Any]]], pages: list[Page], reps: int, rounds: int
) -> dict[str, tuple[float, float]]:
    """Median CPU and wall milliseconds per pass over ``pages``, each path in turn every round."""
    cpu: dict[str, list[float]] = {name: [] for name in paths}
    wall: dict[str, list[float]] = {name: [] for name in paths}
    names = list(paths)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            c0, w0 = time.process_time(), time.perf_counter()
            for _ in range(reps):
                paths[name](pages)
            cpu[name].append((time.process_time() - c0) / reps * 1000)
            wall[name].append((time.perf_counter() - w0) / reps * 1000)
    return {name: (statistics.median(cpu[name]), statistics.median(wall[name])) for name in names}


IMPORTS = {
    "lxml": "import lxml.html",
    "bs4": "from confaudit.analysis.html import load_parser; load_parser()",
}


def import_times(runs: int) -> dict[str, tuple[float, float]]:
    """Median CPU and wall milliseconds of each parser's first import in a fresh interpreter (alternating)."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in IMPORTS}
    for _ in range(runs):
        for name, stmt in IMPORTS.items():
            code = (
                "import time; c, w = time.process_time(), time.perf_counter(); "
                f"{stmt}; print(time.process_time() - c, time.perf_counter() - w)"
            )
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
            cpu, wall = (float(x) * 1000 for x in out.stdout.split())
            times[name].append((cpu, wall))
    return {
        name: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v))
        for name, v in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the lxml-only path")
    parser.add_argument("--large-kb", type=int, default=300, help="size of the generated page")
    parser.add_argument("--import-runs", type=int, default=5)
    args = parser.parse_args()
    if args.rounds < 1 or args.large_kb < 1 or args.import_runs < 0:
        parser.error("--rounds and --large-kb must be at least 1, --import-runs at least 0")

    old = load_baseline(args.baseline)
    paths = {"lxml": lxml_path(old), "bs4": bs4_path(share=True), "bs4 x2": bs4_path(share=False)}
    parse_document("<p>warm</p>")  # imports done before timing: the import is measured on its own below
    old["old_html"].parse_document("<p>warm</p>")
    demo = demo_pages()
    large = [large_page(args.large_kb)]
    workloads = [
        (f"demo pages ({len(demo)}, {sum(len(p[1]) for p in demo) // 1024} kB)", demo, 20),
        (f"large notice page ({len(large[0][1]) // 1024} kB)", large, 1),
    ]
    print(f"HTML parsing, lxml-only path at {args.baseline[:10]} vs bs4 path; median of {args.rounds} rounds")
    print(f"{'workload':<30} {'path':<7} {'CPU ms':>9} {'wall ms':>9} {'CPU ratio':>10} {'wall ratio':>11}")
    for label, pages, reps in workloads:
        outputs = {name: run(pages) for name, run in paths.items()}
        agree = all(same(outputs["lxml"], outputs[name]) for name in paths)
        times = measure(paths, pages, reps, args.rounds)
        base_cpu, base_wall = times["lxml"]
        for name, (cpu, wall) in times.items():
            print(
                f"{label:<30} {name:<7} {cpu:>9.2f} {wall:>9.2f} {cpu / base_cpu:>9.2f}x {wall / base_wall:>10.2f}x"
            )
            label = ""
        print(f"{'':<30} same parts and notice text on every path: {'yes' if agree else 'NO'}")
    if args.import_runs:
        imports = import_times(args.import_runs)
        (lxml_cpu, lxml_wall), (bs4_cpu, bs4_wall) = imports["lxml"], imports["bs4"]
        print(
            f"first import, fresh interpreter (median of {args.import_runs}): lxml {lxml_cpu:.0f} ms CPU "
            f"({lxml_wall:.0f} ms wall), bs4 {bs4_cpu:.0f} ms CPU ({bs4_wall:.0f} ms wall); "
            f"CPU ratio {bs4_cpu / lxml_cpu:.2f}x"
        )


if __name__ == "__main__":
    main()
