"""Evidence bundles: what an audit observed, written as files a regulator can keep, check and re-judge.

A bundle is a folder: every HTTP response's headers and body as fetched (``responses/``, named by a hash of
the URL, with ``responses/index.json``), each probe's evidence as JSON (``parts/<probe>.json``: the sslyze
result, DNS answers, the browser's log) with any bytes in it (screenshots, say) moved into files of their
own, a HAR derived from the browser's request log, the extracted policy text when a check provides it,
the original result (``result.json``) and ``manifest.json``, which lists every file with its SHA-256, size
and fetch time (UTC) beside the tool, data, probe and check versions and the options used.

The bundle's digest is ``sha256:<hex>`` of ``manifest.json``'s bytes: since the manifest pins every file,
the digest pins the whole bundle. It is noted outside the bundle (the result JSON, a batch's summaries and
store, the history), because a bundle rewritten files and manifest together still verifies on its own;
``verify-evidence --expect`` compares with the noted digest. An optional Ed25519 signature over the same
bytes (``manifest.sig``, see ``signing``) says who wrote the bundle.

The evidence is written with the same type-directed JSON as ``confaudit.model.serde``, except that bytes become
``{"$file": path, "sha256": digest}`` references (dict keys that start with ``$`` are escaped as ``$$`` so a
site's own data can never pose as a reference), so reading a bundle back gives evidence equal to what the
checks saw: ``recheck`` judges it offline and must reach the same findings.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import functools
import hashlib
import json
import mimetypes
import os
import platform
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from confaudit import __version__
from confaudit.knowledge import Knowledge
from confaudit.model import (
    AuditResult,
    CheckResult,
    Evidence,
    EvidenceRef,
    HttpExchange,
    Page,
    Target,
    utcnow,
)
from confaudit.model.options import UsageError
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.storage.signing import SIGNATURE, SignatureCheck, check_signature, sign_manifest

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "confaudit-evidence"
FORMAT_VERSION = "1.0"
MANIFEST = "manifest.json"
REF = "$file"
TIME_FIELDS = ("fetched_at", "scanned_at", "started")
URL_FIELDS = ("url", "page_url")
MIME_FIELDS = ("mime", "content_type", "media_type")
POLICY_TEXT_KEYS = ("policy_text", "extracted_text", "text")
PACKAGES = ("sslyze", "httpx", "playwright", "publicsuffixlist", "adblock")


@dataclass
class BundleFile:
    """One file of a bundle, held in memory until written (a Dask worker ships these to the client)."""

    path: str
    kind: str
    data: bytes = field(repr=False)
    fetched_at: datetime | None = None
    url: str | None = None
    media_type: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Bundle:
    files: list[BundleFile]
    manifest: dict[str, Any]

    @property
    def manifest_bytes(self) -> bytes:
        """``manifest.json`` exactly as written (the digest and any signature are over these bytes)."""
        return _json(self.manifest)

    @property
    def digest(self) -> str:
        return manifest_digest(self.manifest_bytes)

    def write(self, directory: str | Path, sign_key: Ed25519PrivateKey | None = None) -> Path:
        return write_bundle(self, directory, sign_key=sign_key)


@dataclass
class _Where:
    """Where the walk is in an evidence part: the nearest time, URL and media type above a value."""

    probe: str
    name: str
    fetched_at: datetime | None
    url: str | None = None
    mime: str | None = None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _esc(key: str) -> str:
    return "$" + key if key.startswith("$") else key


def _unesc(key: str) -> str:
    return key[1:] if key.startswith("$$") else key


def _ext(data: bytes, mime: str | None) -> str:
    if mime:
        guessed = mimetypes.guess_extension(mime.split(";")[0].strip())
        if guessed:
            return guessed
    for magic, ext in (
        (b"\x89PNG", ".png"),
        (b"\xff\xd8\xff", ".jpg"),
        (b"%PDF-", ".pdf"),
        (b"GIF8", ".gif"),
    ):
        if data.startswith(magic):
            return ext
    return ".bin"


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in text)[:40] or "x"


class _Writer:
    """Walks evidence parts like ``serde.to_jsonable`` but moves bytes into files of their own."""

    def __init__(self, default_time: datetime | None) -> None:
        self.files: dict[str, BundleFile] = {}
        self.responses: list[dict[str, Any]] = []
        self._seen: dict[tuple[Any, ...], dict[str, str]] = {}
        self.default_time = default_time

    def add(self, f: BundleFile) -> dict[str, str]:
        if f.path in self.files and self.files[f.path].data != f.data:
            stem, dot, ext = f.path.rpartition(".")
            n = 2
            while f"{stem}-{n}{dot}{ext}" in self.files:
                n += 1
            f.path = f"{stem}-{n}{dot}{ext}"
        self.files.setdefault(f.path, f)
        return {REF: f.path, "sha256": f.sha256}

    def dump(self, value: Any, where: _Where) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if isinstance(value, HttpExchange):
                return self._exchange(value, where)
            where = self._narrow(value, where)
            return {
                f.name: self.dump(getattr(value, f.name), dataclasses.replace(where, name=f.name))
                for f in dataclasses.fields(value)
                if f.metadata.get("json", True)
            }
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, bytes):
            return self._blob(value, where)
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, dict):
            return {_esc(str(k)): self.dump(v, where) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.dump(v, where) for v in value]
        return value

    def _narrow(self, value: Any, where: _Where) -> _Where:
        found = {}
        for key, names in (("fetched_at", TIME_FIELDS), ("url", URL_FIELDS), ("mime", MIME_FIELDS)):
            for name in names:
                v = getattr(value, name, None)
                if isinstance(v, datetime if key == "fetched_at" else str) and v:
                    found[key] = v
                    break
        return dataclasses.replace(where, **found) if found else where

    def _blob(self, data: bytes, where: _Where) -> Any:
        if not data:
            return ""
        path = f"parts/{_safe(where.probe)}/{_safe(where.name)}-{_sha(data)[:16]}{_ext(data, where.mime)}"
        kind = "screenshot" if where.name == "data" and (where.mime or "").startswith("image/") else "blob"
        return self.add(
            BundleFile(path, kind, data, where.fetched_at or self.default_time, where.url, where.mime)
        )

    def _exchange(self, ex: HttpExchange, where: _Where) -> dict[str, Any]:
        """The exchange as JSON with its body in ``responses/``, plus a readable header file."""
        doc = to_jsonable(dataclasses.replace(ex, body=b""))
        if ex.status is None and not ex.body:
            return doc
        key = (ex.url, ex.final_url, ex.status, tuple(map(tuple, ex.headers)), _sha(ex.body), ex.fetched_at)
        refs = self._seen.get(key)
        if refs is None:
            stem = "responses/" + hashlib.sha256(ex.url.encode()).hexdigest()[:20]
            n = 1
            while f"{stem}.headers.txt" in self.files:
                n += 1
                stem = f"{stem.split('~')[0]}~{n}"
            head = [f"# url: {ex.url}", f"# final-url: {ex.final_url or ex.url}", f"# status: {ex.status}"]
            head += [f"# redirect: {h.status} {h.url} -> {h.location}" for h in ex.redirects]
            head.append(f"# fetched-at: {ex.fetched_at.isoformat() if ex.fetched_at else 'unknown'}")
            head += [f"{k}: {v}" for k, v in ex.headers]
            when = ex.fetched_at or where.fetched_at or self.default_time
            hfile = BundleFile(
                f"{stem}.headers.txt",
                "response-headers",
                ("\n".join(head) + "\n").encode(),
                when,
                ex.url,
                "text/plain",
            )
            bfile = BundleFile(f"{stem}.body", "response-body", ex.body, when, ex.url, ex.content_type)
            refs = {"headers": self.add(hfile)[REF], "body": self.add(bfile)[REF]}
            self._seen[key] = refs
            self.responses.append(
                {
                    "url": ex.url,
                    "final_url": ex.final_url,
                    "status": ex.status,
                    "content_type": ex.content_type,
                    "fetched_at": ex.fetched_at.isoformat() if ex.fetched_at else None,
                    "body_sha256": _sha(ex.body),
                    "body_size": len(ex.body),
                    "truncated": ex.truncated,
                    "error": ex.error or ex.tls_error,
                    "probe": where.probe,
                    **refs,
                }
            )
        doc["body"] = {REF: refs["body"], "sha256": _sha(ex.body)}
        return doc


def _har(part: Any, default_time: datetime | None) -> dict[str, Any] | None:
    """A HAR 1.2 log derived from a browser part's request log (the browser evidence keeps no HAR itself)."""
    requests = getattr(part, "requests", None)
    if not getattr(part, "ran", True) or not isinstance(requests, list) or not requests:
        return None
    started = getattr(part, "started", None) or default_time or utcnow()
    pages = [getattr(p, "url", "") for p in getattr(part, "pages", [])]
    entries = []
    for r in requests:
        url = getattr(r, "url", None)
        if not isinstance(url, str):
            continue
        request: dict[str, Any] = {
            "method": getattr(r, "method", "GET"),
            "url": url,
            "httpVersion": "",
            "headers": [{"name": k, "value": v} for k, v in getattr(r, "headers", [])],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": -1,
        }
        if getattr(r, "post_body", None):
            request["postData"] = {"mimeType": "", "text": r.post_body}
        page_url = getattr(r, "page_url", None)
        entries.append(
            {
                "pageref": f"page_{pages.index(page_url)}" if page_url in pages else None,
                "startedDateTime": started.isoformat(),
                "time": 0,
                "request": request,
                "response": {
                    "status": getattr(r, "status", None) or 0,
                    "statusText": getattr(r, "failure", None) or "",
                    "httpVersion": "",
                    "headers": [],
                    "cookies": [],
                    "content": {"size": -1, "mimeType": ""},
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": -1,
                },
                "cache": {},
                "timings": {"send": 0, "wait": 0, "receive": 0},
                "_resourceType": getattr(r, "resource_type", None),
                "_phase": getattr(r, "phase", None),
                "_initiator": getattr(r, "initiator", None),
            }
        )
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "confaudit", "version": __version__},
            "browser": {"name": getattr(part, "browser", None) or "Chromium", "version": ""},
            "pages": [
                {"id": f"page_{i}", "title": u, "startedDateTime": started.isoformat(), "pageTimings": {}}
                for i, u in enumerate(pages)
            ],
            "entries": entries,
            "comment": "derived by confaudit from the browser probe's request log; timings are not recorded",
        }
    }


