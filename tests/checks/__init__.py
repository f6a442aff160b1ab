"""Check tests: each check's judges on recorded evidence (``tests/evidence``) or evidence built in the
test; no server, no network, milliseconds each."""
