"""The self-contained HTML report.

Everything from an audited site is untrusted: the report autoescapes every value and loads nothing from
anywhere (inline CSS only, and a Content-Security-Policy meta tag as a backstop), so opening a report
neither runs a site's text nor tells anyone it was read.
"""

from __future__ import annotations

import base64
import functools
import math
from importlib.resources import files

from jinja2 import Environment, FileSystemLoader, select_autoescape

from confaudit.knowledge.references import lookup
from confaudit.model import AuditResult, Evidence
from confaudit.report.verdict import plain_verdict
from confaudit.results.ranking import ranked


@functools.cache
def _env() -> Environment:
    """One environment per process: compiling the report template costs ~50 ms, a batch renders many."""
    root = files("confaudit.templates")
    env = Environment(loader=FileSystemLoader(str(root)), autoescape=select_autoescape(default=True))
    env.globals["ranked"] = ranked
    env.globals["reference"] = lookup  # a finding's reference wording -> its catalogue entry, for the link
    env.filters["cos"] = math.cos
    env.filters["sin"] = math.sin
    return env


def screenshots(evidence: Evidence | None) -> list[dict[str, str]]:
    """The browser's screenshots of sensitive pages, as data for ``<img src="data:...">``.

    They live in the evidence, not in the result JSON (they are large); a report rendered with the
    evidence at hand (audit, demo, recheck) embeds them.
    """
    browser = evidence.get("browser") if evidence is not None else None
    shots = getattr(browser, "screenshots", None) or []
    out = []
    for shot in shots:
        mime = shot.mime if shot.mime in ("image/png", "image/jpeg", "image/webp") else None
        if mime and shot.data:
            out.append(
                {"url": shot.page_url, "mime": mime, "b64": base64.b64encode(shot.data).decode("ascii")}
            )
    return out


def prepare() -> None:
    """Compile the report template now (a batch does it in a thread while its first audits fetch)."""
    _env().get_template("report.html.j2")


def render_html(result: AuditResult, evidence: Evidence | None = None) -> str:
    template = _env().get_template("report.html.j2")
    return template.render(r=result, v=plain_verdict(result), shots=screenshots(evidence))