def _policy_texts(checks: list[CheckResult]) -> list[tuple[str, str]]:
    """Extracted policy text a check put in its data, under any of a few conventional keys."""
    out = []
    for c in checks:
        for key in POLICY_TEXT_KEYS:
            value = c.data.get(key) if isinstance(c.data, dict) else None
            if isinstance(value, str) and value.strip():
                out.append((c.check, value))
                break
            if isinstance(value, list):
                texts = [v.get("text") if isinstance(v, dict) else v for v in value]
                joined = "\n\n".join(t for t in texts if isinstance(t, str) and t.strip())
                if joined:
                    out.append((c.check, joined))
                    break
    return out


def _crawled_policy_texts(evidence: Evidence) -> list[tuple[Page, str]]:
    """The text of each policy page the crawl fetched, as the checks read it (for people; the recheck judges
    the response bodies themselves). Shared with the checks' reading, so nothing is extracted twice."""
    crawl = evidence.crawl
    if crawl is None:
        return []
    try:
        from confaudit.analysis.notice import policy_texts

        items = policy_texts(evidence)
    except Exception:  # best effort: the bundle keeps the response bodies whatever happens here
        return []
    out = []
    for item in items:
        text = item.document.text.strip() if item.document is not None else ""
        if text:
            out.append((item.page, text + "\n"))
    return out


