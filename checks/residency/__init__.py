"""The residency check: does what was observed agree with where the notice says clients' data is kept?

Each claim the notice makes (``data_residency_claim``: a claimed place and scope; ``international_transfers``:
destinations and safeguards) is held against the observations: the third parties that receive data and the
company behind each (home country from the trackers knowledge), forms that post to other companies, the
site's own addresses (DNS probe, placed by an offline database, dated), CDN edges, storage-region clues and
mail handling. One verdict per claim:

- contradicted: data was seen flowing to a named company based outside the claimed place (a US advertiser's
  pixel under "stored only in the UK");
- inconsistent: evidence points elsewhere but could be explained (a CDN edge, a server registered abroad, a
  mail provider that offers regional storage, a font or library host);
- consistent: something observable agrees (an origin address or a storage-region header inside the place) and
  nothing points elsewhere. Never "verified": storage behind a server cannot be seen from outside;
- unverifiable: nothing observable bears on it (loopback or private addresses, only edges, no DNS).

Every verdict lists its evidence and the dates of the databases that placed the addresses.

``check`` holds the metadata, the reading (each claim judged once) and the result's data; ``rules`` one
function per verdict (imported here so they register, in declaration order); ``claims`` what the notice
claims, ``observations`` what was seen, ``verdicts`` one claim held against them. The entry point
``confaudit_checks.residency:CHECK`` names the one ``Check``.
"""

from __future__ import annotations

from confaudit_checks.residency import rules as rules  # registers the rule functions on CHECK
from confaudit_checks.residency.check import CHECK

__all__ = ["CHECK"]
