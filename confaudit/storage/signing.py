"""Ed25519 signatures over evidence manifests: who vouches for a bundle, checkable by a regulator.

A digest noted in a report says which bundle an audit wrote; a signature says who wrote it, so a bundle
rewritten later (files and manifest together) fails even where nobody kept the digest. The signature is
over the exact bytes of ``manifest.json`` (which lists every file's SHA-256), kept beside it in
``manifest.sig`` (JSON: the signature in base64 and the signing key's fingerprint), a file no manifest lists
since it is made after the manifest. Ed25519 because it has no parameters to get wrong, small keys and
deterministic signatures; ``openssl pkeyutl -verify -rawin`` checks the same signature without confaudit.

A key's fingerprint is ``sha256:<hex>`` of its 32 raw public-key bytes. Key files are PEM: PKCS#8 for the
private key (unencrypted, mode 0600), SubjectPublicKeyInfo for the public one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confaudit.model import utcnow
from confaudit.model.options import UsageError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE = "manifest.sig"
SIG_FORMAT = "confaudit-evidence-signature"
SIG_VERSION = "1"
ALGORITHM = "ed25519"


def fingerprint(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """``sha256:<hex>`` of the raw public key: what a regulator compares with the provider's published one."""
    from cryptography.hazmat.primitives import serialization

    public = key.public_key() if hasattr(key, "public_key") else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def generate_keypair(path: str | Path) -> tuple[Path, Path, str]:
    """Write a new private key to ``path`` (0600) and its public key to ``path.pub``; never overwrite."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private_path = Path(path)
    public_path = private_path.with_name(private_path.name + ".pub")
    for p in (private_path, public_path):
        if p.exists():
            raise UsageError(f"{p} already exists; keygen never overwrites a key")
    if not private_path.parent.is_dir():
        raise UsageError(f"{private_path.parent} is not a folder")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, private_pem)
    finally:
        os.close(fd)
    public_path.write_bytes(public_pem)
    return private_path, public_path, fingerprint(key)


def _read_key_file(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such key file") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a key file") from None
    except OSError as exc:
        raise UsageError(f"{path} cannot be read: {exc.strerror}") from None


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    """The signing key, or a one-line usage error saying what is wrong with the file."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data = _read_key_file(path)
    if b"PUBLIC KEY-----" in data and b"PRIVATE KEY-----" not in data:
        raise UsageError(f"{path} is a public key; signing needs the private key (made by confaudit keygen)")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise UsageError(
            f"{path} is encrypted; confaudit signs with an unencrypted key file (mode 0600)"
        ) from None
    except (ValueError, binascii.Error, UnicodeError):
        raise UsageError(f"{path} is not a PEM private key (make one with: confaudit keygen PATH)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(
            f"{path} holds a {_kind(key)} key; evidence is signed with Ed25519 (confaudit keygen)"
        )
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """The key a bundle's signature is checked against, or a one-line usage error."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    data = _read_key_file(path)
    if b"PRIVATE KEY-----" in data:
        raise UsageError(f"{path} is a private key; give its public key (the .pub file keygen wrote)")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, binascii.Error, UnicodeError):
        raise UsageError(
            f"{path} is not a PEM public key (keygen writes one beside the private key)"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(
            f"{path} holds a {_kind(key)} key; evidence is signed with Ed25519 (confaudit keygen)"
        )
    return key


def _kind(key: Any) -> str:
    return type(key).__name__.removeprefix("_").replace("PrivateKey", "").replace("PublicKey", "") or "other"


def sign_manifest(manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    """The contents of ``manifest.sig`` for these exact manifest bytes."""
    doc = {
        "format": SIG_FORMAT,
        "version": SIG_VERSION,
        "algorithm": ALGORITHM,
        "signed_file": "manifest.json",
        "manifest_digest": "sha256:" + hashlib.sha256(manifest).hexdigest(),
        "key_fingerprint": fingerprint(key),
        "signed_at": utcnow().isoformat(),
        "signature": base64.b64encode(key.sign(manifest)).decode("ascii"),
    }
    return (json.dumps(doc, indent=1) + "\n").encode()


@dataclass
class SignatureCheck:
    """What a bundle's signature says: ``problem`` is None when it holds for the key it was checked with."""

    present: bool
    key_fingerprint: str | None = None
    problem: str | None = None


def read_signature(directory: Path) -> dict[str, Any] | None:
    """The bundle's signature document, None when there is none; a malformed one is a problem, not an error."""
    path = directory / SIGNATURE
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def check_signature(directory: Path, manifest: bytes, key: Ed25519PublicKey | None) -> SignatureCheck:
    """Check ``manifest.sig`` against the manifest bytes and, when given, the expected public key.

    Without a key only the signature's presence and claimed signer are reported: anyone can sign with a key
    of their own, so a signature means something only when checked against a key known beforehand.
    """
    from cryptography.exceptions import InvalidSignature

    doc = read_signature(directory)
    if doc is None:
        problem = f"no signature ({SIGNATURE}), but a public key was given to check it" if key else None
        return SignatureCheck(False, None, problem)
    claimed = doc.get("key_fingerprint") if isinstance(doc.get("key_fingerprint"), str) else None
    if doc.get("format") != SIG_FORMAT or doc.get("algorithm") != ALGORITHM or not claimed:
        return SignatureCheck(True, claimed, f"{SIGNATURE} is not a confaudit Ed25519 signature")
    if key is None:
        return SignatureCheck(True, claimed)
    expected = fingerprint(key)
    if claimed != expected:
        return SignatureCheck(True, claimed, f"{SIGNATURE} names key {claimed}, not the given key {expected}")
    digest = "sha256:" + hashlib.sha256(manifest).hexdigest()
    signed = doc.get("manifest_digest")
    if signed != digest:
        return SignatureCheck(
            True, claimed, f"manifest.json was changed after it was signed (signed {signed}, now {digest})"
        )
    try:
        key.verify(base64.b64decode(str(doc.get("signature", "")), validate=True), manifest)
    except (InvalidSignature, binascii.Error, ValueError):
        return SignatureCheck(True, claimed, f"the signature in {SIGNATURE} is not valid for manifest.json")
    return SignatureCheck(True, claimed)