def _package_versions() -> dict[str, str]:
    return dict(_installed_versions())


@functools.cache
def _installed_versions() -> dict[str, str]:
    """Read once per process: the metadata lookups cost a batch ~1 ms per target otherwise."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def _data_versions(knowledge: Knowledge | None, evidence: Evidence) -> dict[str, Any]:
    versions: dict[str, Any] = {}
    knowledge = knowledge or Knowledge()
    try:
        versions.update(knowledge.versions)
    except Exception as exc:  # a missing data file must not stop the bundle
        versions["error"] = f"{type(exc).__name__}: {exc}"
    table = knowledge.__dict__.get("trackers")  # only if the audit loaded it; never load it just for this
    table_versions = getattr(table, "versions", None)
    if isinstance(table_versions, dict):
        versions["trackers"] = table_versions
    browser = evidence.parts.get("browser")
    if getattr(browser, "browser", None):
        versions["browser"] = browser.browser
    return versions


def _type_name(tp: Any) -> str | None:
    return f"{tp.__module__}:{tp.__qualname__}" if isinstance(tp, type) else None


def build_bundle(
    result: AuditResult,
    evidence: Evidence,
    *,
    knowledge: Knowledge | None = None,
    result_json: str | None = None,
) -> Bundle:
    """Everything one audit observed, as files and a manifest, in memory (nothing is written yet).

    ``result_json`` is the result as already rendered (a batch writes the same text to its report and store).
    """
    when = result.started
    w = _Writer(when)
    parts_index: dict[str, Any] = {}
    for name, part in evidence.parts.items():
        doc = w.dump(part, _Where(name, "part", when))
        path = f"parts/{_safe(name)}.json"
        data = (json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n").encode()
        part_time = w._narrow(part, _Where(name, "part", when)).fetched_at
        w.add(BundleFile(path, "probe-evidence", data, part_time, evidence.target.url, "application/json"))
        parts_index[name] = {"file": path, "type": _type_name(type(part) if dataclasses.is_dataclass(part) else None)}
        har = _har(part, when) if name == "browser" else None
        if har is not None:
            har_bytes = json.dumps(har, indent=1, ensure_ascii=False).encode()
            w.add(
                BundleFile(f"parts/{_safe(name)}.har", "har", har_bytes, part_time, None, "application/json")
            )
    w.add(
        BundleFile(
            "responses/index.json",
            "response-index",
            (json.dumps(w.responses, indent=1, ensure_ascii=False) + "\n").encode(),
            when,
            None,
            "application/json",
        )
    )
    ev_doc = {
        "target": to_jsonable(evidence.target),
        "errors": dict(evidence.errors),
        "parts": parts_index,
    }
    w.add(BundleFile("evidence.json", "evidence-index", _json(ev_doc), when, None, "application/json"))
    texts = _policy_texts(result.checks)
    for check_id, text in texts:
        name = f"policy/{_safe(check_id)}-text.txt"
        w.add(BundleFile(name, "policy-text", text.encode(), when, None, "text/plain"))
    if not texts:
        for page, text in _crawled_policy_texts(evidence):
            name = f"policy/{hashlib.sha256(page.url.encode()).hexdigest()[:20]}.txt"
            fetched = page.exchange.fetched_at or when
            w.add(BundleFile(name, "policy-text", text.encode(), fetched, page.url, "text/plain"))
    lists = []
    for i, src in enumerate(result.options.get("tracker_lists") or []):
        try:
            data = Path(src).read_bytes()
        except OSError:
            continue
        path = f"knowledge/tracker-list-{i}-{_safe(Path(src).name)}"
        w.add(BundleFile(path, "tracker-list", data, when, None, "text/plain"))
        lists.append({"source": src, "file": path})
    w.add(
        BundleFile(
            "result.json",
            "result",
            result_json.encode() if result_json is not None else _json(result.to_dict()),
            result.finished,
            None,
            "application/json",
        )
    )
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": utcnow().isoformat(),
        "target": to_jsonable(result.target),
        "audit": {
            "started": result.started.isoformat(),
            "finished": result.finished.isoformat(),
            "score": result.score,
            "grade": result.grade,
            "error": result.error,
        },
        "tool": {
            "name": "confaudit",
            "version": __version__,
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "packages": _package_versions(),
        },
        "data_versions": _data_versions(knowledge, evidence),
        "options": result.options,
        "tracker_lists": lists,
        "probes": [
            {
                "name": p.name,
                "version": p.version,
                "status": p.status.value,
                "error": p.error,
                "evidence_type": parts_index.get(p.name, {}).get("type"),
            }
            for p in result.probes
        ],
        "checks": [{"id": c.check, "version": c.version, "status": c.status.value} for c in result.checks],
        "plugins": result.plugins,
        "files": [
            {
                "path": f.path,
                "sha256": f.sha256,
                "size": len(f.data),
                "kind": f.kind,
                "fetched_at": f.fetched_at.isoformat() if f.fetched_at else None,
                "url": f.url,
                "media_type": f.media_type,
            }
            for f in w.files.values()
        ],
    }
    manifest["bundle_sha256"] = bundle_digest(manifest["files"])
    return Bundle(list(w.files.values()), manifest)


def _json(doc: Any) -> bytes:
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode()


def bundle_digest(files: list[dict[str, Any]]) -> str:
    """The manifest's own check on its file list (``bundle_sha256``); the bundle's digest is ``manifest_digest``."""
    lines = sorted(f"{f['path']}\0{f['sha256']}" for f in files)
    return _sha("\n".join(lines).encode())


def manifest_digest(manifest: bytes) -> str:
    """The bundle's digest: ``sha256:<hex>`` of the manifest file's bytes, which list every file's SHA-256."""
    return "sha256:" + _sha(manifest)


