"""The one guarded network client of an audit: address guard, resolver, TLS contexts, HTTP client.

``import httpx`` also imports ``httpx._main``, the ``httpx`` command-line client, whenever click, rich and
pygments happen to be installed (typer and dask bring them): about 0.15 s of CPU in every process that
audits, for a command confaudit never runs. Until ``client`` has imported httpx, ``httpx._main`` is marked
absent in ``sys.modules`` (the import system's own way to say "no such module"); httpx then defines its
placeholder ``httpx.main`` instead, as it does when its ``[cli]`` extra is not installed.
"""

import sys

if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]
