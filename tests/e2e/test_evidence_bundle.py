"""Evidence bundles: every response kept with its hash and time, tampering caught, and an offline recheck
that reaches the same findings as the original audit."""

from __future__ import annotations

import hashlib
import json
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from confaudit.engine.recheck import BundleTampered, recheck
from confaudit.engine.registry import load
from confaudit.model import AuditResult, PageKind
from confaudit.model.browser import BrowserEvidence, BrowserRequest, Screenshot
from confaudit.model.serde import to_jsonable
from confaudit.storage.bundle import build_bundle, load_bundle, save_evidence, verify_bundle
from tests.conftest import run_cli
from tests.sites.headers import insecure_site, secure_site

TIMES = {"started", "finished", "duration_s", "evidence_dir"}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in TIMES}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def assert_same_findings(original: AuditResult, again: AuditResult) -> None:
    """Field by field, so a difference names itself; only times (and the bundle path) may differ."""
    a, b = original.to_dict(), again.to_dict()
    for key in a:
        if key in TIMES or key == "checks":
            continue
        assert without_times(a[key]) == without_times(b[key]), key
    assert [c["check"] for c in a["checks"]] == [c["check"] for c in b["checks"]]
    for ca, cb in zip(a["checks"], b["checks"], strict=True):
        for key in ca:
            if key == "findings":
                assert len(ca["findings"]) == len(cb["findings"]), ca["check"]
                for fa, fb in zip(ca["findings"], cb["findings"], strict=True):
                    assert fa == fb, (ca["check"], fa["rule"])
            elif key not in TIMES:
                assert without_times(ca[key]) == without_times(cb[key]), (ca["check"], key)


@pytest.fixture
def served(worlds):
    """The headers world's sites, started once per session."""
    return worlds.world("headers")


def test_bundle_keeps_every_response_and_the_manifest_says_what_and_when(worlds, tmp_path):
    run = worlds.live("headers-tls-insecure").run  # checks headers and tls, no browser
    bundle_dir = save_evidence(run.result, run.evidence, tmp_path / "ev")
    assert run.result.evidence_dir == str(tmp_path / "ev")
    manifest = json.loads((bundle_dir / "manifest.json").read_text())
    files = {f["path"]: f for f in manifest["files"]}

    # every file listed, with its SHA-256, size and a UTC fetch time
    for rel, entry in files.items():
        data = (bundle_dir / rel).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
        assert datetime.fromisoformat(entry["fetched_at"]).utcoffset().total_seconds() == 0
    assert {
        "evidence.json",
        "result.json",
        "responses/index.json",
        "parts/crawl.json",
        "parts/tls.json",
    } <= set(files)

    # one body file and one header file per response, named from the URL's hash, bodies byte for byte
    index = json.loads((bundle_dir / "responses/index.json").read_text())
    crawl = run.evidence.crawl
    for page in crawl.pages:
        entry = next(e for e in index if e["url"] == page.exchange.url and e["fetched_at"])
        assert entry["body"].startswith(
            "responses/" + hashlib.sha256(page.exchange.url.encode()).hexdigest()[:20]
        )
        assert (bundle_dir / entry["body"]).read_bytes() == page.exchange.body
        assert files[entry["body"]]["fetched_at"] == page.exchange.fetched_at.isoformat()
        headers = (bundle_dir / entry["headers"]).read_text()
        for name, value in page.exchange.headers:
            assert f"{name}: {value}\n" in headers

    # the sslyze result is the TLS evidence as JSON
    tls = json.loads((bundle_dir / "parts/tls.json").read_text())
    assert tls["host"] == "insecure.example" and tls["available"] is True

    # versions and options, so the run can be reproduced
    assert manifest["format"] == "confaudit-evidence"
    assert manifest["tool"]["version"] == run.result.tool_version
    assert "sslyze" in manifest["tool"]["packages"]
    assert "public-suffix-list" in manifest["data_versions"]
    assert (
        manifest["options"]["checks"] == ["headers", "tls"] and manifest["options"]["only_resolved"] is True
    )
    assert {p["name"]: p["version"] for p in manifest["probes"]}.keys() == {"crawl", "tls"}
    assert {c["id"] for c in manifest["checks"]} == {"headers", "tls"}
    assert all(c["version"] for c in manifest["checks"])
    assert verify_bundle(bundle_dir).ok


def test_recheck_equals_the_original_field_by_field(worlds, tmp_path, monkeypatch):
    run = worlds.live("headers-tls-insecure").run
    bundle_dir = save_evidence(run.result, run.evidence, tmp_path / "ev")
    # no connection can be made, so nothing can be fetched (the session's servers keep running)
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)

    again = recheck(bundle_dir)
    assert again.differences == []
    assert_same_findings(run.result, again.result)
    assert again.result.grade == run.result.grade and any(f.failed for f in again.result.findings())
    # the rebuilt evidence equals what the checks first saw
    saved = load_bundle(bundle_dir, load().evidence_types())
    for name, part in run.evidence.parts.items():
        assert to_jsonable(saved.evidence.parts[name]) == to_jsonable(part), name
        assert type(saved.evidence.parts[name]) is type(part)


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"network used during recheck: {args}")