def parse_digest(text: str) -> str:
    """A digest as given on a command line (``sha256:<hex>``, or the bare hex), normalised; else a usage error."""
    value = text.strip().lower()
    hexpart = value.removeprefix("sha256:")
    if len(hexpart) != 64 or any(c not in "0123456789abcdef" for c in hexpart):
        raise UsageError(f"{text!r} is not a bundle digest (sha256: and 64 hex digits)")
    return "sha256:" + hexpart


def write_bundle(
    bundle: Bundle, directory: str | Path, *, sign_key: Ed25519PrivateKey | None = None
) -> Path:
    """Write beside the destination, then swap in, so a killed run never leaves half a bundle.

    An earlier bundle in the same folder is replaced; a folder holding anything else is refused. With
    ``sign_key`` the manifest's signature is written too (``manifest.sig``), inside the same swap.
    """
    directory = Path(directory)
    if directory.exists():
        if not directory.is_dir():
            raise UsageError(f"--evidence {directory} is a file, not a folder")
        if any(directory.iterdir()) and not (directory / MANIFEST).is_file():
            raise UsageError(f"--evidence {directory} already holds files that are not an evidence bundle")
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = directory.parent / f".{directory.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        for f in bundle.files:
            target = tmp / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.data)
        manifest = bundle.manifest_bytes
        (tmp / MANIFEST).write_bytes(manifest)
        if sign_key is not None:
            (tmp / SIGNATURE).write_bytes(sign_manifest(manifest, sign_key))
        if directory.exists():
            old = directory.parent / f".{directory.name}.old-{uuid.uuid4().hex[:8]}"
            directory.rename(old)
            tmp.rename(directory)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return directory


