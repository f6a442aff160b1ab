"""A throwaway certificate authority for loopback sites, made fresh at each start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass
class LocalCA:
    ca_file: Path
    cert_file: Path
    key_file: Path


def make_ca(directory: Path, hostnames: list[str]) -> LocalCA:
    """Write a CA certificate and one server certificate naming every host to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="confaudit loopback CA")
    leaf = ca.issue_cert(*hostnames)
    out = LocalCA(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    ca.cert_pem.write_to_path(str(out.ca_file))
    leaf.private_key_pem.write_to_path(str(out.key_file))
    leaf.cert_chain_pems[0].write_to_path(str(out.cert_file))
    with open(out.cert_file, "ab") as fh:
        for pem in leaf.cert_chain_pems[1:]:
            fh.write(pem.bytes())
    return out