def test_bytes_anywhere_in_evidence_become_files_and_come_back(worlds, tmp_path):
    """Generic: a screenshot's bytes are externalised like response bodies, and a HAR is derived."""
    run = worlds.live("headers-secure").run
    shot_time = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    run.evidence.parts["browser"] = BrowserEvidence(
        ran=True,
        browser="Chromium 140",
        started=shot_time,
        requests=[
            BrowserRequest(
                "https://px.tracker.example/p?x=1",
                "POST",
                "xhr",
                "https://secure.example/book",
                post_body="email=canary%40x",
                headers=[("content-type", "application/x-www-form-urlencoded")],
                status=204,
            )
        ],
        screenshots=[
            Screenshot("https://secure.example/", "image/png", PNG, hashlib.sha256(PNG).hexdigest())
        ],
    )
    run.evidence.crawl.pages[0].meta["$file"] = (
        "../../../etc/passwd"  # a site's own data posing as a reference
    )
    bundle = build_bundle(run.result, run.evidence)
    shots = [f for f in bundle.files if f.kind == "screenshot"]
    assert len(shots) == 1 and shots[0].data == PNG and shots[0].path.endswith(".png")
    assert shots[0].fetched_at == shot_time and shots[0].url == "https://secure.example/"
    har = json.loads(next(f for f in bundle.files if f.kind == "har").data)
    entry = har["log"]["entries"][0]
    assert entry["request"]["method"] == "POST" and entry["request"]["postData"]["text"] == "email=canary%40x"
    assert entry["response"]["status"] == 204
    bundle_dir = bundle.write(tmp_path / "ev")
    assert verify_bundle(bundle_dir).ok
    saved = load_bundle(bundle_dir, load().evidence_types())
    assert saved.evidence.parts["browser"] == run.evidence.parts["browser"]
    assert saved.evidence.crawl.pages[0].meta["$file"] == "../../../etc/passwd"
    assert saved.evidence.crawl.pages[0].kind == PageKind.HOME


def test_verify_evidence_names_modified_missing_and_extra_files(worlds, tmp_path):
    run = worlds.live("headers-insecure").run
    bundle_dir = save_evidence(run.result, run.evidence, tmp_path / "ev")
    ok = run_cli("verify-evidence", str(bundle_dir))
    assert ok.returncode == 0 and "match their SHA-256" in ok.stdout

    index = json.loads((bundle_dir / "responses/index.json").read_text())
    body = bundle_dir / index[0]["body"]
    body.write_bytes(body.read_bytes().replace(b"<", b"[", 1) + b"<!-- edited -->")
    (bundle_dir / "parts/crawl.json").unlink()
    (bundle_dir / "notes.txt").write_text("added later")
    proc = run_cli("verify-evidence", str(bundle_dir))
    assert proc.returncode == 1
    assert f"{index[0]['body']}: modified" in proc.stderr
    assert "parts/crawl.json: missing" in proc.stderr
    assert "notes.txt: not listed in the manifest" in proc.stderr

    with pytest.raises(BundleTampered):
        recheck(bundle_dir)
    refused = run_cli("recheck", str(bundle_dir))
    assert refused.returncode == 1 and "fail verification" in refused.stderr

    not_a_bundle = run_cli("verify-evidence", str(tmp_path))
    assert not_a_bundle.returncode == 2 and "not an evidence bundle" in not_a_bundle.stderr


def test_audit_evidence_flag_then_recheck_command(serve, tmp_path):
    """The commands a regulator runs: audit with --evidence, later recheck the folder, offline."""
    served = serve(secure_site(), insecure_site())  # its own servers: stopped before the recheck
    first = tmp_path / "first.json"
    proc = run_cli(
        "audit",
        "https://insecure.example/",
        *served.cli_args(),
        "--checks",
        "headers",
        "-q",
        "--json",
        str(first),
        "--evidence",
        str(tmp_path / "bundle"),
        "--no-store",
    )
    assert proc.returncode == 0, proc.stderr
    original = AuditResult.from_dict(json.loads(first.read_text()))
    assert original.evidence_dir == str(tmp_path / "bundle")
    served.server.stop()

    again_path = tmp_path / "again.json"
    proc = run_cli(
        "recheck", str(tmp_path / "bundle"), "--json", str(again_path), "--html", str(tmp_path / "again.html")
    )
    assert proc.returncode == 0, proc.stderr
    assert "the same findings as the audit of" in proc.stdout
    assert_same_findings(original, AuditResult.from_dict(json.loads(again_path.read_text())))
    assert "<script" not in (tmp_path / "again.html").read_text()


def test_an_evidence_folder_that_holds_other_files_is_refused(served, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("not evidence")
    proc = run_cli(
        "audit", "https://secure.example/", *served.cli_args(), "--checks", "headers", "-q",
        "--evidence", str(tmp_path / "mine"), "--no-store",
    )  # fmt: skip
    assert proc.returncode == 2 and "not an evidence bundle" in proc.stderr
    assert (tmp_path / "mine" / "thesis.docx").exists()
    assert not Path(tmp_path / "mine" / "manifest.json").exists()


def test_the_policy_text_is_kept_for_people_to_read(serve, tmp_path):
    from confaudit.demo.server import Site
    from tests.conftest import page

    notice = (
        "We keep what you tell us confidential. We share it only when someone is at serious risk of harm."
    )
    site = Site(
        host="notice.example",
        routes={
            "/": page('<a href="/privacy">Privacy notice</a>', "Notice Counselling"),
            "/privacy": page(f"<main><h1>Privacy notice</h1><p>{notice}</p></main>", "Privacy notice"),
        },
    )
    run = serve(site).audit("https://notice.example/", checks=["headers"], browser="never")
    bundle = build_bundle(run.result, run.evidence)
    texts = [f for f in bundle.files if f.kind == "policy-text"]
    assert len(texts) == 1 and texts[0].url == "https://notice.example/privacy"
    assert "serious risk of harm" in texts[0].data.decode()
