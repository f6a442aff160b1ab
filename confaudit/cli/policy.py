"""``confaudit policy``: lint one privacy notice, a draft file or a published URL."""

import json
from pathlib import Path
from typing import Annotated

import typer

from confaudit.cli.app import (
    EXIT_UNREACHABLE,
    AllowPrivateOpt,
    CaFileOpt,
    ConnectToOpt,
    OnlyResolvedOpt,
    ResolveOpt,
    TimeoutOpt,
    app,
    audit_options,
    err,
    out,
)


@app.command("policy")
def policy_cmd(
    source: Annotated[
        str, typer.Argument(help="A notice: .html/.htm/.pdf/.txt/.md file, or an http(s) URL.")
    ],
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the clause table as JSON ('-': stdout).")
    ] = None,
    resolve: ResolveOpt = None,
    connect_to: ConnectToOpt = None,
    only_resolved: OnlyResolvedOpt = False,
    ca_file: CaFileOpt = None,
    allow_private: AllowPrivateOpt = False,
    timeout: TimeoutOpt = 15.0,
) -> None:
    """Lint one privacy notice (a draft file or a published URL): each clause's status with its first quote."""
    import asyncio

    from rich.table import Table
    from rich.text import Text

    from confaudit.analysis.policytext import ExtractionError, analyse, extract_any, severity_for
    from confaudit.engine.audit import check_target_url
    from confaudit.engine.policy import fetch_notice
    from confaudit.model.options import UsageError

    if "://" in source:
        target = check_target_url(source)
        options = audit_options(
            resolve=resolve,
            connect_to=connect_to,
            only_resolved=only_resolved,
            ca_file=ca_file,
            allow_private=allow_private,
            timeout=timeout,
        )
        body, ctype, url, problem = asyncio.run(fetch_notice(target, options))
        if problem:
            err.print(f"error: {source}: {problem}", highlight=False, markup=False)
            raise typer.Exit(EXIT_UNREACHABLE)
        data: bytes = body
    else:
        path = Path(source)
        if not path.is_file():
            raise UsageError(f"no such file: {source}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"{source}: {exc.strerror}") from None
        suffix = path.suffix.lower()
        ctype = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html"}.get(
            suffix, "text/plain"
        )
        url = str(path)
    try:
        doc = extract_any(data, url, ctype)
    except ExtractionError as exc:
        err.print(f"error: cannot read the notice: {exc}", highlight=False, markup=False)
        raise typer.Exit(EXIT_UNREACHABLE) from None
    result = analyse(doc)
    payload = {"source": source, "title": doc.title, "word_count": doc.word_count, **result.to_dict()}
    english = doc.language in ("en", "unknown")
    if not english:
        payload["skipped"] = f"the notice is in {doc.language}; the clause rules read English only"
    if json_out == "-":
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if json_out:
        Path(json_out).write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        err.print(f"wrote {json_out}", highlight=False, markup=False)
    if not english:
        err.print(f"note: {payload['skipped']}", highlight=False, markup=False)
        return
    table = Table(
        title=Text(
            f"{doc.title or url}: {sum(r.status == 'present' for r in result.clauses.values())}"
            f"/{len(result.clauses)} clauses present"
        )
    )
    for col in ("clause", "status", "severity", "first quote"):
        table.add_column(col, no_wrap=col == "clause")
    style = {"present": "green", "partial": "yellow", "absent": "red"}
    for cid, r in result.clauses.items():
        quote = r.quotes[0].text if r.quotes else ""
        table.add_row(
            Text(cid),
            Text(r.status, style=style[r.status]),
            Text(severity_for(cid, r.status) or ""),
            Text(quote[:160] + ("…" if len(quote) > 160 else "")),
        )
    out.print(table)
    updated = result.last_updated.isoformat() if result.last_updated else "no date found"
    ease = result.readability
    out.print(
        Text(
            f"last updated: {updated}; reading ease {ease.flesch_reading_ease:.0f}, "
            f"about {ease.reading_time_minutes:.0f} min to read ({ease.word_count} words)"
        )
    )
    for q in result.over_promises:
        out.print(Text(f"over-promise: {q.text[:200]}"))

