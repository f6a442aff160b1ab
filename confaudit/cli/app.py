"""The typer app and its consoles, shared by every module that adds commands.

Kept apart from the commands so they can all register on the one app without importing each other (and so
``python -m confaudit.cli`` runs the same app as the script). Nothing here imports more than typer: the
consoles make their rich ``Console`` when first used, so ``--help`` never loads rich.
"""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from confaudit import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from rich.console import Console

    from confaudit.model import AuditResult, Evidence
    from confaudit.model.options import AuditOptions

EXIT_OK, EXIT_THRESHOLD, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3

app = typer.Typer(
    name="confaudit",
    help="Audit online-therapy and counselling providers for confidentiality practices.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class LazyConsole:
    """A rich ``Console`` made on first use; attribute access goes to it (``err.print``, ``err.is_terminal``)."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def console(self) -> "Console":
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


out = LazyConsole(stderr=False)
err = LazyConsole(stderr=True)


def _version(value: bool) -> None:
    if value:
        print(f"confaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Audit online-therapy and counselling providers for confidentiality practices."""


def split_checks(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


# --- options shared by the commands that audit (one declaration, the same help everywhere) -----------

ChecksOpt = Annotated[str | None, typer.Option("--checks", help="Comma-separated check ids (default: all).")]
BrowserOpt = Annotated[str, typer.Option("--browser", help="auto|always|never: use a headless Chromium.")]
MaxPagesOpt = Annotated[int, typer.Option("--max-pages", help="Most pages the crawl visits per target.")]
ResolveOpt = Annotated[
    list[str] | None, typer.Option("--resolve", help="HOST:PORT:ADDR, as curl (repeatable).")
]
ConnectToOpt = Annotated[
    list[str] | None, typer.Option("--connect-to", help="HOST:PORT:ADDR:PORT, as curl (repeatable).")
]
OnlyResolvedOpt = Annotated[
    bool, typer.Option("--only-resolved", help="Reach only hosts given by --resolve/--connect-to; no DNS.")
]
CaFileOpt = Annotated[str | None, typer.Option("--ca-file", help="Extra trusted CA certificate (PEM).")]
AllowPrivateOpt = Annotated[
    bool, typer.Option("--allow-private", help="Let a public site's links lead to private addresses.")
]
TimeoutOpt = Annotated[float, typer.Option("--timeout", help="Seconds per request, body included.")]
BudgetOpt = Annotated[float, typer.Option("--budget", help="Seconds for the whole audit of one target.")]
MaxBodyOpt = Annotated[
    int, typer.Option("--max-body", help="Most bytes read of one response, after decompression.")
]
TrackerListOpt = Annotated[
    list[str] | None,
    typer.Option("--tracker-list", help="Extra tracker filter list, Adblock Plus syntax (repeatable)."),
]
NameserverOpt = Annotated[
    str | None,
    typer.Option("--nameserver", help="ADDR[:PORT] of the DNS server to ask (default: the system's)."),
]
GeoipDbOpt = Annotated[
    list[str] | None,
    typer.Option("--geoip-db", help="MaxMind-format IP location database (.mmdb), asked first (repeatable)."),
]

SignKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--sign-key", help="Sign each evidence bundle's manifest with this Ed25519 key (confaudit keygen)."
    ),
]


def audit_options(
    *,
    checks: str | None = None,
    resolve: list[str] | None = None,
    connect_to: list[str] | None = None,
    tracker_list: list[str] | None = None,
    geoip_db: list[str] | None = None,
    **rest: Any,
) -> "AuditOptions":
    """The options of an audit from the shared command-line options (repeatable ones absent as None)."""
    from confaudit.model.options import AuditOptions

    return AuditOptions(
        checks=split_checks(checks),
        resolve=resolve or [],
        connect_to=connect_to or [],
        tracker_lists=tracker_list or [],
        geoip_db=geoip_db or [],
        **rest,
    )


def load_sign_key(path: str | None, evidence: object) -> "Ed25519PrivateKey | None":
    """``--sign-key``, read before anything is audited so a bad key file is a usage error, not a lost audit."""
    if path is None:
        return None
    from confaudit.model.options import UsageError

    if not evidence:
        raise UsageError("--sign-key signs the evidence bundle: give --evidence DIR too")
    from confaudit.storage.signing import load_private_key

    return load_private_key(path)


def print_bundle(path: "Path", result: "AuditResult", key: "Ed25519PrivateKey | None") -> None:
    """Where the bundle went and its digest: the line to note down, since it pins the whole bundle."""
    digest = result.evidence.digest if result.evidence else None
    err.print(f"wrote evidence bundle {path} (digest {digest})", highlight=False, markup=False)
    if key is not None:
        from confaudit.storage.signing import SIGNATURE, fingerprint

        err.print(f"signed it ({path / SIGNATURE}) with key {fingerprint(key)}", highlight=False, markup=False)
    err.print(
        f"check it with: confaudit verify-evidence {path} --expect {digest}", highlight=False, markup=False
    )


def write_outputs_asked(
    result: "AuditResult",
    *,
    json_out: str | None,
    html_out: str | None,
    markdown_out: str | None,
    sarif_out: str | None,
    junit_out: str | None,
    evidence: "Evidence | None" = None,
) -> None:
    """Write each output the command was asked for (SARIF with the installed rules' metadata), naming each."""
    from confaudit.engine.registry import known_rules
    from confaudit.report import write_outputs

    for path in write_outputs(
        result,
        json_path=json_out,
        html_path=html_out,
        markdown_path=markdown_out,
        sarif_path=sarif_out,
        junit_path=junit_out,
        rules=known_rules() if sarif_out else None,
        evidence=evidence,
    ):
        err.print(f"wrote {path}", highlight=False)