def save_evidence(
    result: AuditResult,
    evidence: Evidence,
    directory: str | Path,
    *,
    knowledge: Knowledge | None = None,
    sign_key: Ed25519PrivateKey | None = None,
) -> Path:
    """Write the bundle and point the result at it, digest included (the result inside names the folder only)."""
    result.evidence_dir = str(directory)
    result.evidence = EvidenceRef(str(directory))
    bundle = build_bundle(result, evidence, knowledge=knowledge)
    path = write_bundle(bundle, directory, sign_key=sign_key)
    result.evidence = EvidenceRef(str(directory), bundle.digest)
    return path


# --- reading back --------------------------------------------------------------------------------


@dataclass
class Verification:
    """What ``verify_bundle`` found: each problem as (file, what is wrong), the digest, the signature."""

    directory: Path
    checked: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    digest: str | None = None
    expected: str | None = None  # the digest it was compared with, if any
    signature: SignatureCheck | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _safe_member(root: Path, rel: str) -> Path | None:
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or not rel or "\\" in rel:
        return None
    return root / Path(*p.parts)


def read_manifest(directory: str | Path) -> dict[str, Any]:
    return _read_manifest(Path(directory))[0]


def _read_manifest(directory: Path) -> tuple[dict[str, Any], bytes]:
    """The manifest and its bytes, read once (the digest and signature are checked on what was parsed)."""
    path = directory / MANIFEST
    try:
        raw = path.read_bytes()
        manifest = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{directory} is not an evidence bundle (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path} cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise UsageError(f"{path} is not a confaudit evidence manifest")
    major = str(manifest.get("format_version", "")).split(".")[0]
    if major != FORMAT_VERSION.split(".")[0]:
        raise UsageError(f"{path}: unsupported bundle format {manifest.get('format_version')!r}")
    return manifest, raw


