"""Evidence with a chain of custody: the bundle's digest noted outside it (result JSON, batch summaries and
store, history), Ed25519 signatures, and a recheck that names the rules whose verdict changed.

The bundles are real: written by real audits of the loopback test sites. The tampering a regulator fears is
the one a plain ``verify-evidence`` cannot see: a file changed and the manifest rewritten to match.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from confaudit.model import EvidenceRef
from confaudit.report import render_json
from confaudit.report.outputs import with_evidence_digest
from confaudit.schema import result_schema
from confaudit.storage.bundle import bundle_digest, save_evidence, verify_bundle
from confaudit.storage.history import Store
from confaudit.storage.results import BatchStore
from confaudit.storage.signing import generate_keypair, load_private_key, load_public_key, sign_manifest
from tests.conftest import run_cli
from tests.sites.batch import batch_command, provider
from tests.sites.headers import insecure_site, secure_site


def manifest_digest_of(bundle: Path) -> str:
    return "sha256:" + hashlib.sha256((bundle / "manifest.json").read_bytes()).hexdigest()


def rehash(bundle: Path) -> None:
    """What a forger does after editing files: make the manifest agree with them again."""
    manifest = json.loads((bundle / "manifest.json").read_text())
    for entry in manifest["files"]:
        data = (bundle / entry["path"]).read_bytes()
        entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    manifest["bundle_sha256"] = bundle_digest(manifest["files"])
    (bundle / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


def resign(bundle: Path, key_path: Path, **override: Any) -> None:
    doc = json.loads(sign_manifest((bundle / "manifest.json").read_bytes(), load_private_key(key_path)))
    (bundle / "manifest.sig").write_text(json.dumps({**doc, **override}))


def home_body(bundle: Path) -> Path:
    index = json.loads((bundle / "responses/index.json").read_text())
    entry = next(e for e in index if e["url"] == "https://insecure.example/" and e["status"] == 200)
    return bundle / entry["body"]


@pytest.fixture
def served(serve):
    return serve(secure_site(), insecure_site())


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    signer = generate_keypair(tmp_path / "signer.key")[0]
    other = generate_keypair(tmp_path / "other.key")[0]
    return {"key": signer, "pub": Path(f"{signer}.pub"), "other": other, "other_pub": Path(f"{other}.pub")}


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(tmp_path):
    proc = run_cli("keygen", str(tmp_path / "regulator.key"))
    assert proc.returncode == 0, proc.stderr
    private, public = tmp_path / "regulator.key", tmp_path / "regulator.key.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    fp = proc.stdout.split("fingerprint ")[1].split()[0]
    assert fp.startswith("sha256:") and len(fp) == 71
    assert (
        load_public_key(public).public_bytes_raw()
        == load_private_key(private).public_key().public_bytes_raw()
    )

    before = private.read_bytes()
    again = run_cli("keygen", str(private))
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
    assert private.read_bytes() == before


def test_the_digest_is_printed_recorded_in_the_result_and_history_and_checked_by_expect(
    served, tmp_path, keys
):
    bundle, result_path, store = tmp_path / "bundle", tmp_path / "result.json", tmp_path / "history.sqlite"
    proc = run_cli(
        "audit", "https://insecure.example/", *served.cli_args(), "--checks", "headers", "-q",
        "--json", str(result_path), "--evidence", str(bundle), "--sign-key", str(keys["key"]),
        "--store", str(store),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    digest = manifest_digest_of(bundle)
    assert f"wrote evidence bundle {bundle} (digest {digest})" in proc.stderr
    assert f"verify-evidence {bundle} --expect {digest}" in proc.stderr

    # the result JSON names the bundle and its digest (schema 1.2); the copy inside cannot, and says null
    doc = json.loads(result_path.read_text())
    jsonschema.validate(doc, result_schema())
    assert doc["schema_version"] == "1.2"
    assert doc["evidence"] == {"dir": str(bundle), "digest": digest} and doc["evidence_dir"] == str(bundle)
    inner = json.loads((bundle / "result.json").read_text())
    assert inner["evidence"] == {"dir": str(bundle), "digest": None}
    jsonschema.validate(inner, result_schema())

    # the history store keeps it, in a column, and shows it
    rows = json.loads(run_cli("history", "https://insecure.example/", "--store", str(store), "--json").stdout)
    assert [r["evidence_digest"] for r in rows] == [digest]
    table = run_cli("history", "https://insecure.example/", "--store", str(store), env={"COLUMNS": "200"})
    assert digest[:23] in table.stdout and "--json gives it whole" in table.stderr

    # intact, as recorded, signed by the key given
    ok = run_cli("verify-evidence", str(bundle), "--expect", digest, "--public-key", str(keys["pub"]))
    assert ok.returncode == 0, ok.stderr
    assert f"digest {digest}; the expected digest and a valid signature by key" in ok.stdout

    # a body edited and the manifest rewritten to match: it still agrees with itself ...
    body = home_body(bundle)
    body.write_bytes(body.read_bytes().replace(b"connect.tracker.example", b"cdn.example.org"))
    rehash(bundle)
    alone = run_cli("verify-evidence", str(bundle))
    assert alone.returncode == 0 and "give --expect DIGEST" in alone.stderr
    assert "signed by a key named" in alone.stderr
    # ... but it is not the bundle the audit wrote: the noted digest and the signature both say so
    expect = run_cli("verify-evidence", str(bundle), "--expect", digest)
    assert expect.returncode == 1
    assert (
        f"manifest.json: the bundle's digest is {manifest_digest_of(bundle)}, not the expected {digest}"
        in (expect.stderr)
    )
    signed = run_cli("verify-evidence", str(bundle), "--public-key", str(keys["pub"]))
    assert (
        signed.returncode == 1
        and "manifest.sig: manifest.json was changed after it was signed" in signed.stderr
    )
    assert "Traceback" not in expect.stderr + signed.stderr

    # bad input is a usage error, before anything is checked
    for args, message in (
        (["--expect", "sha256:1234"], "is not a bundle digest"),
        (["--public-key", str(tmp_path / "nothing.pub")], "no such key file"),
        (["--public-key", str(keys["key"])], "is a private key"),
        (["--public-key", str(result_path)], "is not a PEM public key"),
    ):
        bad = run_cli("verify-evidence", str(bundle), *args)
        assert bad.returncode == 2 and message in bad.stderr and "Traceback" not in bad.stderr, args


def test_a_forged_bundle_fails_the_signature_with_a_swapped_key_and_without_one(served, tmp_path, keys):
    run = served.audit("https://insecure.example/", checks=["headers"], browser="never")
    bundle = save_evidence(run.result, run.evidence, tmp_path / "ev", sign_key=load_private_key(keys["key"]))
    digest = run.result.evidence.digest
    assert digest == manifest_digest_of(bundle)
    assert verify_bundle(bundle, expect=digest, public_key=load_public_key(keys["pub"])).ok
    assert "manifest.sig" not in json.loads((bundle / "manifest.json").read_text())["files"]

    # the forger edits a body, rewrites the manifest and signs with a key of their own
    body = home_body(bundle)
    body.write_bytes(body.read_bytes() + b"<!-- nothing to see -->")
    rehash(bundle)
    resign(bundle, keys["other"])
    genuine = run_cli("verify-evidence", str(bundle), "--public-key", str(keys["pub"]))
    assert genuine.returncode == 1 and "manifest.sig names key sha256:" in genuine.stderr
    assert "not the given key" in genuine.stderr
    # the forger's own key vouches for the forgery, and the digest noted at audit time still catches it
    assert verify_bundle(bundle, public_key=load_public_key(keys["other_pub"])).ok
    both = run_cli("verify-evidence", str(bundle), "--expect", digest, "--public-key", str(keys["other_pub"]))
    assert both.returncode == 1 and "not the expected" in both.stderr

    # claiming the genuine key's fingerprint does not make the forger's signature valid
    real_fp = json.loads(sign_manifest(b"x", load_private_key(keys["key"])))["key_fingerprint"]
    resign(bundle, keys["other"], key_fingerprint=real_fp)
    claimed = run_cli("verify-evidence", str(bundle), "--public-key", str(keys["pub"]))
    assert (
        claimed.returncode == 1
        and "manifest.sig: the signature in manifest.sig is not valid" in claimed.stderr
    )

    # no signature at all, when a key is given to check it
    (bundle / "manifest.sig").unlink()
    missing = run_cli("verify-evidence", str(bundle), "--public-key", str(keys["pub"]))
    assert missing.returncode == 1 and "manifest.sig: no signature (manifest.sig)" in missing.stderr
    garbled = bundle / "manifest.sig"
    garbled.write_text("not json")
    bad = run_cli("verify-evidence", str(bundle), "--public-key", str(keys["pub"]))
    assert bad.returncode == 1 and "is not a confaudit Ed25519 signature" in bad.stderr


def test_sign_key_problems_are_usage_errors_before_any_audit(served, tmp_path, keys):
    base = [
        "audit",
        "https://insecure.example/",
        *served.cli_args(),
        "--checks",
        "headers",
        "-q",
        "--no-store",
    ]
    garbage = tmp_path / "garbage.key"
    garbage.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    for args, message in (
        (["--sign-key", str(keys["key"])], "give --evidence DIR too"),
        (["--evidence", str(tmp_path / "a"), "--sign-key", str(garbage)], "is not a PEM private key"),
        (["--evidence", str(tmp_path / "b"), "--sign-key", str(keys["pub"])], "is a public key"),
        (["--evidence", str(tmp_path / "c"), "--sign-key", str(tmp_path / "none")], "no such key file"),
    ):
        proc = run_cli(*base, *args)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr, args
    assert not any((tmp_path / d).exists() for d in "abc")
    assert served.server.sites["insecure.example"].log == []  # nothing was fetched


def test_recheck_names_each_rule_whose_verdict_changed(served, tmp_path, keys):
    run = served.audit("https://insecure.example/", checks=["headers"], browser="never")
    bundle = save_evidence(run.result, run.evidence, tmp_path / "ev", sign_key=load_private_key(keys["key"]))
    served.server.stop()

    # the stored result says a failed rule had passed: rehashed and re-signed, the bundle verifies ...
    result = json.loads((bundle / "result.json").read_text())
    headers = next(c for c in result["checks"] if c["check"] == "headers")
    flipped = next(f for f in headers["findings"] if f["status"] == "fail" and f["severity"] == "medium")
    was_score = headers["score"]
    flipped.update(status="pass", severity="info")
    headers["score"] = 100.0
    result["score"], result["grade"] = 100.0, "A+"
    (bundle / "result.json").write_text(json.dumps(result, indent=2))
    rehash(bundle)
    resign(bundle, keys["key"])
    assert run_cli("verify-evidence", str(bundle), "--public-key", str(keys["pub"])).returncode == 0

    # ... and the recheck names the rule, its old and new verdicts, and the scores that moved
    proc = run_cli("recheck", str(bundle), "--strict")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert "DIFFERENT from the audit of" in lines[0]
    assert f"  {flipped['rule']}: pass/info -> fail/medium" in lines
    assert f"  check headers: score 100 -> {was_score:g}" in lines
    assert f"  overall: score 100 -> {run.result.score:g}, grade A+ -> {run.result.grade}" in lines
    assert "findings differs" not in proc.stdout


def test_a_changed_file_is_refused_by_recheck_and_judged_differently_once_rehashed(served, tmp_path):
    run = served.audit("https://insecure.example/", checks=["headers"], browser="never")
    bundle = save_evidence(run.result, run.evidence, tmp_path / "ev")
    served.server.stop()
    assert next(f for f in run.result.findings() if f.rule == "headers/mixed-content").failed

    body = home_body(bundle)
    body.write_bytes(body.read_bytes() + b"<!-- edited -->")
    for args in ([], ["--no-verify"]):  # --no-verify skips the whole-bundle check, never the files it reads
        refused = run_cli("recheck", str(bundle), *args)
        assert refused.returncode == 1, (args, refused.stderr)
        assert f"{body.relative_to(bundle)}: modified" in refused.stderr
        assert "a modified bundle cannot be rechecked as evidence" in refused.stderr
        assert f"verify-evidence {bundle} names every file that fails" in refused.stderr
        assert "--no-verify" not in refused.stderr and "Traceback" not in refused.stderr

    # the crawl's record of the page loses its plain-HTTP script and image, and the manifest is rewritten
    crawl = json.loads((bundle / "parts/crawl.json").read_text())
    for page in crawl["pages"]:
        page["scripts"] = [s for s in page["scripts"] if not (s["src"] or "").startswith("http://")]
        page["resources"] = [r for r in page["resources"] if not r["url"].startswith("http://")]
    (bundle / "parts/crawl.json").write_text(json.dumps(crawl))
    rehash(bundle)
    again = run_cli("recheck", str(bundle))
    assert again.returncode == 0, again.stderr
    changed = [line.strip() for line in again.stdout.splitlines() if "headers/mixed-content" in line]
    assert changed == ["headers/mixed-content: fail/high -> pass/info"], again.stdout


def test_a_batch_notes_each_bundle_digest_in_its_summaries_store_and_history(serve, tmp_path, keys):
    served = serve(provider("good1.example", True), provider("leaky1.example", False))
    targets = tmp_path / "targets.txt"
    targets.write_text("https://good1.example/\nhttps://leaky1.example/\n")
    out, history = tmp_path / "out", tmp_path / "history.sqlite"
    args = batch_command(served, targets, out, "--sign-key", str(keys["key"]))
    args[args.index("--no-store")] = "--store"
    args.insert(args.index("--store") + 1, str(history))
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr

    summary = json.loads((out / "summary.json").read_text())
    rows = {r["url"]: r for r in csv.DictReader((out / "summary.csv").open(encoding="utf-8"))}
    db = sqlite3.connect(out / "results.sqlite")
    stored = dict(db.execute("SELECT key, evidence_digest FROM batch_targets"))
    audits = dict(db.execute("SELECT target_url, evidence_digest FROM audits"))
    assert len(summary["targets"]) == 2
    for target in summary["targets"]:
        bundle = out / target["evidence_dir"]
        digest = manifest_digest_of(bundle)
        assert target["evidence_digest"] == digest == rows[target["url"]]["evidence_digest"]
        assert stored[target["url"]] == digest == audits[target["url"]]
        report = json.loads((out / target["report_json"]).read_text())
        assert report["evidence"] == {"dir": target["evidence_dir"], "digest": digest}
        assert verify_bundle(bundle, expect=digest, public_key=load_public_key(keys["pub"])).ok
        with Store(history) as h:
            (row,) = h.history(target["url"])
            assert row.evidence_digest == digest
            assert h.result(row.id).evidence.dir == str(bundle.resolve())
    assert 'title="digest sha256:' in (out / "summary.html").read_text()


OLD_STORE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE audits (
    id INTEGER PRIMARY KEY, target_url TEXT NOT NULL, target_name TEXT, started TEXT NOT NULL,
    finished TEXT NOT NULL, score REAL, grade TEXT NOT NULL, error TEXT,
    critical INTEGER NOT NULL DEFAULT 0, high INTEGER NOT NULL DEFAULT 0, medium INTEGER NOT NULL DEFAULT 0,
    low INTEGER NOT NULL DEFAULT 0, info INTEGER NOT NULL DEFAULT 0, tool_version TEXT NOT NULL,
    evidence_dir TEXT, source TEXT NOT NULL DEFAULT 'audit', recorded TEXT NOT NULL, result_json TEXT NOT NULL
);
CREATE TABLE batch_targets (
    key TEXT PRIMARY KEY, url TEXT NOT NULL, name TEXT, position INTEGER NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, error TEXT, audit_id INTEGER REFERENCES audits(id), report_json TEXT,
    report_html TEXT, evidence_dir TEXT, seconds REAL, worker TEXT, updated TEXT NOT NULL
);
"""


