"""Plans the probes the selected checks need, runs them concurrently, judges, scores.

Probes do all the I/O and run at once (a probe waits only for the probes it declares in ``after``);
checks then run as pure functions over the evidence. A probe or check that fails is recorded and the
rest go on; only a target that cannot be reached at all ends the audit early.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore

from confaudit import __version__
from confaudit.api.check import Check
from confaudit.api.probe import ProbeContext
from confaudit.engine.registry import Registry, load
from confaudit.knowledge import Knowledge
from confaudit.knowledge.addresses import address_class
from confaudit.model import (
    AuditResult,
    CheckResult,
    CheckStatus,
    Evidence,
    PageSummary,
    ProbeRun,
    Target,
    utcnow,
)
from confaudit.model.options import AuditOptions, HostMap, UsageError
from confaudit.net.client import Net
from confaudit.net.guard import AddressGuard
from confaudit.net.resolver import Resolver
from confaudit.results.scoring import score_result

Progress = Callable[[str, str], None]


@dataclass
class AuditRun:
    result: AuditResult
    evidence: Evidence

    @property
    def unreachable(self) -> bool:
        return self.result.error is not None


def check_target_url(url: str) -> Target:
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a bad port
    except ValueError as exc:
        raise UsageError(f"not a valid URL: {url!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {url!r}")
    return Target(url=url if parts.path else url + "/")


def validate_options(options: AuditOptions) -> HostMap:
    """Every option checked before anything runs, location databases opened once to prove they read."""
    hostmap = options.validate()
    if options.geoip_db:
        from confaudit.knowledge.location import open_database  # the location tables load only when asked
    for path in options.geoip_db:
        try:
            open_database(path)
        except ValueError as exc:
            raise UsageError(f"--geoip-db {path}: {exc}") from None
    return hostmap


async def target_network(target: Target, hostmap: HostMap, options: AuditOptions) -> str:
    """The kind of network the target is on (public, loopback ...): the address guard's reference point."""
    parts = urlsplit(target.url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addrs = await Resolver(hostmap, options.only_resolved).resolve(target.host, port)
    return address_class(addrs[0][0])


async def audit(
    target: Target,
    options: AuditOptions,
    *,
    registry: Registry | None = None,
    knowledge: Knowledge | None = None,
    progress: Progress | None = None,
) -> AuditRun:
    hostmap = validate_options(options)
    registry = registry or load()
    knowledge = knowledge or Knowledge(tracker_lists=options.tracker_lists)
    checks = registry.select(options.checks)
    plan = registry.plan(checks)
    registry.preload(plan)  # the probes' libraries load while the rest is set up
    notify = progress or (lambda event, name: None)
    started = utcnow()
    evidence = Evidence(target=target)
    runs: list[ProbeRun] = []
    error: str | None = None
    prepared = asyncio.create_task(asyncio.to_thread(prepare, checks, knowledge))

    try:
        target_class = await target_network(target, hostmap, options)
    except httpcore.ConnectError as exc:
        error = f"cannot reach {target.host}: {exc}"
        target_class = "public"

    if error is None:
        guard = AddressGuard(target_class=target_class, allow_private=options.allow_private)
        async with Net(options, hostmap, guard) as net:
            ctx = ProbeContext(target=target, options=options, hostmap=hostmap, net=net, evidence=evidence)
            runs = await _run_probes(registry, plan, ctx, notify)
        crawl = evidence.crawl
        if "crawl" in plan and (crawl is None or not crawl.reachable):
            reasons = crawl.errors if crawl else [evidence.errors.get("crawl", "the crawl did not run")]
            error = f"could not fetch {target.url}: {'; '.join(reasons[:3]) or 'no HTML page'}"

    await prepared
    results = judge(evidence, checks, knowledge, error=error, progress=notify)
    crawl = evidence.crawl
    result = AuditResult(
        target=target,
        started=started,
        finished=utcnow(),
        tool_version=__version__,
        options=options.to_dict(),
        checks=results,
        score=None,
        grade="?",
        probes=runs,
        pages=[PageSummary(p.url, p.kind, p.exchange.status, p.title) for p in crawl.pages] if crawl else [],
        plugins=registry.origins_of(checks, plan),
        error=error,
    )
    score_result(result)
    return AuditRun(result=result, evidence=evidence)


def prepare(checks: list[Check], knowledge: Knowledge) -> None:
    """Each check's one-time set-up; a failure is met again by the check's judge, which records it."""
    for check in checks:
        if check.prepare is not None:
            with contextlib.suppress(Exception):
                check.prepare(knowledge)


def judge(
    evidence: Evidence,
    checks: list[Check],
    knowledge: Knowledge,
    *,
    error: str | None = None,
    progress: Progress | None = None,
) -> list[CheckResult]:
    """Run the checks over collected evidence; pure, so ``recheck`` re-judges a saved bundle the same way.

    ``error`` (why the target could not be audited) becomes the reason of each check skipped for it.
    """
    notify = progress or (lambda event, name: None)
    results = []
    for check in checks:
        result = check.run(evidence, knowledge)
        if error is not None and result.status == CheckStatus.SKIPPED:
            result.reason = error
        results.append(result)
        notify("check-done", check.id)
    return results


async def _run_probes(
    registry: Registry, plan: list[str], ctx: ProbeContext, notify: Progress
) -> list[ProbeRun]:
    tasks: dict[str, asyncio.Task[Any]] = {}
    runs: dict[str, ProbeRun] = {}

    async def run_one(name: str) -> None:
        probe = registry.probes[name]
        for dep in probe.after:
            await tasks[dep]
        notify("probe-start", name)
        t0 = time.perf_counter()
        run = ProbeRun(name=name, version=probe.version, status=CheckStatus.OK)
        try:
            async with asyncio.timeout(ctx.options.budget):
                ctx.evidence.parts[name] = await probe.run(ctx)
        except TimeoutError:
            run.status = CheckStatus.ERROR
            run.error = f"stopped after the time budget of {ctx.options.budget:g} s"
        except Exception as exc:  # one failing probe never sinks the others
            run.status = CheckStatus.ERROR
            run.error = f"{type(exc).__name__}: {exc}"[:500]
        if run.error:
            ctx.evidence.errors[name] = run.error
        run.duration_s = round(time.perf_counter() - t0, 3)
        runs[name] = run
        notify("probe-done", name)

    for name in plan:
        tasks[name] = asyncio.create_task(run_one(name))
    await asyncio.gather(*tasks.values())
    return [runs[n] for n in plan]


def audit_sync(target: Target, options: AuditOptions, **kwargs: Any) -> AuditRun:
    return asyncio.run(audit(target, options, **kwargs))
