"""Whole-process wall time of the ``confaudit`` command, against the sslyze CLI on the same loopback servers.

A user waits for the whole process, start-up included, so every figure here is a fresh process:

- ``confaudit --version`` and ``confaudit --help`` (goal: at most 0.2 s each);
- ``confaudit audit https://HOST:PORT/ --checks tls`` against a local nginx TLS server, vs the sslyze CLI's
  default scan of that server (goal: at most 1.0x);
- a full static audit (``--browser never``, every check) of a demo provider, vs the sslyze CLI's default
  scan of the same server (goal: at most 1.5x).

Each figure is the median of ``--runs`` processes; in every round each subject and the peer run once, one
after the other, so a busy machine slows them alike. The processes' CPU time (user + system, threads
included) is printed too: on a machine shared with other work it says more about the program than the
wall time does, and the load average is printed so the wall times can be read in context. ``--confaudit LABEL=PATH`` (repeatable) measures other
installs in the same run, e.g. a checkout of an older commit with its own virtualenv.

    .venv/bin/python bench/startup.py [--runs 5] [--confaudit main=../wt-main/.venv/bin/confaudit]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from confaudit.demo.run import demo_servers  # noqa: E402
from tests import tlsservers  # noqa: E402

GOALS = {"--version": 0.2, "--help": 0.2}
RATIO_GOALS = {"audit --checks tls": 1.0, "full static audit": 1.5}
LOOPBACK = "127.0.0.1"


@dataclass
class Figure:
    """One measured command: its argv for each subject, and the wall times seen."""

    name: str
    argv: Callable[[str], list[str]]
    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall time and CPU time of one process run to its end, its exit code and the end of its stderr."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, env=env, check=False)
    elapsed, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    return elapsed, cpu, proc.returncode, proc.stderr.decode(errors="replace")[-400:]


def sslyze_argv(host: str, port: int, ca_file: str) -> list[str]:
    """The sslyze CLI's default scan (every default plugin), trusting the test CA as confaudit does."""
    return [
        sys.executable,
        "-W",
        "ignore",
        "-m",
        "sslyze",
        "--quiet",
        f"--certinfo_ca_file={ca_file}",
        f"{host}:{port}{{{LOOPBACK}}}",
    ]


@contextmanager
def tls_server(directory: Path) -> Iterator[tuple[tlsservers.TlsServer, str]]:
    """An nginx serving Mozilla's intermediate profile under a private CA (Debian's nginx-light)."""
    lab = tlsservers.start_lab(directory, ("intermediate",))
    try:
        yield lab["intermediate"], str(lab.ca.pem_path)
    finally:
        lab.stop()