def test_stores_written_before_digests_gain_the_column_and_keep_their_rows(served, tmp_path):
    run = served.audit("https://secure.example/", checks=["headers"], browser="never")
    old = json.dumps(
        {k: v for k, v in run.result.to_dict().items() if k != "evidence"} | {"schema_version": "1.1"}
    )
    path = tmp_path / "results.sqlite"
    db = sqlite3.connect(path)
    db.executescript(OLD_STORE)
    db.execute(
        "INSERT INTO audits (target_url, started, finished, score, grade, tool_version, recorded, result_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (run.result.target.url, "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:01+00:00", 90.0, "A", "0.1.0",
         "2026-01-01T00:00:02+00:00", old),
    )  # fmt: skip
    db.commit()
    db.close()

    with BatchStore(path) as store:  # opens, migrates; twice is harmless
        pass
    with BatchStore(path) as store:
        (row,) = store.history(run.result.target.url)
        assert row.evidence_digest is None and row.grade == "A"
        assert store.result(row.id).evidence is None
        bundle = save_evidence(run.result, run.evidence, tmp_path / "ev")
        store.record(run.result)
        assert [r.evidence_digest for r in store.history(run.result.target.url)] == [
            None, manifest_digest_of(bundle)
        ]  # fmt: skip
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    assert "evidence_digest" in {r[1] for r in db.execute("PRAGMA table_info(batch_targets)")}