def verify_bundle(
    directory: str | Path, *, expect: str | None = None, public_key: Ed25519PublicKey | None = None
) -> Verification:
    """Check every listed file against its SHA-256, and name files that are missing or not listed.

    That only shows the bundle agrees with itself. ``expect`` (a digest noted at audit time) and
    ``public_key`` (the signer's) show it is the bundle that was written: each mismatch is one more problem.
    """
    directory = Path(directory)
    manifest, raw = _read_manifest(directory)
    report = Verification(directory, digest=manifest_digest(raw))
    listed: set[str] = set()
    for entry in manifest.get("files", []):
        rel = str(entry.get("path", ""))
        listed.add(rel)
        path = _safe_member(directory, rel)
        if path is None:
            report.problems.append((rel, "unsafe path in the manifest"))
            continue
        if not path.is_file():
            report.problems.append((rel, "missing"))
            continue
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        report.checked += 1
        if digest.hexdigest() != entry.get("sha256"):
            report.problems.append(
                (rel, f"modified: sha256 {digest.hexdigest()}, manifest says {entry.get('sha256')}")
            )
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).as_posix()
        if path.is_file() and rel not in (MANIFEST, SIGNATURE) and rel not in listed:
            report.problems.append((rel, "not listed in the manifest"))
    if manifest.get("bundle_sha256") not in (None, bundle_digest(manifest.get("files", []))):
        report.problems.append((MANIFEST, "the file list does not match the manifest's bundle_sha256"))
    if expect is not None:
        report.expected = parse_digest(expect)
        if report.digest != report.expected:
            report.problems.append(
                (MANIFEST, f"the bundle's digest is {report.digest}, not the expected {report.expected}")
            )
    report.signature = check_signature(directory, raw, public_key)
    if report.signature.problem:
        report.problems.append((SIGNATURE, report.signature.problem))
    return report


class EvidenceModified(Exception):
    """A file the evidence is rebuilt from does not match its SHA-256 in the manifest (or is missing)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def _read_listed(directory: Path, rel: str, listed: dict[str, str]) -> bytes:
    """A file's bytes, only if the manifest lists it and they still match its SHA-256."""
    path = _safe_member(directory, rel)
    if path is None or rel not in listed:
        raise UsageError(f"evidence refers to {rel!r}, which the manifest does not list")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EvidenceModified(rel, "missing") from None
    except OSError as exc:
        raise UsageError(f"{directory}/{rel} cannot be read: {exc.strerror}") from None
    if _sha(data) != listed[rel]:
        raise EvidenceModified(rel, f"modified: sha256 {_sha(data)}, manifest says {listed[rel]}")
    return data


def _inline(value: Any, directory: Path, listed: dict[str, str]) -> Any:
    """Replace file references with the base64 text ``serde.from_jsonable`` expects for bytes."""
    if isinstance(value, dict):
        if REF in value:
            data = _read_listed(directory, str(value[REF]), listed)
            return base64.b64encode(data).decode("ascii")
        return {_unesc(k): _inline(v, directory, listed) for k, v in value.items()}
    if isinstance(value, list):
        return [_inline(v, directory, listed) for v in value]
    return value


@dataclass
class SavedAudit:
    directory: Path
    manifest: dict[str, Any]
    evidence: Evidence
    result: AuditResult
    digest: str  # of the manifest read


def load_bundle(directory: str | Path, evidence_types: Mapping[str, type | None]) -> SavedAudit:
    """Rebuild the evidence as the checks first saw it, each part as its probe's evidence type.

    Every file read is checked against its SHA-256 in the manifest (``EvidenceModified`` otherwise), so
    what is judged is what the manifest pins, whether or not the whole bundle was verified first.
    """
    directory = Path(directory)
    manifest, raw = _read_manifest(directory)
    listed = {str(f["path"]): str(f["sha256"]) for f in manifest.get("files", [])}

    def read_json(rel: str) -> Any:
        data = _read_listed(directory, rel, listed)
        try:
            return json.loads(data.decode("utf-8"))
        except ValueError as exc:
            raise UsageError(f"{directory}/{rel} cannot be read: {exc}") from None

    index = read_json("evidence.json")
    evidence = Evidence(target=from_jsonable(Target, index["target"]), errors=dict(index.get("errors", {})))
    for name, info in index.get("parts", {}).items():
        data = _inline(read_json(info["file"]), directory, listed)
        tp = evidence_types.get(name)
        evidence.parts[name] = from_jsonable(tp, data) if tp is not None else data
    try:
        result = AuditResult.from_dict(read_json("result.json"))
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{directory}/result.json is not a confaudit result: {exc}") from None
    return SavedAudit(directory, manifest, evidence, result, manifest_digest(raw))