def compile_bytecode(executables: dict[str, str]) -> None:
    """Bytecode for every tree measured, as an installed package has (PYTHONDONTWRITEBYTECODE may be set)."""
    for exe in executables.values():
        python = Path(exe).with_name("python")
        code = "import confaudit, os; print(os.path.dirname(os.path.dirname(confaudit.__file__)))"
        tree = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
        root = Path(tree.stdout.strip())
        dirs = [str(root / d) for d in ("confaudit", "checks") if (root / d).is_dir()]
        subprocess.run([str(python), "-m", "compileall", "-q", *dirs], capture_output=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--confaudit",
        action="append",
        default=[],
        metavar="LABEL=PATH",
        help="another confaudit executable to measure in the same run (repeatable)",
    )
    args = parser.parse_args()
    subjects = {"this": str(Path(sys.executable).with_name("confaudit"))}
    for spec in args.confaudit:
        label, _, path = spec.partition("=")
        if not path or not Path(path).exists():
            parser.error(f"--confaudit wants LABEL=PATH of an executable, not {spec!r}")
        subjects[label] = path
    compile_bytecode(subjects)
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="confaudit-startup-")))
        env["XDG_DATA_HOME"] = str(tmp / "data")  # a history store of its own (every audit passes --no-store)
        server, tls_ca = stack.enter_context(tls_server(tmp / "tls"))
        demo, demo_ca, providers = stack.enter_context(demo_servers(tmp / "demo"))
        provider = providers[0]
        provider_host = provider.url.split("/")[2]
        tls_url = f"https://{server.host}:{server.https_port}/"
        tls_flags = [
            "--checks",
            "tls",
            "--browser",
            "never",
            "--only-resolved",
            "--resolve",
            f"{server.host}:{server.https_port}:{LOOPBACK}",
            "--ca-file",
            tls_ca,
            "--no-store",
            "-q",
        ]
        demo_flags = [
            "--browser",
            "never",
            "--only-resolved",
            "--ca-file",
            str(demo_ca.ca_file),
            "--no-store",
            "-q",
        ]
        for spec in demo.connect_to():
            demo_flags += ["--connect-to", spec]
        figures = [
            Figure("--version", lambda exe: [exe, "--version"]),
            Figure("--help", lambda exe: [exe, "--help"]),
            Figure("audit --checks tls", lambda exe: [exe, "audit", tls_url, *tls_flags]),
            Figure("sslyze CLI (nginx)", lambda exe: sslyze_argv(server.host, server.https_port, tls_ca)),
            Figure("full static audit", lambda exe: [exe, "audit", provider.url, *demo_flags]),
            Figure(
                "sslyze CLI (demo)",
                lambda exe: sslyze_argv(provider_host, demo.https_port, str(demo_ca.ca_file)),
            ),
        ]
        peers = {"sslyze CLI (nginx)", "sslyze CLI (demo)"}
        for _ in range(args.runs):
            for figure in figures:
                for label, exe in subjects.items():
                    if figure.name in peers and label != "this":
                        continue  # the peer does not depend on which confaudit is measured
                    elapsed, cpu, code, stderr = timed(figure.argv(exe), env)
                    figure.times.setdefault(label, []).append(elapsed)
                    figure.cpu.setdefault(label, []).append(cpu)
                    if code not in (0, 1):  # 1 is a threshold breach, still a complete audit
                        figure.failures[label] = f"exit {code}: {stderr.strip()}"

    med = {f.name: {label: statistics.median(t) for label, t in f.times.items()} for f in figures}
    cpu_med = {f.name: {label: statistics.median(t) for label, t in f.cpu.items()} for f in figures}
    print(f"median of {args.runs} processes each, subjects and peers alternating in every round")
    print(f"load average before {load_before}, after {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'figure':<22}" + "".join(f"{label:>12}" for label in subjects) + "   goal")
    ok = True
    for figure in figures:
        row = f"{figure.name:<22}"
        for label in subjects:
            value = med[figure.name].get(label)
            row += f"{value:>10.3f} s" if value is not None else f"{'':>12}"
        if figure.name in GOALS:
            met = med[figure.name]["this"] <= GOALS[figure.name]
            ok &= met
            row += f"   <= {GOALS[figure.name]} s: {'met' if met else 'NOT met'}"
        print(row)
    for name, peer in (
        ("audit --checks tls", "sslyze CLI (nginx)"),
        ("full static audit", "sslyze CLI (demo)"),
    ):
        base = med[peer]["this"]
        ratios = "".join(f"{med[name][label] / base:>11.2f}x" for label in subjects)
        met = med[name]["this"] / base <= RATIO_GOALS[name]
        ok &= met
        print(f"{name + ' / sslyze':<22}{ratios}   <= {RATIO_GOALS[name]}x: {'met' if met else 'NOT met'}")
    print(f"\n{'CPU time (user+system)':<22}" + "".join(f"{label:>12}" for label in subjects))
    for figure in figures:
        row = f"{figure.name:<22}"
        for label in subjects:
            value = cpu_med[figure.name].get(label)
            row += f"{value:>10.3f} s" if value is not None else f"{'':>12}"
        print(row)
    for name, peer in (
        ("audit --checks tls", "sslyze CLI (nginx)"),
        ("full static audit", "sslyze CLI (demo)"),
    ):
        base = cpu_med[peer]["this"]
        print(
            f"{name + ' / sslyze':<22}"
            + "".join(f"{cpu_med[name][label] / base:>11.2f}x" for label in subjects)
        )
    for figure in figures:
        for label, problem in figure.failures.items():
            ok = False
            print(f"{figure.name} ({label}) failed: {problem}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