def test_the_digest_is_spliced_into_the_rendered_result_only_at_the_top_level(served):
    """A batch renders each result once; the copy with the digest must equal a fresh rendering, whatever the
    site put in its own text."""
    run = served.audit("https://secure.example/", checks=["headers"], browser="never")
    result = run.result
    result.target.name = 'Posing\n  "evidence": {\n    "dir": "evidence/x",\n    "digest": null\n  }'
    result.options["evidence"] = {"dir": "evidence/x", "digest": None}
    result.evidence_dir, result.evidence = "evidence/x", EvidenceRef("evidence/x")
    before = render_json(result)
    result.evidence = EvidenceRef("evidence/x", "sha256:" + "ab" * 32)
    after = with_evidence_digest(before, result)
    assert after == render_json(result)
    doc = json.loads(after)
    assert doc["evidence"]["digest"] == "sha256:" + "ab" * 32 and doc["options"]["evidence"]["digest"] is None


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_openssl_checks_the_signature_without_confaudit(served, tmp_path, keys):
    """As docs/ci.md says: a regulator without confaudit can check a bundle's signature with OpenSSL."""
    run = served.audit("https://secure.example/", checks=["headers"], browser="never")
    bundle = save_evidence(run.result, run.evidence, tmp_path / "ev", sign_key=load_private_key(keys["key"]))
    sig = tmp_path / "sig.bin"
    sig.write_bytes(base64.b64decode(json.loads((bundle / "manifest.sig").read_text())["signature"]))

    def openssl_verify(pub: Path) -> int:
        return subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(pub), "-rawin",
             "-in", str(bundle / "manifest.json"), "-sigfile", str(sig)],
            capture_output=True,
        ).returncode  # fmt: skip

    assert openssl_verify(keys["pub"]) == 0
    assert openssl_verify(keys["other_pub"]) != 0
