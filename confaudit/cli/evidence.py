"""``verify-evidence``, ``recheck`` and ``keygen``: a saved evidence bundle checked, judged again offline,
and the key that signs bundles."""

from pathlib import Path
from typing import Annotated

import typer

from confaudit.cli.app import EXIT_THRESHOLD, app, err, out, write_outputs_asked


@app.command("verify-evidence")
def verify_evidence_cmd(
    directory: Annotated[Path, typer.Argument(help="An evidence bundle (written by --evidence or batch).")],
    expect: Annotated[
        str | None,
        typer.Option(help="The digest recorded at audit time (sha256:...): fail if the bundle's differs."),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", help="The signer's public key (keygen's .pub): fail unless it signed."),
    ] = None,
) -> None:
    """Check every file of an evidence bundle against the SHA-256 in its manifest (exit 1 if any fails).

    On its own that shows the bundle agrees with itself; --expect and --public-key show it is the bundle the
    audit wrote (a bundle rewritten files and manifest together passes neither).
    """
    from confaudit.storage.bundle import parse_digest, verify_bundle
    from confaudit.storage.signing import load_public_key

    key = load_public_key(public_key) if public_key is not None else None  # a bad key: usage error first
    if expect is not None:
        parse_digest(expect)
    report = verify_bundle(directory, expect=expect, public_key=key)
    if not report.ok:
        for path, problem in report.problems:
            err.print(f"{path}: {problem}", highlight=False, markup=False)
        err.print(f"evidence NOT intact: {len(report.problems)} problem(s) in {directory}", highlight=False)
        raise typer.Exit(EXIT_THRESHOLD)
    sig = report.signature
    vouched = []
    if report.expected:
        vouched.append("the expected digest")
    if key is not None and sig is not None:
        vouched.append(f"a valid signature by key {sig.key_fingerprint}")
    out.print(
        f"ok: {report.checked} file(s) match their SHA-256; digest {report.digest}"
        + (f"; {' and '.join(vouched)}" if vouched else ""),
        highlight=False,
        markup=False,
    )
    if sig is not None and sig.present and key is None:
        err.print(
            f"note: signed by a key named {sig.key_fingerprint}; not checked (give --public-key to check it)",
            highlight=False,
            markup=False,
        )
    if not vouched:
        err.print(
            "note: this shows the bundle agrees with its own manifest; to show it is the bundle the audit "
            "wrote, give --expect DIGEST (from the result JSON or history) or --public-key",
            highlight=False,
            markup=False,
        )


@app.command("recheck")
def recheck_cmd(
    directory: Annotated[Path, typer.Argument(help="An evidence bundle (written by --evidence or batch).")],
    json_out: Annotated[str | None, typer.Option("--json", help="Write the result as JSON here.")] = None,
    html_out: Annotated[str | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    markdown_out: Annotated[str | None, typer.Option("--markdown", help="Write Markdown here.")] = None,
    sarif_out: Annotated[str | None, typer.Option("--sarif", help="Write SARIF 2.1.0 here.")] = None,
    junit_out: Annotated[str | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    no_verify: Annotated[
        bool,
        typer.Option(
            "--no-verify",
            help="Skip the whole-bundle check (missing or extra files the recheck does not read); every "
            "file it reads is still checked against its SHA-256.",
        ),
    ] = False,
    strict: Annotated[bool, typer.Option(help="Exit 1 if the findings differ from the original.")] = False,
) -> None:
    """Judge saved evidence again, offline (no network), and compare with the original findings."""
    from confaudit.engine.recheck import BundleTampered, recheck

    try:
        outcome = recheck(directory, verify=not no_verify)
    except BundleTampered as exc:
        for path, problem in exc.verification.problems:
            err.print(f"{path}: {problem}", highlight=False, markup=False)
        err.print(
            f"error: {exc}; a modified bundle cannot be rechecked as evidence "
            f"(confaudit verify-evidence {directory} names every file that fails)",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(EXIT_THRESHOLD) from None
    result = outcome.result
    write_outputs_asked(
        result,
        json_out=json_out,
        html_out=html_out,
        markdown_out=markdown_out,
        sarif_out=sarif_out,
        junit_out=junit_out,
    )
    score = f", score {result.score:.0f}" if result.score is not None else ""
    collected = outcome.original.started.strftime("%Y-%m-%d %H:%M UTC")
    if not outcome.differences:
        out.print(
            f"{result.target.label}: grade {result.grade}{score}; the same findings as the audit of {collected}",
            highlight=False,
            markup=False,
        )
        return
    out.print(
        f"{result.target.label}: grade {result.grade}{score}; DIFFERENT from the audit of {collected}:",
        highlight=False,
        markup=False,
    )
    for line in outcome.differences:
        out.print(f"  {line}", highlight=False, markup=False)
    if strict:
        raise typer.Exit(EXIT_THRESHOLD)


@app.command("keygen")
def keygen_cmd(
    path: Annotated[Path, typer.Argument(help="Where to write the private key; the public key goes to PATH.pub.")],
) -> None:
    """Make an Ed25519 key pair for signing evidence bundles (audit/batch --sign-key PATH).

    Give PATH.pub (or its fingerprint) to whoever will check the bundles: verify-evidence --public-key.
    """
    from confaudit.storage.signing import generate_keypair

    private, public, fp = generate_keypair(path)
    out.print(
        f"wrote private key {private} (mode 0600: keep it secret) and public key {public}",
        highlight=False,
        markup=False,
    )
    out.print(f"fingerprint {fp}", highlight=False, markup=False)
